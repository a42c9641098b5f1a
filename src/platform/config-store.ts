import { browser } from 'wxt/browser';
import { resolveConfig, type ResolvedConfig, type SettingKey } from '../contract/config';

/**
 * Reads the configuration from where it lives: managed storage (policy) and
 * local storage (the person's own settings), resolved with the defaults.
 * Nothing is cached across service-worker restarts; reading is cheap.
 */
export const USER_SETTINGS_KEY = 'userSettings';

/** Managed storage, or undefined where the browser has none (Firefox without policy throws). */
export async function readPolicy(): Promise<Record<string, unknown> | undefined> {
  try {
    const value = await browser.storage.managed.get(null);
    return value && Object.keys(value).length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function readUserSettings(): Promise<Record<string, unknown>> {
  const stored = await browser.storage.local.get(USER_SETTINGS_KEY);
  const value = stored[USER_SETTINGS_KEY];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function loadConfig(): Promise<ResolvedConfig & { policy: Record<string, unknown> | undefined }> {
  const [policy, user] = await Promise.all([readPolicy(), readUserSettings()]);
  return { ...resolveConfig(policy, user), policy };
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
      (current ??= loadConfig().catch((e: unknown) => {
        current = null; // retried on the next call rather than failing every message until a restart
        throw e;
      })),
    invalidate: () => {
      current = null;
    },
  };
}
