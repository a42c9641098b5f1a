import { browser } from 'wxt/browser';
import { recordedToolIds, resolveConfig, type ResolvedConfig, type SettingKey } from '../contract/config';

/**
 * Reads the configuration from where it lives: managed storage (policy) and
 * local storage (the person's own settings), resolved with the defaults.
 * Nothing is cached across service-worker restarts; reading is cheap.
 */
export const USER_SETTINGS_KEY = 'userSettings';

/**
 * Managed storage. `known: false` when the read failed: the policy is then
 * unknown, and nothing is recorded until it is known (approval fails closed).
 * Firefox without any enterprise policy answers with an error naming the
 * missing managed-storage manifest: that is a known "no policy".
 */
export async function readPolicy(): Promise<{ known: boolean; policy: Record<string, unknown> | undefined }> {
  try {
    const value = await browser.storage.managed.get(null);
    return { known: true, policy: value && Object.keys(value).length > 0 ? value : undefined };
  } catch (e) {
    return { known: NO_POLICY_ERROR.test(String(e instanceof Error ? e.message : e)), policy: undefined };
  }
}

/** Firefox's answer when no policy configures the extension ("Managed storage manifest not found"). */
const NO_POLICY_ERROR = /managed storage manifest not found/i;

export async function readUserSettings(): Promise<Record<string, unknown>> {
  const stored = await browser.storage.local.get(USER_SETTINGS_KEY);
  const value = stored[USER_SETTINGS_KEY];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export interface LoadedConfig extends ResolvedConfig {
  policy: Record<string, unknown> | undefined;
  /** The managed-storage read failed: no tool may be recorded until it succeeds. */
  policyUnknown: boolean;
}

export async function loadConfig(): Promise<LoadedConfig> {
  const [{ known, policy }, user] = await Promise.all([readPolicy(), readUserSettings()]);
  return { ...resolveConfig(policy, user), policy, policyUnknown: !known };
}

/**
 * Whether a tool is recorded under this configuration; `undefined` while the
 * policy is unknown, which the background treats as "not yet" (fail closed).
 */
export function isRecorded(config: LoadedConfig, tool: string): boolean | undefined {
  if (config.policyUnknown) return undefined;
  return recordedToolIds(config.values).includes(tool);
}

/**
 * Saves one of the person's settings. Refused when policy sets the key, when the
 * key is not one people may change, or when the value is invalid; a storage
 * failure is answered the same way. Never throws: the caller shows the message.
 */
export async function saveUserSetting(key: SettingKey, value: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    return await trySave(key, value);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

async function trySave(key: SettingKey, value: unknown): Promise<{ ok: true } | { ok: false; error: string }> {
  const current = await loadConfig();
  // Without the policy, the person's choice cannot be checked against what IT set.
  if (current.policyUnknown) return { ok: false, error: "Your organisation's settings could not be read; try again in a moment." };
  if (current.sources[key] === 'policy') return { ok: false, error: 'This setting is managed by your organisation.' };
  const user = await readUserSettings();
  const next = { ...user, [key]: value };
  const resolved = resolveConfig(current.policy, next);
  const problem = resolved.warnings.find((w) => w.key === key && w.source === 'user');
  if (problem) return { ok: false, error: problem.reason };
  if (resolved.sources[key] !== 'user') return { ok: false, error: 'This setting cannot be changed here.' };
  await browser.storage.local.set({ [USER_SETTINGS_KEY]: next });
  return { ok: true };
}

/** Calls back whenever policy or the person's settings change, without a restart. */
export function watchConfig(onChange: () => void): () => void {
  // Only the two places configuration lives: other local keys (bookkeeping) must not trigger reloads.
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'managed' || (area === 'local' && USER_SETTINGS_KEY in changes)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * The background's view of the configuration: loaded once per worker start,
 * reloaded when policy or the person's settings change.
 */
export function createConfigCache() {
  let current: ReturnType<typeof loadConfig> | null = null;
  return {
    get: () =>
      (current ??= loadConfig().then(
        (c) => {
          // An unknown policy is not kept: the next message asks managed storage again.
          if (c.policyUnknown) current = null;
          return c;
        },
        (e: unknown) => {
          current = null; // retried on the next call rather than failing every message until a restart
          throw e;
        },
      )),
    invalidate: () => {
      current = null;
    },
  };
}
