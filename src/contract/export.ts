import { z } from 'zod';
import { StoredEvent } from './events';
import { AdapterHealthRow, CounterRow } from './health';
import { DailyRollup, DeviceId, rollupId } from './rollup';

/**
 * The personal export: everything Leadline keeps about one person, as one
 * JSON file they can read, keep, or import on a new computer. Like the stored
 * data, it holds no text, titles, URLs or conversation ids.
 */
export const EXPORT_FORMAT = 'leadline-export' as const;
/**
 * Bump when the file's shape changes; an older Leadline refuses a newer file rather than guess.
 * 2 added adapter health and drop counters; a version 1 file (without them) still imports.
 */
export const EXPORT_SCHEMA_VERSION = 2 as const;

export const ExportFile = z
  .strictObject({
    format: z.literal(EXPORT_FORMAT),
    schemaVersion: z.union([z.literal(1), z.literal(EXPORT_SCHEMA_VERSION)]),
    exportedAt: z.iso.datetime(),
    /** The device that wrote the file. */
    device: DeviceId,
    /** Raw events still within retention, by the device that recorded them. */
    eventsByDevice: z.record(DeviceId, z.array(StoredEvent)),
    /** Daily rollups of every device this browser holds data from. */
    rollups: z.array(DailyRollup),
    /** The person's own settings at export time, for their information; import does not apply them. */
    settings: z.record(z.string(), z.unknown()),
    /**
     * This device's adapter health per tool and day (kept as long as raw events), for the
     * person's information: it describes this browser's adapters, so import does not merge it.
     */
    health: z.array(AdapterHealthRow).optional(),
    /** This device's drop counters per day (kept 30 days), for the person's information; not imported. */
    counters: z.array(CounterRow).optional(),
  })
  .superRefine((file, ctx) => {
    file.rollups.forEach((r, i) => {
      if (r.id !== rollupId(r.device, r.tool, r.day)) {
        ctx.addIssue({ code: 'custom', path: ['rollups', i, 'id'], message: 'the rollup id does not match its device, tool and day' });
      }
    });
  });
export type ExportFile = z.infer<typeof ExportFile>;
