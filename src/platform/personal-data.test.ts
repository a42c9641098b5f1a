import { localDay } from '../contract/day';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addDays } from '../contract/day';
import type { StoredEvent } from '../contract/events';
import { EXPORT_SCHEMA_VERSION, ExportFile } from '../contract/export';
import { ROLLUP_COUNTS } from '../contract/rollup';
import { rollupEvents } from '../metrics/rollup';
import { DexieIngestStore, LeadlineDB, deviceId, pruneRawEvents } from './db';
import { deleteEverything, exportPersonalData, importPersonalData, onDataDeleted, rollupsCsv } from './personal-data';
import { BASE_TS, event } from './store.testkit';

const DAY = 86_400_000;
const opened: LeadlineDB[] = [];
function freshDb(): LeadlineDB {
  const db = new LeadlineDB(`personal-${Math.random()}`);
  opened.push(db);
  return db;
}

/** Every row of every table, to prove a refused import changed nothing. */
async function snapshot(db: LeadlineDB): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const)));
}

async function record(db: LeadlineDB, events: ReturnType<typeof event>[]): Promise<void> {
  await new DexieIngestStore(db).commit({ events, links: [], health: [], counters: {} });
}

let a: LeadlineDB;
let b: LeadlineDB;
beforeEach(async () => {
  fakeBrowser.reset();
  a = freshDb();
  b = freshDb();
  await record(a, [event(1, { conv: 'a'.repeat(32) }), event(2, { tool: 'gemini' }), event(3, { ts: BASE_TS + DAY })]);
  await record(b, [event(1), event(50, { tool: 'chatgpt' })]); // the same event id on another device is another event
});
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('export', () => {
  it('holds this device’s raw events under its id, imported ones under theirs, every rollup, and the person’s settings', async () => {
    await fakeBrowser.storage.local.set({ userSettings: { rawRetentionDays: 45 } });
    await importPersonalData(JSON.stringify(await exportPersonalData(BASE_TS, b)), a);
    const file = await exportPersonalData(BASE_TS + 2 * DAY, a);
    expect(ExportFile.safeParse(JSON.parse(JSON.stringify(file))).success).toBe(true);
    expect(file.device).toBe(await deviceId(a));
    expect(file.eventsByDevice[await deviceId(a)]).toHaveLength(3);
    expect(file.eventsByDevice[await deviceId(b)]).toHaveLength(2);
    expect(file.rollups).toHaveLength(3 + 2);
    expect(file.settings).toEqual({ rawRetentionDays: 45 });
  });

  it('holds everything else that is kept: this device’s adapter health and drop counters', async () => {
    await new DexieIngestStore(a).commit({ events: [], links: [], health: [], counters: { 'dropped:invalid_item': 2 } });
    const file = await exportPersonalData(BASE_TS + 2 * DAY, a);
    expect(ExportFile.safeParse(JSON.parse(JSON.stringify(file))).success).toBe(true);
    expect(file.health).toEqual(await a.health.orderBy('key').toArray());
    expect(file.health!.map((h) => h.tool).sort()).toEqual(['claude', 'claude', 'gemini']);
    expect(file.counters).toEqual([expect.objectContaining({ counter: 'dropped:invalid_item', count: 2 })]);
    // Every table but the install's bookkeeping (meta), aliases (HMAC keys that link nothing without the secret) and
    // team sync's per-week pseudonyms and withdrawal secrets (which must never leave the device together) is in the file;
    // the options page says so (options_export_json_hint).
    const exported = new Set(['events', 'importedEvents', 'rollups', 'health', 'counters']);
    expect(a.tables.map((t) => t.name).filter((n) => !exported.has(n)).sort()).toEqual(['aliases', 'meta', 'syncState', 'syncWeeks']);
  });
});

describe('import', () => {
  it('refuses damaged, foreign, newer and invalid files with the matching reason, changing nothing', async () => {
    const good = await exportPersonalData(BASE_TS, b);
    const invalid = JSON.parse(JSON.stringify(good)) as { rollups: Array<{ events: number }> };
    invalid.rollups[0]!.events = -3;
    const cases: Array<[string, string]> = [
      ['{ not json', 'corrupted'],
      [JSON.stringify({ hello: 'world' }), 'foreign'],
      [JSON.stringify({ ...good, schemaVersion: EXPORT_SCHEMA_VERSION + 1 }), 'newer'],
      [JSON.stringify(invalid), 'corrupted'],
    ];
    const before = await snapshot(a);
    for (const [text, reason] of cases) {
      expect(await importPersonalData(text, a)).toMatchObject({ ok: false, reason, message: expect.any(String) });
    }
    expect(await snapshot(a)).toEqual(before);
  });

  it('is all or nothing: a write that fails half-way leaves every table as it was', async () => {
    const text = JSON.stringify(await exportPersonalData(BASE_TS, b));
    const before = await snapshot(a);
    const spy = vi.spyOn(a.rollups, 'bulkPut').mockRejectedValueOnce(new Error('QuotaExceededError'));
    const result = await importPersonalData(text, a);
    spy.mockRestore();
    expect(result).toMatchObject({ ok: false, reason: 'failed', message: expect.stringContaining('QuotaExceededError') });
    expect(await snapshot(a)).toEqual(before);
  });

  it('merges another device’s data without duplicates, and a second import changes nothing', async () => {
    const text = JSON.stringify(await exportPersonalData(BASE_TS, b));
    const own = await a.rollups.toArray();
    expect(await importPersonalData(text, a)).toMatchObject({ ok: true, added: { events: 2, rollups: 2, updatedRollups: 0 } });
    expect(await a.importedEvents.count()).toBe(2);
    expect(await a.events.count()).toBe(3); // b's events are not a's
    expect(await a.rollups.where('device').equals(await deviceId(a)).toArray()).toEqual(own);
    expect(await a.rollups.where('device').equals(await deviceId(b)).count()).toBe(2);

    const after = await snapshot(a);
    expect(await importPersonalData(text, a)).toMatchObject({ ok: true, added: { events: 0, rollups: 0, updatedRollups: 0 } });
    expect(await snapshot(a)).toEqual(after);
  });

  it('derives the rollups of raw events that come without them (a file written by hand or by another tool)', async () => {
    const file = await exportPersonalData(BASE_TS, b);
    const other = await deviceId(b);
    const text = JSON.stringify({ ...file, rollups: [] });
    expect(await importPersonalData(text, a)).toMatchObject({ ok: true, added: { events: 2, rollups: 2 } });
    const rows = await a.rollups.where('device').equals(other).sortBy('id');
    expect(rows).toEqual(rollupEvents(file.eventsByDevice[other]! as unknown as StoredEvent[], other).sort((x, y) => x.id.localeCompare(y.id)));
    // The file's own row still wins when it counts more (its device pruned raw events the row covers).
    const bigger = { ...rows[0]!, events: rows[0]!.events + 5, prompts: rows[0]!.prompts + 5 };
    expect(await importPersonalData(JSON.stringify({ ...file, rollups: [bigger] }), a)).toMatchObject({ ok: true, added: { updatedRollups: 1 } });
    expect(await a.rollups.get(bigger.id)).toEqual(bigger);
  });

  it('replaces a device’s row only with a later export of it (more events), never with an older one', async () => {
    const older = JSON.stringify(await exportPersonalData(BASE_TS, b));
    await record(b, [event(51, { tool: 'chatgpt' })]);
    const newer = JSON.stringify(await exportPersonalData(BASE_TS, b));
    await importPersonalData(older, a);
    expect(await importPersonalData(newer, a)).toMatchObject({ ok: true, added: { events: 1, rollups: 0, updatedRollups: 1 } });
    expect(await importPersonalData(older, a)).toMatchObject({ ok: true, added: { events: 0, rollups: 0, updatedRollups: 0 } });
    const bDevice = await deviceId(b);
    expect(await a.rollups.where('device').equals(bDevice).sortBy('id')).toEqual(await b.rollups.orderBy('id').toArray());
  });

  it('adds this device’s missing raw events and recomputes its rows from them; they win over an imported row', async () => {
    const file = await exportPersonalData(BASE_TS, a);
    const device = file.device;
    const extra = { ...event(4), seq: 99 } as StoredEvent;
    (file.eventsByDevice[device] as StoredEvent[]).push(extra);
    const claudeToday = file.rollups.find((r) => r.tool === 'claude' && r.day === extra.day)!;
    claudeToday.events = 500; // an inflated row must not beat the raw events this device holds
    const result = await importPersonalData(JSON.stringify(file), a);
    expect(result).toMatchObject({ ok: true, added: { events: 1, rollups: 0, updatedRollups: 1 } });
    const stored = await a.events.toArray();
    expect(stored.find((e) => e.id === extra.id)?.seq).toBe(4); // after this device's own write order
    expect(await a.rollups.orderBy('id').toArray()).toEqual(
      rollupEvents(stored, device).sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
  });

  it('leaves pruned days alone: no raw events before the cutoff, and their final rollups are not recomputed', async () => {
    const file = await exportPersonalData(BASE_TS, a);
    await pruneRawEvents(BASE_TS + 40 * DAY, 30, a);
    const rollups = await a.rollups.toArray();
    expect(await a.events.count()).toBe(0);
    expect(await importPersonalData(JSON.stringify(file), a)).toMatchObject({ ok: true, added: { events: 0, rollups: 0, updatedRollups: 0 } });
    expect(await a.events.count()).toBe(0);
    expect(await a.rollups.toArray()).toEqual(rollups);
  });
});

describe('delete everything, then restore', () => {
  it('clears every table and the personal storage keys; importing the export restores the same rollups', async () => {
    await fakeBrowser.storage.local.set({ userSettings: { rawRetentionDays: 45 }, pause: { until: null, since: 1 }, hostAccessPrompted: ['https://x/*'] });
    await fakeBrowser.storage.managed.set({ allowUserPause: false });
    await importPersonalData(JSON.stringify(await exportPersonalData(BASE_TS, b)), a);
    const oldDevice = await deviceId(a);
    const rollups = await a.rollups.orderBy('id').toArray();
    const text = JSON.stringify(await exportPersonalData(BASE_TS, a));

    const deleted = vi.fn();
    const stop = onDataDeleted(deleted);
    await deleteEverything(a);
    stop();
    for (const [name, rows] of Object.entries(await snapshot(a))) expect({ name, rows }).toEqual({ name, rows: [] });
    // What is left holds nothing about the person: which organisation hosts were already prompted for,
    // and the day of this fresh start ("recorded for N days" counts from it).
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ hostAccessPrompted: ['https://x/*'], installDay: localDay(Date.now()) });
    // A running background hears of it, to drop the deleted install secret it holds in memory.
    expect(deleted).toHaveBeenCalled();
    expect(await fakeBrowser.storage.managed.get(null)).toEqual({ allowUserPause: false });
    expect(await deviceId(a)).not.toBe(oldDevice);

    const result = await importPersonalData(text, a);
    expect(result).toMatchObject({ ok: true, added: { events: 5, rollups: rollups.length, updatedRollups: 0 } });
    expect(await a.rollups.orderBy('id').toArray()).toEqual(rollups);
  });
});

describe('CSV', () => {
  it('writes the header and one row per rollup', async () => {
    const csv = await rollupsCsv(a);
    const [header, first, ...rest] = csv.trimEnd().split('\r\n');
    expect(header!.split(',').slice(0, 3 + ROLLUP_COUNTS.length)).toEqual(['device', 'tool', 'day', ...ROLLUP_COUNTS]);
    expect(rest).toHaveLength(2);
    const device = await deviceId(a);
    const row = Object.fromEntries(header!.split(',').map((k, i) => [k, first!.split(',')[i]]));
    expect(row).toMatchObject({ device, tool: 'claude', day: event(1).day, events: '1', prompts: '1', conversations: '1' });
    expect(rest.map((l) => l.split(',')[2])).toEqual([event(2).day, addDays(event(1).day, 1)]);
  });
});
