import { z } from 'zod';
import { FEATURES, ToolId } from './events';

/**
 * A daily rollup: what one device recorded on one tool on one local day, as
 * counts only. Rollups outlive raw events (13 months against a 30-day raw
 * retention), so every metric is defined on them, and the popup, the export's
 * CSV and, later, the sync payload read nothing else.
 */
export const ROLLUP_SCHEMA_VERSION = 1 as const;

/** The random, per-install id of the device that recorded a rollup (not derived from anything about the person). */
export const DeviceId = z.string().regex(/^[0-9a-f]{16}$/, 'a device id is 16 hex digits');

const Count = z.number().int().min(0).max(1_000_000);

/** The counted fields, in the order the CSV export writes them. */
export const ROLLUP_COUNTS = [
  'events',
  'prompts',
  'edits',
  'contextRichPrompts',
  'promptsWithAttachments',
  'conversationsStarted',
  'conversations',
  'iterativeConversations',
  'responses',
  'stops',
  'regenerations',
  'copies',
  'feedbackUp',
  'feedbackDown',
  'engagedSeconds',
] as const;
export type RollupCount = (typeof ROLLUP_COUNTS)[number];

export const DailyRollup = z.strictObject({
  v: z.literal(ROLLUP_SCHEMA_VERSION),
  /** `${device}|${tool}|${day}`: one row per device, tool and day, so merging imports never double counts. */
  id: z.string().regex(/^[0-9a-f]{16}\|[a-z][a-z0-9-]{1,31}\|\d{4}-\d{2}-\d{2}$/),
  device: DeviceId,
  tool: ToolId,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  ...(Object.fromEntries(ROLLUP_COUNTS.map((k) => [k, Count])) as Record<RollupCount, typeof Count>),
  /** Uses of each feature that day (absent = 0). */
  features: z.partialRecord(z.enum(FEATURES), Count),
});
export type DailyRollup = z.infer<typeof DailyRollup>;

export function rollupId(device: string, tool: string, day: string): string {
  return `${device}|${tool}|${day}`;
}

/** By day, then tool, then device: the one order rollups are written in (export file and CSV), so files are stable. */
export function compareRollups(a: DailyRollup, b: DailyRollup): number {
  return compareText(a.day, b.day) || compareText(a.tool, b.tool) || compareText(a.device, b.device);
}

/** Code-unit order, independent of the locale (ids and ISO days sort the same everywhere). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
