/**
 * docs/deploy.md, generated so the settings reference can never drift from
 * the contract: the table and per-setting sections come from SETTINGS, the
 * ids from identity.ts, the file names from the generators' output paths.
 */
import {
  CHROME_EXTENSION_ID,
  FIREFOX_INSTALL_URL,
  GECKO_ID,
  NESTED_DESCRIPTIONS,
  SETTINGS,
  SETTING_KEYS,
  TARGETS,
  admxKind,
  exampleCustomToolHosts,
  typeLabel,
  type SettingKey,
} from './model';

const code = (v: unknown) => `\`${JSON.stringify(v)}\``;
/** Table cells must not contain raw pipes. */
const cell = (s: string) => s.replace(/\|/g, '\\|');

function settingSection(key: SettingKey): string {
  const def = SETTINGS[key];
  const lines = [
    `### \`${key}\``,
    '',
    `**${def.title}.** ${def.description}`,
    '',
    `- Type: ${typeLabel(key)}`,
    `- Default: ${code(def.default)}`,
    `- The person may change it when policy does not set it: ${def.userSettable ? 'yes' : 'no'}`,
  ];
  if ('secret' in def && def.secret) lines.push('- Secret: shown masked in the options page and at chrome://policy');
  if (admxKind(key) === 'json') lines.push('- In the ADMX: a text box taking the value as JSON on one line');
  // Direct fields of a list of objects (customTools[].id, …), not deeper paths.
  const prefix = `${key}[].`;
  const fields = Object.entries(NESTED_DESCRIPTIONS)
    .filter(([path]) => path.startsWith(prefix) && /^\w+$/.test(path.slice(prefix.length)))
    .map(([path, text]) => `  - \`${path.slice(prefix.length)}\`: ${text}`);
  if (fields.length) lines.push('- Fields:', ...fields);
  lines.push('', 'Example:', '', '```json', JSON.stringify({ [key]: def.example }, null, 2), '```', '');
  return lines.join('\n');
}

export function deployDoc(): string {
  const c = TARGETS.chrome;
  const e = TARGETS.edge;
  const table = [
    '| Setting | Type | Default | Person may set | Description |',
    '|---|---|---|---|---|',
    ...SETTING_KEYS.map((k) => {
      const d = SETTINGS[k];
      return `| [\`${k}\`](#${k.toLowerCase()}) | ${cell(typeLabel(k))} | ${cell(code(d.default))} | ${d.userSettable ? 'yes' : 'no'} | ${cell(d.description)} |`;
    }),
  ].join('\n');

  return `<!-- Generated from src/contract/config.ts by \`npx jiti src/deploy/write.ts\`. Do not edit by hand. -->

# Deploying Leadline with managed policy

Leadline reads its configuration from the browser's managed storage, which IT
fills through policy: Group Policy or Intune on Windows, a configuration profile
on macOS, JSON files on Linux, and \`policies.json\` for Firefox. Every template
below sets every setting to its example value; change the values, delete the
settings you do not need, and deploy.

## Extension ids

| Browser | Id |
|---|---|
| Chrome, Edge, Chromium (self-hosted or unpacked build) | \`${CHROME_EXTENSION_ID}\` |
| Firefox | \`${GECKO_ID}\` |

The Chrome/Edge id is fixed by the public \`key\` in the manifest. A build
published through the Chrome Web Store or Edge Add-ons gets the store's id
instead: use that id in every path and file below.

## Force install

### Chrome and Edge

Either policy is enough; \`ExtensionSettings\` wins where both are set.

- \`ExtensionInstallForcelist\`: one entry \`${CHROME_EXTENSION_ID};<update URL>\`.
- \`ExtensionSettings\`:

\`\`\`json
{
  "${CHROME_EXTENSION_ID}": {
    "installation_mode": "force_installed",
    "update_url": "${c.updateUrl}",
    "runtime_allowed_hosts": ${JSON.stringify(exampleCustomToolHosts())}
  }
}
\`\`\`

The update URL is your self-hosted update manifest (${c.updateUrl} and
${e.updateUrl} are placeholders). For store builds use
\`https://clients2.google.com/service/update2/crx\` (Chrome Web Store) or
\`https://edge.microsoft.com/extensionwebstorebase/v1/crx\` (Edge Add-ons).
Chrome and Edge on Windows and macOS force-install self-hosted extensions only
on managed (domain-joined or MDM-enrolled) machines.

Do not list the AI tools' sites in \`runtime_blocked_hosts\` for Leadline: it
could no longer see them.

### Firefox

\`\`\`json
{
  "policies": {
    "ExtensionSettings": {
      "${GECKO_ID}": { "installation_mode": "force_installed", "install_url": "${FIREFOX_INSTALL_URL}" }
    }
  }
}
\`\`\`

Firefox asks for data-collection consent even for force-installed add-ons. Set
\`consentPreGranted\` to grant it on people's behalf for team sync.

## Where each template goes

| Platform | File in this repository | Where it goes |
|---|---|---|
| Windows, Chrome | \`deploy/windows/chrome/leadline.admx\`, \`deploy/windows/chrome/en-US/leadline.adml\` | \`C:\\Windows\\PolicyDefinitions\\\` (and \`en-US\\\`), or the domain's central store; in Intune, import as an ADMX |
| Windows, Edge | \`deploy/windows/edge/leadline-edge.admx\`, \`deploy/windows/edge/en-US/leadline-edge.adml\` | the same |
| Windows, Chrome, by script | \`deploy/windows/leadline-chrome.reg\` | \`reg import\`; writes \`HKLM\\${c.registryKey}\` |
| Windows, Edge, by script | \`deploy/windows/leadline-edge.reg\` | \`reg import\`; writes \`HKLM\\${e.registryKey}\` |
| macOS, Chrome and Edge | \`deploy/macos/leadline.mobileconfig\` | your MDM (Jamf, Intune, Kandji…); preference domains \`${c.macDomain}\` and \`${e.macDomain}\` |
| Linux, Chrome / Chromium / Edge | \`deploy/linux/leadline-policy.json\` | \`/etc/opt/chrome/policies/managed/\`, \`/etc/chromium/policies/managed/\`, \`/etc/opt/edge/policies/managed/\` |
| Linux, force install | \`deploy/linux/leadline-force-install.json\` | the same directories |
| Firefox (all platforms) | \`deploy/firefox/policies.json\` | \`/etc/firefox/policies/policies.json\` or \`<install dir>/distribution/policies.json\` (merge with any existing policies; there is one file) |

Chrome also needs \`assets/public/managed_schema.json\`, which ships inside the
extension: it tells Chrome each setting's type. Chromium on macOS reads
\`org.chromium.Chromium.extensions.${CHROME_EXTENSION_ID}\`.

On Windows, lists are subkeys holding values named \`1\`, \`2\`, …, and objects are
subkeys. The ADMX writes \`customTools\` and \`selectorOverrides\` as a JSON
string instead, because Group Policy cannot write nested subkeys; Chrome and
Edge read a JSON string wherever a list or an object is expected. The \`.reg\`
files show the nested-subkey form.

Check what loaded at \`chrome://policy\` or \`edge://policy\` (tick *Show policies
with no value set* and look under the extension), or \`about:policies\` in Firefox.

## Precedence

For each setting, separately: **policy > the person's own setting > the default.**
The person's own setting counts only for settings marked *Person may set*, and
\`disabledTools\` set by the person counts only while \`allowUserDisableTools\` is
true.

## Invalid values

- **Wrong type (Chrome, Edge).** The browser checks each value against
  \`managed_schema.json\` and drops a value of the wrong type (a string where a
  number belongs, a number inside a list of strings, an unknown field in a custom
  tool) before Leadline sees it. It shows the error at \`chrome://policy\`;
  Leadline uses the person's setting or the default.
- **Right type, broken rule** (out of range, malformed URL or id, too many
  items…). The schema deliberately checks types only, so these values reach
  Leadline, which ignores that one setting, uses the next source in line, and
  reports it in its options page under **Organisation**, with the key, the reason
  and what was used instead. Every other setting still applies.
- **Firefox** has no schema: every value reaches Leadline, which reports any
  problem the same way.
- Keys that are not Leadline settings are reported as such (check the spelling).
- **\`approvedTools\` fails closed.** A value Leadline cannot use (not a list, too
  long) means that no built-in tool is recorded, not all of them; the warning in
  the options page says so. Custom tools still record.
- **Policy that cannot be read.** Until managed storage answers (it can take
  seconds after a browser start), or while its read fails, nothing is stored for
  any tool: open tabs hold what they capture and deliver it once the policy is
  known, and the popup says it is waiting for your organisation's settings.

## Custom tools

\`customTools\` adds AI tools your organisation runs, such as an internal LLM
gateway. Leadline records them with its generic adapter, steered by the
selector chains you give. Their ids must not clash with each other or with a
built-in tool; custom tools are always approved.

Leadline's built-in sites are in its manifest; a custom tool's hosts are not, so
Leadline needs an optional host permission for them. The person grants it
through a prompt in Leadline's options page. \`runtime_allowed_hosts\` in
\`ExtensionSettings\` (\`https://llm.example.com\` for the match pattern
\`https://llm.example.com/*\`) keeps those hosts reachable when
\`runtime_blocked_hosts\` would otherwise block them.

## Selector overrides

\`selectorOverrides\` patches a built-in tool's selectors after a site redesign,
without waiting for a Leadline release. Keys are tool ids; values map a role
(\`composer\`, \`send\`, \`stop\`, \`streaming\`, \`userTurn\`, \`assistantTurn\`,
\`copy\`, \`regenerate\`, \`feedbackUp\`, \`feedbackDown\`, \`fileInput\`, \`newChat\`,
\`root\`) to a chain of CSS selectors tried in order. Your selectors are tried
first and the shipped ones stay behind them as fallbacks, so a mistyped
override cannot make things worse; roles you leave out keep the shipped chain.
Selectors are data: Leadline only ever matches them, it never runs code from
policy.

## Settings

${table}

${SETTING_KEYS.map(settingSection).join('\n')}`;
}
