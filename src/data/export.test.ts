import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../contract/events';
import { ExportFile } from '../contract/export';
import { emptyRollup } from '../metrics/rollup';
import { buildExport } from './export';

const LOCAL = '0123456789abcdef';
const OTHER = 'fedcba9876543210';
const ev = (id: string, ts: number, seq: number): StoredEvent =>
  ({ v: 1, id: id.padEnd(16, '0'), tool: 'claude', ts, day: '2026-03-01', conv: null, seq, kind: 'response_copied' }) as StoredEvent;

describe('building the export', () => {
  it('files local events under this device and imported ones under theirs, sorted, and passes the export schema', () => {
    const file = buildExport({
      now: Date.UTC(2026, 2, 2, 9),
      device: LOCAL,
      localEvents: [ev('b', 120_000, 2), ev('a', 60_000, 1)],
      imported: [{ device: OTHER, event: ev('c', 60_000, 7) }],
      rollups: [emptyRollup(OTHER, 'claude', '2026-03-01'), emptyRollup(LOCAL, 'claude', '2026-02-01')],
      settings: { rawRetentionDays: 45 },
    });
    expect(ExportFile.safeParse(file).success).toBe(true);
    expect(file.exportedAt).toBe('2026-03-02T09:00:00.000Z');
    expect(Object.keys(file.eventsByDevice)).toEqual([LOCAL, OTHER]);
    expect(file.eventsByDevice[LOCAL]!.map((e) => e.id[0])).toEqual(['a', 'b']);
    expect(file.eventsByDevice[OTHER]).toHaveLength(1);
    expect(file.rollups.map((r) => r.day)).toEqual(['2026-02-01', '2026-03-01']);
    expect(file.settings).toEqual({ rawRetentionDays: 45 });
  });

  it('names this device even when it has no raw events left', () => {
    const file = buildExport({ now: 0, device: LOCAL, localEvents: [], imported: [], rollups: [], settings: {} });
    expect(file.eventsByDevice).toEqual({ [LOCAL]: [] });
  });
});
