/**
 * Managed policy for the end-to-end tests: writing and removing the files the
 * browsers read (the way IT deploys them on Linux), the test policy itself,
 * a copy of the Chrome build that emulates "the person granted the custom
 * tool's host earlier", and the selectors of the custom-tool fixture page.
 *
 * The policy files are machine-wide (/etc): every writer here has a remover
 * that the tests call from afterAll, whatever happened before.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHROME_EXTENSION_ID, GECKO_ID } from '../../src/contract/identity';
import { CHROME_BUILD } from './extension';

// ---- the policy under test -----------------------------------------------------------------

export const CUSTOM_HOST = 'intranet-llm.example.com';
export const CUSTOM_MATCH = `https://${CUSTOM_HOST}/*`;
export const CUSTOM_TOOL_ID = 'intranet-llm';

/** Selectors of tests/fixtures/sites/custom.html (the generic in-house chat page). */
export const CUSTOM_SELECTORS = {
  composer: 'textarea[name="prompt"]',
  send: 'button[aria-label="Send"]',
  stop: 'button[aria-label="Stop"]',
  userTurn: '.message[data-role="user"]',
  assistantTurn: '.message[data-role="assistant"]',
  assistantContent: '.text',
  copy: 'button[aria-label="Copy"]',
} as const;

/** Every built-in tool except gemini: policy approves these, so gemini records nothing. */
export const APPROVED_WITHOUT_GEMINI = ['chatgpt', 'claude', 'copilot', 'perplexity', 'deepseek', 'mistral', 'poe'];

/**
 * The Leadline policy the tests deploy: gemini left out of approvedTools, one
 * custom tool on the fixture's intranet host (with selectors, as IT would give
 * them), two values of the right type that break a rule (reported and ignored),
 * and tools locked for the person.
 */
export function testPolicy(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    approvedTools: APPROVED_WITHOUT_GEMINI,
    customTools: [
      {
        id: CUSTOM_TOOL_ID,
        name: 'Intranet LLM',
        matches: [CUSTOM_MATCH],
        selectors: { composer: [CUSTOM_SELECTORS.composer], send: [CUSTOM_SELECTORS.send] },
      },
    ],
    syncIntervalMinutes: 5, // rule: 15–1440 → the default, 60, is used
    rawRetentionDays: 1000, // rule: 7–365 → the default, 30, is used
    allowUserDisableTools: false,
    teamId: 'e2e-policy-team', // a valid value: it must still apply
    ...overrides,
  };
}

// ---- Chromium: /etc/chromium/policies/managed/*.json ------------------------------------------

export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
export const CHROMIUM_POLICY_FILE = path.join(CHROMIUM_POLICY_DIR, 'leadline-e2e.json');

/** Writes (or rewrites) the extension's policy; atomically, so Chromium's watcher never reads half a file. */
export async function writeChromiumPolicy(policy: Record<string, unknown>, file = CHROMIUM_POLICY_FILE): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const body = { '3rdparty': { extensions: { [CHROME_EXTENSION_ID]: policy } } };
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await writeFile(tmp, JSON.stringify(body, null, 2));
  await rename(tmp, file);
}

export async function removeChromiumPolicy(file = CHROMIUM_POLICY_FILE): Promise<void> {
  await rm(file, { force: true });
  await rm(path.join(path.dirname(file), `.${path.basename(file)}.tmp`), { force: true });
}

// ---- Firefox: /etc/firefox/policies/policies.json ---------------------------------------------

export const FIREFOX_POLICY_FILE = '/etc/firefox/policies/policies.json';

export interface FirefoxPolicyHandle {
  /** Puts back whatever was there before (or nothing); safe to call twice. */
  restore(): Promise<void>;
}

/**
 * Writes Firefox's enterprise policy file with Leadline's 3rdparty policy.
 * There is one file per machine: an existing one is moved aside and restored.
 */
export async function writeFirefoxPolicy(policy: Record<string, unknown>, file = FIREFOX_POLICY_FILE): Promise<FirefoxPolicyHandle> {
  const dir = path.dirname(file);
  const dirExisted = existsSync(dir);
  const parentExisted = existsSync(path.dirname(dir));
  await mkdir(dir, { recursive: true });
  const backup = existsSync(file) ? `${file}.leadline-e2e-backup` : null;
  if (backup) await rename(file, backup);
  await writeFile(file, JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } }, null, 2));
  let restored = false;
  return {
    async restore() {
      if (restored) return;
      restored = true;
      await rm(file, { force: true });
      if (backup) await rename(backup, file);
      else if (!dirExisted) {
        await rmdir(dir).catch(() => undefined);
        // /etc/firefox itself, when the test created it and it is empty again.
        if (!parentExisted) await rmdir(path.dirname(dir)).catch(() => undefined);
      }
    },
  };
}

// ---- Chromium: emulating a host grant the person gave earlier ------------------------------------

/**
 * A copy of the Chrome build whose manifest also lists `hosts` under
 * host_permissions (same `key`, so the same id). Loading it first grants those
 * hosts at install; loading the real build over it afterwards (CDP
 * Extensions.loadUnpacked, see reloadExtension) keeps the grant, because the
 * hosts are still within the real build's optional_host_permissions. That is
 * what a person's click on "Allow Leadline on …" leaves behind, which headless
 * Chromium cannot do itself (it cannot accept the permission dialog).
 */
export async function buildWithGrantedHosts(hosts: string[]): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'leadline-granted-'));
  const dir = path.join(root, 'chrome-mv3');
  await cp(CHROME_BUILD, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...hosts];
  await writeFile(manifestPath, JSON.stringify(manifest));
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}
