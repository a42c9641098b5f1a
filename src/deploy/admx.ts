/**
 * ADMX/ADML templates, one pair per Chromium browser, so Group Policy and
 * Intune (ADMX ingestion) can set Leadline's policy under
 * <vendor>\3rdparty\extensions\<id>\policy.
 *
 * Mapping, chosen so Chrome's registry reader (RegistryDict::ConvertRegistryValue,
 * which converts by the managed schema) gets the type the schema expects:
 *  - boolean         → <boolean> element, REG_DWORD 1/0;
 *  - integer         → <decimal> with the zod range, REG_DWORD;
 *  - string          → <text>, REG_SZ;
 *  - list of strings → <list> writing values "1", "2", … under a subkey named
 *                      after the setting (Chrome reads numbered values as a list);
 *  - objects and lists of objects (customTools, selectorOverrides) → <text>
 *    holding JSON on one line. DECISION: Group Policy cannot write nested
 *    subkeys, and Chrome's registry reader explicitly accepts a REG_SZ JSON
 *    string wherever the schema expects a dict or a list ("Dictionaries may be
 *    encoded as JSON strings"); this applies to 3rdparty extension policy too,
 *    since that is converted with the extension's schema. The .reg template
 *    shows the equivalent nested-subkey form for scripted deployment.
 */
import { SETTINGS, SETTING_KEYS, TARGETS, admxKind, escapeXml, example, settingJsonSchema, typeLabel, type ChromiumBrowser, type SettingKey } from './model';

/** Upper bound of a JSON text box: plenty for 20 custom tools, within REG_SZ comfort. */
const JSON_MAX_LENGTH = 32767;
/** ADMX's own default for <text>. */
const TEXT_DEFAULT_MAX_LENGTH = 1023;

const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';

function element(key: SettingKey, listKey: string): string {
  const s = settingJsonSchema(key);
  switch (admxKind(key)) {
    case 'boolean':
      return `<boolean id="${key}" valueName="${key}">
          <trueValue><decimal value="1" /></trueValue>
          <falseValue><decimal value="0" /></falseValue>
        </boolean>`;
    case 'decimal':
      return `<decimal id="${key}" valueName="${key}"${s.minimum !== undefined ? ` minValue="${s.minimum}"` : ''}${
        s.maximum !== undefined ? ` maxValue="${s.maximum}"` : ''
      } />`;
    case 'text':
      return `<text id="${key}" valueName="${key}" maxLength="${s.maxLength ?? TEXT_DEFAULT_MAX_LENGTH}" />`;
    case 'list':
      // An empty valuePrefix names the values 1, 2, 3…, which is how Chrome encodes lists.
      return `<list id="${key}" key="${escapeXml(`${listKey}\\${key}`)}" valuePrefix="" />`;
    case 'json':
      return `<text id="${key}" valueName="${key}" maxLength="${JSON_MAX_LENGTH}" />`;
  }
}

export function admx(browser: ChromiumBrowser = 'chrome'): string {
  const t = TARGETS[browser];
  const policies = SETTING_KEYS.map(
    (key) => `    <policy name="${key}" class="Machine" displayName="$(string.${key})" explainText="$(string.${key}_Explain)" presentation="$(presentation.${key})" key="${escapeXml(t.registryKey)}">
      <parentCategory ref="Leadline" />
      <supportedOn ref="SUPPORTED_Leadline" />
      <elements>
        ${element(key, t.registryKey)}
      </elements>
    </policy>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Leadline policy for ${t.product}. ${escapeXml(GENERATED)} -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="${NS}">
  <policyNamespaces>
    <target prefix="${t.admxPrefix}" namespace="${t.admxNamespace}" />
  </policyNamespaces>
  <resources minRequiredRevision="1.0" />
  <supportedOn>
    <definitions>
      <definition name="SUPPORTED_Leadline" displayName="$(string.SUPPORTED_Leadline)" />
    </definitions>
  </supportedOn>
  <categories>
    <category name="Leadline" displayName="$(string.Leadline)" />
  </categories>
  <policies>
${policies}
  </policies>
</policyDefinitions>
`;
}

const GENERATED = 'Generated from src/contract/config.ts; do not edit by hand.';

function explain(key: SettingKey, browser: ChromiumBrowser): string {
  const def = SETTINGS[key];
  const kind = admxKind(key);
  const lines = [def.description, '', `Type: ${typeLabel(key)}.`, `Default: ${JSON.stringify(def.default)}.`];
  if (kind === 'json') {
    lines.push(
      '',
      `Enter the value as JSON on one line. ${TARGETS[browser].product} reads a JSON string wherever the policy expects a list or an object.`,
      `Example: ${JSON.stringify(example(key))}`,
    );
  } else if (kind === 'boolean') {
    lines.push('', 'Enabled: the box sets the value. Disabled or Not configured: the value is removed and Leadline uses the default.');
  } else {
    lines.push(`Example: ${kind === 'list' ? (example(key) as string[]).join(', ') : String(example(key))}`);
  }
  lines.push('', `Values of the right type that break a rule are reported in Leadline's options page under Organisation.`);
  return lines.join('\n');
}

function presentation(key: SettingKey): string {
  const def = SETTINGS[key];
  const label = escapeXml(def.title);
  switch (admxKind(key)) {
    case 'boolean':
      return `<checkBox refId="${key}" defaultChecked="${def.default === true}">${label}</checkBox>`;
    case 'decimal':
      return `<decimalTextBox refId="${key}" defaultValue="${Number(def.default)}">${label}</decimalTextBox>`;
    case 'text':
      return `<textBox refId="${key}"><label>${label}</label></textBox>`;
    case 'list':
      return `<listBox refId="${key}">${label}</listBox>`;
    case 'json':
      return `<textBox refId="${key}"><label>${label} (JSON)</label></textBox>`;
  }
}

export function adml(browser: ChromiumBrowser = 'chrome'): string {
  const t = TARGETS[browser];
  const strings = [
    ['Leadline', `Leadline (${t.product})`],
    ['SUPPORTED_Leadline', `Leadline 0.1 or later in ${t.product}`],
    ...SETTING_KEYS.flatMap((key) => [
      [key, SETTINGS[key].title],
      [`${key}_Explain`, explain(key, browser)],
    ]),
  ]
    .map(([id, text]) => `      <string id="${id}">${escapeXml(text!)}</string>`)
    .join('\n');
  const presentations = SETTING_KEYS.map(
    (key) => `      <presentation id="${key}">
        ${presentation(key)}
      </presentation>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<!-- Leadline policy for ${t.product}, en-US. ${escapeXml(GENERATED)} -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="${NS}">
  <displayName>Leadline</displayName>
  <description>Leadline extension policy for ${t.product}</description>
  <resources>
    <stringTable>
${strings}
    </stringTable>
    <presentationTable>
${presentations}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`;
}
