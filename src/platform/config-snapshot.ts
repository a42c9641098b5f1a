import { browser } from 'wxt/browser';
import { DEFAULT_CONFIG, SETTINGS, type Config } from '../contract/config';
import { CONFIG_SNAPSHOT_KEY, SNAPSHOT_KEYS } from './config-snapshot-read';

/**
 * The last known values of the settings the popup needs, kept in local
 * storage. Managed storage can take seconds to answer right after the browser
 * starts, and the popup must show the summary at once, so it renders from this
 * copy and corrects itself when the full configuration arrives. (The popup's
 * first paint reads it through config-snapshot-read.ts, which needs no zod.)
 */
export { CONFIG_SNAPSHOT_KEY, SNAPSHOT_KEYS, readSnapshotValues, SNAPSHOT_DEFAULTS, type SnapshotValues } from './config-snapshot-read';

export type ConfigSnapshot = Pick<Config, (typeof SNAPSHOT_KEYS)[number]>;

export const DEFAULT_SNAPSHOT: ConfigSnapshot = pickSnapshot(DEFAULT_CONFIG);

/** Only the snapshot's keys: a whole Config may be passed without storing the rest (tokens among it). */
export function pickSnapshot(values: ConfigSnapshot): ConfigSnapshot {
  return Object.fromEntries(SNAPSHOT_KEYS.map((key) => [key, values[key]])) as ConfigSnapshot;
}

/**
 * Stores the snapshot unless it already holds these values: the popup and the
 * background both refresh it, mostly with what is there, and every write wakes
 * each storage.onChanged listener of the extension.
 */
export async function writeConfigSnapshot(values: ConfigSnapshot): Promise<void> {
  const next = pickSnapshot(values);
  const current = (await browser.storage.local.get(CONFIG_SNAPSHOT_KEY))[CONFIG_SNAPSHOT_KEY];
  if (JSON.stringify(current) === JSON.stringify(next)) return;
  await browser.storage.local.set({ [CONFIG_SNAPSHOT_KEY]: next });
}

/**
 * The stored snapshot with each key checked by the setting's own full schema,
 * or null when there is none; a key that is missing or fails takes its default.
 */
export async function readConfigSnapshot(): Promise<ConfigSnapshot | null> {
  const stored = (await browser.storage.local.get(CONFIG_SNAPSHOT_KEY))[CONFIG_SNAPSHOT_KEY];
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return null;
  const raw = stored as Record<string, unknown>;
  const out = { ...DEFAULT_SNAPSHOT } as Record<string, unknown>;
  for (const key of SNAPSHOT_KEYS) {
    const parsed = SETTINGS[key].schema.safeParse(raw[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as ConfigSnapshot;
}
