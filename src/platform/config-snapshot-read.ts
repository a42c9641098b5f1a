import { browser } from 'wxt/browser';

/**
 * Reading the config snapshot (see config-snapshot.ts) without the
 * configuration contract: the popup draws its first screen from this, and
 * zod (even zod/mini, which shares zod's core) was the heaviest code it
 * loaded before that. The snapshot is written by the extension itself from
 * values the contract already checked, so a shape check per key is enough
 * here; the full per-setting rules run when the configuration is loaded,
 * after the first paint.
 */
export const CONFIG_SNAPSHOT_KEY = 'configSnapshot';

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isTools = (v: unknown): v is { id: string; name: string }[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && typeof x.id === 'string' && typeof x.name === 'string');

/** Per key, the shape the popup relies on. A custom tool needs an id and a name here; its other fields pass through. */
const SNAPSHOT_SHAPES = {
  allowUserPause: isBoolean,
  showPersonalSummary: isBoolean,
  customTools: isTools,
  approvedTools: isStrings,
  disabledTools: isStrings,
  syncEnabled: isBoolean,
  privacyContact: (v: unknown): v is string => typeof v === 'string',
  allowUserDisableTools: isBoolean,
  rawRetentionDays: (v: unknown): v is number => Number.isInteger(v),
};

export type SnapshotKey = keyof typeof SNAPSHOT_SHAPES;
export const SNAPSHOT_KEYS = Object.keys(SNAPSHOT_SHAPES) as SnapshotKey[];

/** What the popup reads of a snapshot (custom tools as id and name, which is all it shows). */
export interface SnapshotValues {
  allowUserPause: boolean;
  showPersonalSummary: boolean;
  customTools: ReadonlyArray<{ id: string; name: string }>;
  approvedTools: readonly string[];
  disabledTools: readonly string[];
  syncEnabled: boolean;
  privacyContact: string;
  allowUserDisableTools: boolean;
  rawRetentionDays: number;
}

/**
 * The defaults of these settings, written out so the popup need not load the
 * contract for them; config-snapshot.test.ts holds them equal to the contract's.
 */
export const SNAPSHOT_DEFAULTS: SnapshotValues = {
  allowUserPause: true,
  showPersonalSummary: true,
  customTools: [],
  approvedTools: ['chatgpt', 'claude', 'gemini', 'copilot', 'perplexity', 'deepseek', 'mistral', 'poe'],
  disabledTools: [],
  syncEnabled: false,
  privacyContact: '',
  allowUserDisableTools: true,
  rawRetentionDays: 30,
};

/**
 * The stored snapshot, or null when there is none. Each key is checked on its
 * own; a key that is missing or fails (an older or damaged copy) takes its
 * default, so one bad value never discards the rest.
 */
export async function readSnapshotValues(): Promise<SnapshotValues | null> {
  const stored = (await browser.storage.local.get(CONFIG_SNAPSHOT_KEY))[CONFIG_SNAPSHOT_KEY];
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return null;
  const raw = stored as Record<string, unknown>;
  const out = { ...SNAPSHOT_DEFAULTS } as Record<string, unknown>;
  for (const key of SNAPSHOT_KEYS) {
    if (SNAPSHOT_SHAPES[key](raw[key])) out[key] = raw[key];
  }
  return out as unknown as SnapshotValues;
}
