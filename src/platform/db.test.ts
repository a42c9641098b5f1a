import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { LeadlineDB, SCHEMA_VERSIONS } from './db';

describe('Dexie schema', () => {
  it('versions only ever increase', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('upgrades a version 1 database without losing events, and backfills their local day', async () => {
    const name = `migrate-${Math.random()}`;
    const v1 = new LeadlineDB(name, 1);
    const ts = new Date(2026, 10, 20, 23, 59).getTime(); // local time, so the day is stable in any zone
    await v1.table('events').bulkAdd([
      { v: 1, id: 'e0000000000000000001', tool: 'claude', ts, conv: null, kind: 'response_copied' },
      { v: 1, id: 'e0000000000000000002', tool: 'gemini', ts: ts + 60_000, conv: null, kind: 'conversation_started' },
    ]);
    await v1.table('meta').put({ key: 'install-secret', value: new Uint8Array([1, 2, 3]) });
    v1.close();

    const latest = new LeadlineDB(name);
    await latest.open();
    expect(latest.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    const events = await latest.events.orderBy('ts').toArray();
    expect(events.map((e) => [e.id, e.day, e.seq])).toEqual([
      ['e0000000000000000001', '2026-11-20', 1],
      ['e0000000000000000002', '2026-11-21', 2],
    ]);
    expect((await latest.meta.get('event-seq'))?.value).toBe(2);
    // The new index works on migrated rows.
    expect(await latest.events.where('[tool+day]').equals(['gemini', '2026-11-21']).count()).toBe(1);
    expect((await latest.meta.get('install-secret'))?.value).toEqual(new Uint8Array([1, 2, 3]));
    latest.close();
    await Dexie.delete(name);
  });
});
