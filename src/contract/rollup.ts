import { z } from 'zod';
import { FEATURES, ToolId } from './events';
import { ROLLUP_COUNTS, ROLLUP_SCHEMA_VERSION, type RollupCount } from './rollup-core';

// The zod-free constants and helpers, so every import of them from here keeps working.
export * from './rollup-core';

/**
 * A daily rollup: what one device recorded on one tool on one local day, as
 * counts only. Rollups outlive raw events (13 months against a 30-day raw
 * retention), so every metric is defined on them, and the popup, the export's
 * CSV and, later, the sync payload read nothing else.
 */
/** The random, per-install id of the device that recorded a rollup (not derived from anything about the person). */
export const DeviceId = z.string().regex(/^[0-9a-f]{16}$/, 'a device id is 16 hex digits');

const Count = z.number().int().min(0).max(1_000_000);

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
