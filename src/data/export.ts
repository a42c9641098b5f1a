import type { StoredEvent } from '../contract/events';
import type { AdapterHealthRow, CounterRow } from '../contract/health';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, type ExportFile } from '../contract/export';
import { compareRollups, compareText, type DailyRollup } from '../contract/rollup';

export interface ExportInput {
  now: number;
  /** This install's device id: its own raw events are filed under it. */
  device: string;
  localEvents: readonly StoredEvent[];
  /** Raw events imported earlier from other devices. */
  imported: ReadonlyArray<{ device: string; event: StoredEvent }>;
  rollups: readonly DailyRollup[];
  settings: Record<string, unknown>;
  health?: readonly AdapterHealthRow[];
  counters?: readonly CounterRow[];
}

/** Assembles the personal export. Sorted throughout, so two exports of the same data are the same file. */
export function buildExport(input: ExportInput): ExportFile {
  const byDevice = new Map<string, Map<string, StoredEvent>>();
  const add = (device: string, e: StoredEvent) => {
    let events = byDevice.get(device);
    if (!events) byDevice.set(device, (events = new Map()));
    events.set(e.id, e);
  };
  byDevice.set(input.device, new Map()); // present even when empty: it names the device the rollups came from
  for (const e of input.localEvents) add(input.device, e);
  for (const { device, event } of input.imported) add(device, event);
  const eventsByDevice: Record<string, StoredEvent[]> = {};
  for (const device of [...byDevice.keys()].sort()) {
    eventsByDevice[device] = [...byDevice.get(device)!.values()].sort((a, b) => a.ts - b.ts || a.seq - b.seq || compareText(a.id, b.id));
  }
  return {
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: new Date(input.now).toISOString(),
    device: input.device,
    eventsByDevice,
    rollups: [...input.rollups].sort(compareRollups),
    settings: { ...input.settings },
    health: [...(input.health ?? [])].sort((a, b) => compareText(a.key, b.key)),
    counters: [...(input.counters ?? [])].sort((a, b) => compareText(a.name, b.name)),
  };
}
