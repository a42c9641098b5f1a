import Dexie from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDay } from '../contract/day';
import type { StoredEvent, UnsequencedEvent } from '../contract/events';
import { emptyRollup, rollupEvents } from '../metrics/rollup';
import {
  DexieIngestStore,
  LeadlineDB,
  ROLLUP_RETENTION_DAYS,
  SCHEMA_VERSIONS,
  deviceId,
  pruneRawEvents,
  readPrunedBefore,
  readRollupsSince,
} from './db';
import { BASE_TS, CONVS, event, eventsArb } from './store.testkit';

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

describe('schema v3: rollups', () => {
  it('upgrades a version 2 database: builds the local rollups from the raw events and makes a device id', async () => {
    const name = `migrate3-${Math.random()}`;
    const v2 = new LeadlineDB(name, 2);
    const raw = [
      event(1, { conv: 'a'.repeat(32) }),
      event(2, { conv: 'a'.repeat(32), turn: 3 } as Partial<UnsequencedEvent>),
      event(3, { tool: 'gemini', kind: 'engaged_time', seconds: 40 } as Partial<UnsequencedEvent>),
      event(4, { ts: BASE_TS + 86_400_000 }),
    ].map((e, i) => ({ ...e, seq: i + 1 }) as StoredEvent);
    await v2.table('events').bulkAdd(raw);
    await v2.table('meta').put({ key: 'event-seq', value: raw.length });
    v2.close();

    const latest = new LeadlineDB(name);
    await latest.open();
    const device = (await latest.meta.get('device-id'))?.value as string;
    expect(device).toMatch(/^[0-9a-f]{16}$/);
    const rollups = await latest.rollups.orderBy('id').toArray();
    expect(rollups).toEqual(byId(rollupEvents(raw, device)));
    expect(rollups.find((r) => r.tool === 'claude' && r.day === raw[0]!.day)).toMatchObject({ prompts: 2, conversations: 1, iterativeConversations: 1 });
    // The indexes the popup and retention read exist on migrated rows.
    expect(await latest.rollups.where('[device+day]').equals([device, raw[3]!.day]).count()).toBe(1);
    expect(await deviceId(latest)).toBe(device);
    latest.close();
    await Dexie.delete(name);
  });
});

describe('schema v4: daily counters', () => {
  it('upgrades a version 3 database: counters are filed under today, and not_recording is not carried over', async () => {
    const name = `migrate4-${Math.random()}`;
    const v3 = new LeadlineDB(name, 3);
    await v3.table('counters').bulkPut([
      { name: 'dropped:invalid_item', count: 4 },
      { name: 'dropped:not_recording', count: 9 },
    ]);
    v3.close();
    const latest = new LeadlineDB(name);
    await latest.open();
    const today = localDay(Date.now());
    expect(await latest.counters.toArray()).toEqual([{ name: `dropped:invalid_item|${today}`, counter: 'dropped:invalid_item', day: today, count: 4 }]);
    expect(await latest.counters.where('day').equals(today).count()).toBe(1);
    latest.close();
    await Dexie.delete(name);
  });
});

describe('device id', () => {
  it('is made once, on first need, as 16 random hex digits', async () => {
    await withDb(async (db) => {
      const first = await deviceId(db);
      expect(first).toMatch(/^[0-9a-f]{16}$/);
      expect(await deviceId(db)).toBe(first);
      await withDb(async (other) => expect(await deviceId(other)).not.toBe(first));
    });
  });
});

describe('rollups maintained by commit', () => {
  // Many IndexedDB transactions per run: on a shared, loaded machine these take longer than the default 5 s.
  it('always equal rollupEvents over the stored raw events, whatever the batches, resends and re-keying links', { timeout: 60_000 }, async () => {
    const plan = eventsArb({ maxDays: 1, minLength: 8, maxLength: 40 }).chain((events) =>
      fc.tuple(
        fc.constant(events),
        // Cut points splitting the events into batches, resends of earlier events, and links between conversations.
        fc.array(
          fc.record({
            cut: fc.nat({ max: events.length }),
            resend: fc.subarray(events, { maxLength: Math.min(3, events.length) }),
            link: fc.option(fc.tuple(fc.constantFrom(...CONVS), fc.constantFrom(...CONVS)), { nil: undefined }),
          }),
          { maxLength: 6 },
        ),
        // A last batch carrying only a link: it re-keys stored events on days no new event touches.
        fc.tuple(fc.constantFrom(...CONVS), fc.constantFrom(...CONVS)),
      ),
    );
    await fc.assert(
      fc.asyncProperty(plan, async ([events, steps, [from, to]]) => {
        await withDb(async (db) => {
          const store = new DexieIngestStore(db);
          const cuts = [...new Set([0, ...steps.map((s) => s.cut), events.length])].sort((a, b) => a - b);
          for (let i = 0; i + 1 < cuts.length; i++) {
            const step = steps[i];
            await store.commit({
              events: [...events.slice(cuts[i], cuts[i + 1]), ...(step?.resend ?? [])],
              links: step?.link ? [{ from: step.link[0], to: step.link[1] }] : [],
              health: [],
              counters: {},
            });
          }
          await store.commit({ events: [], links: [{ from, to }], health: [], counters: {} });
          const stored = await db.events.toArray();
          expect(stored).toHaveLength(events.length);
          expect(await db.rollups.orderBy('id').toArray()).toEqual(byId(rollupEvents(stored, await deviceId(db))));
        });
      }),
      { numRuns: 80 },
    );
  });

  it('recomputes the days of older events whose conversation a link re-keys', async () => {
    await withDb(async (db) => {
      const store = new DexieIngestStore(db);
      const yesterday = [event(1, { ts: BASE_TS - 86_400_000, conv: 'a'.repeat(32) }), event(2, { ts: BASE_TS - 86_000_000, conv: 'b'.repeat(32) })];
      await store.commit({ events: yesterday, links: [], health: [], counters: {} });
      expect((await db.rollups.toArray())[0]).toMatchObject({ conversations: 2 });
      // A batch with nothing but the link (today): yesterday's two chats turn out to be one.
      await store.commit({ events: [], links: [{ from: 'a'.repeat(32), to: 'b'.repeat(32) }], health: [], counters: {} });
      expect((await db.events.get(yesterday[0]!.id))?.conv).toBe('b'.repeat(32));
      expect((await db.rollups.toArray())[0]).toMatchObject({ conversations: 1, prompts: 2 });
    });
  });

  it('never touches the rows of other devices', async () => {
    await withDb(async (db) => {
      const foreign = { ...emptyRollup('0123456789abcdef', 'claude', localDay(BASE_TS)), events: 9, prompts: 9 };
      await db.rollups.put(foreign);
      await new DexieIngestStore(db).commit({ events: [event(1)], links: [], health: [], counters: {} });
      expect(await db.rollups.get(foreign.id)).toEqual(foreign);
      expect(await db.rollups.count()).toBe(2);
    });
  });
});

describe('concurrent commits', () => {
  // Several tabs sending at once queue transactions over the same tables behind one another. A
  // commit that awaited its own async helpers in a loop lost its Dexie transaction, which then
  // committed early and refused the batch ("Transaction committed too early").
  it('commits every batch of several senders at once, with health, counters and rollups whole', { timeout: 60_000 }, async () => {
    await withDb(async (db) => {
      const store = new DexieIngestStore(db);
      const tools = ['claude', 'chatgpt', 'gemini', 'copilot'];
      let k = 0;
      const batches = tools.flatMap((tool) =>
        Array.from({ length: 3 }, () => ({
          events: Array.from({ length: 100 }, (_, i) =>
            event(++k, {
              id: `conc-${String(k).padStart(15, '0')}`,
              ts: BASE_TS + i * 60_000, // one local day: BASE_TS is noon
              tool,
              conv: CONVS[i % CONVS.length],
              ...(i % 5 === 0 ? { kind: 'engaged_time', seconds: 7 } : {}),
            } as Partial<UnsequencedEvent>),
          ),
          links: [],
          health: [{ tool, day: localDay(BASE_TS), chains: {}, errors: 1 }],
          counters: { 'dropped:invalid_item': 1 },
        })),
      );
      const results = await Promise.allSettled(batches.map((b) => store.commit(b)));
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const stored = await db.events.toArray();
      expect(stored).toHaveLength(k);
      expect(new Set(stored.map((e) => e.seq)).size).toBe(k);
      expect(await db.rollups.orderBy('id').toArray()).toEqual(byId(rollupEvents(stored, await deviceId(db))));
      const health = await db.health.orderBy('key').toArray();
      expect(health.map((h) => [h.tool, h.snapshots, h.prompts, h.engagedSeconds])).toEqual(
        [...tools].sort().map((t) => [t, 3, 240, 60 * 7]),
      );
      expect((await db.counters.toArray()).map((c) => c.count)).toEqual([batches.length]);
    });
  });
});

describe('retention', () => {
  it('removes raw events past retention and never a rollup younger than 400 days', { timeout: 60_000 }, async () => {
    const input = fc.record({
      events: eventsArb({ maxDays: 500, maxLength: 40 }),
      retentionDays: fc.integer({ min: 7, max: 365 }),
      nowDays: fc.integer({ min: 0, max: 900 }),
      imported: fc.nat({ max: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ events, retentionDays, nowDays, imported }) => {
        await withDb(async (db) => {
          await new DexieIngestStore(db).commit({ events, links: [], health: [], counters: {} });
          const others = events.slice(0, imported).map((e, i) => ({ id: `0123456789abcdef|${e.id}`, device: '0123456789abcdef', day: e.day, event: { ...e, seq: i + 1 } as StoredEvent }));
          await db.importedEvents.bulkAdd(others);
          const before = await db.rollups.orderBy('id').toArray();
          const now = BASE_TS + nowDays * 86_400_000;
          const today = localDay(now);
          const cutoff = addDays(today, -retentionDays);

          const result = await pruneRawEvents(now, retentionDays, db);

          expect(result.prunedBefore).toBe(cutoff);
          expect(await readPrunedBefore(db)).toBe(cutoff);
          // Rollup age counts from the newest rollup when the clock is past it (a clock far ahead must not wipe history).
          const newest = before.map((r) => r.day).sort().at(-1);
          const reference = newest !== undefined && newest < today ? newest : today;
          expect(await db.rollups.orderBy('id').toArray()).toEqual(before.filter((r) => r.day >= addDays(reference, -ROLLUP_RETENTION_DAYS)));
          const kept = await db.events.toArray();
          expect(kept.every((e) => e.day >= cutoff)).toBe(true);
          expect(kept).toHaveLength(events.filter((e) => e.day >= cutoff).length);
          expect(await db.importedEvents.count()).toBe(others.filter((r) => r.day >= cutoff).length);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('ages a database past every window and leaves nothing that should be gone, and nothing that should stay is lost', async () => {
    await withDb(async (db) => {
      const store = new DexieIngestStore(db);
      const a = 'a'.repeat(32);
      const b = 'b'.repeat(32);
      const c = 'c'.repeat(32);
      // Day 0: a new chat (local key a, re-keyed to b), health, a counter; day 20: a chat c with its own alias.
      await store.commit({ events: [event(1, { conv: a })], links: [{ from: a, to: b }], health: [{ tool: 'claude', day: localDay(BASE_TS), chains: { composer: 0 }, errors: 0 }], counters: {} });
      const later = BASE_TS + 20 * 86_400_000;
      await store.commit({ events: [event(2, { ts: later, conv: c })], links: [{ from: 'd'.repeat(32), to: c }], health: [], counters: {} });
      await db.importedEvents.add({ id: `0123456789abcdef|x`, device: '0123456789abcdef', day: localDay(BASE_TS), event: { ...event(3), seq: 1 } as StoredEvent });
      const counter = (day: string) => ({ name: `dropped:invalid_item|${day}`, counter: 'dropped:invalid_item', day, count: 1 });
      await db.counters.bulkPut([counter(localDay(BASE_TS)), counter(localDay(later))]);
      const tables = async () => Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.count()] as const)));
      expect(await tables()).toMatchObject({ events: 2, importedEvents: 1, health: 2, aliases: 2, counters: 2, rollups: 2 });

      // Day 35, raw retention 30: day 0's events, health and alias go, and its counter (30 days);
      // day 20's event keeps its alias, health row and counter.
      const r1 = await pruneRawEvents(BASE_TS + 35 * 86_400_000, 30, db);
      expect(r1).toMatchObject({ events: 1, importedEvents: 1, health: 1, aliases: 1, counters: 1, rollups: 0 });
      expect((await db.aliases.toArray()).map((x) => x.to)).toEqual([c]);
      expect((await db.health.toArray()).map((h) => h.day)).toEqual([localDay(later)]);
      expect((await db.counters.toArray()).map((x) => x.day)).toEqual([localDay(later)]);

      // Day 500, past every window, rollups' 400 days included. Rollup age counts from the newest
      // rollup (a clock far ahead must not wipe history), so the person used a tool that day.
      const now = BASE_TS + 500 * 86_400_000;
      await store.commit({ events: [event(4, { ts: now })], links: [], health: [], counters: {} });
      await pruneRawEvents(now, 30, db);
      expect(await tables()).toMatchObject({ events: 1, importedEvents: 0, health: 1, aliases: 0, counters: 0, rollups: 1 });
      for (const table of [db.events, db.health, db.rollups]) {
        expect((await table.toArray()).map((r) => (r as { day: string }).day)).toEqual([localDay(now)]);
      }
      // What is left is the install's own bookkeeping, which names nothing that was done.
      expect((await db.meta.toArray()).map((m) => m.key).sort()).toEqual(['device-id', 'event-seq', 'raw-pruned-before']);
    });
  });

  it('keeps a day final once pruned: a late resend is dropped and counted, and its rollup stays whole', async () => {
    await withDb(async (db) => {
      const store = new DexieIngestStore(db);
      const old = [event(1), event(2), event(3)];
      await store.commit({ events: old, links: [], health: [], counters: {} });
      const now = BASE_TS + 40 * 86_400_000;
      await pruneRawEvents(now, 30, db);
      const rollup = await db.rollups.toArray();
      expect(rollup).toHaveLength(1);
      expect(await db.events.count()).toBe(0);

      const today = event(9, { ts: now - (now % 60_000) });
      await store.commit({ events: [old[0]!, event(4), today], links: [], health: [], counters: { 'dropped:invalid_item': 1 } });

      expect((await db.events.toArray()).map((e) => e.id)).toEqual([today.id]);
      expect(await db.rollups.get(rollup[0]!.id)).toEqual(rollup[0]);
      const counters = Object.fromEntries((await db.counters.toArray()).map((c) => [c.counter, c.count]));
      expect(counters).toEqual({ 'dropped:expired': 2, 'dropped:invalid_item': 1 });
      expect((await db.counters.toArray()).every((c) => c.day === localDay(Date.now()))).toBe(true);
    });
  });

  it('keeps an earlier cutoff when retention is raised, and distrusts one recorded by a clock set in the future', async () => {
    await withDb(async (db) => {
      const now = BASE_TS;
      await pruneRawEvents(now, 7, db);
      expect((await pruneRawEvents(now, 30, db)).prunedBefore).toBe(addDays(localDay(now), -7));
      await pruneRawEvents(now + 5 * 365 * 86_400_000, 7, db);
      expect((await pruneRawEvents(now, 30, db)).prunedBefore).toBe(addDays(localDay(now), -30));
    });
  });

  it('does not wipe rollups when the clock runs years ahead for one prune', async () => {
    await withDb(async (db) => {
      await new DexieIngestStore(db).commit({ events: [event(1), event(2, { ts: BASE_TS + 200 * 86_400_000 })], links: [], health: [], counters: {} });
      const rollups = await db.rollups.orderBy('id').toArray();
      await pruneRawEvents(BASE_TS + 5 * 365 * 86_400_000, 30, db);
      expect(await db.rollups.orderBy('id').toArray()).toEqual(rollups);
      expect(await db.events.count()).toBe(0); // raw events go (rollups cover them); rollups cannot be rebuilt, so they stay
    });
  });

  it('refuses a retention that is not a whole number of days', async () => {
    await withDb(async (db) => {
      await expect(pruneRawEvents(BASE_TS, 0, db)).rejects.toThrow(/whole number of days/);
    });
  });
});

describe('reading rollups', () => {
  it('returns every device from a day on, through the day index', async () => {
    await withDb(async (db) => {
      const day = localDay(BASE_TS);
      const rows = [
        emptyRollup('0123456789abcdef', 'claude', addDays(day, -1)),
        emptyRollup('0123456789abcdef', 'claude', day),
        emptyRollup('fedcba9876543210', 'gemini', addDays(day, 2)),
      ];
      await db.rollups.bulkPut(rows);
      await db.events.bulkAdd([{ ...event(1), seq: 1 } as StoredEvent]); // raw events are not what is read
      expect(byId(await readRollupsSince(day, db))).toEqual(byId(rows.slice(1)));
    });
  });
});

function byId<T extends { id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function withDb(fn: (db: LeadlineDB) => Promise<void>): Promise<void> {
  const db = new LeadlineDB(`test-${Math.random()}`);
  try {
    await fn(db);
  } finally {
    db.close();
    await Dexie.delete(db.name);
  }
}

describe('schema v5: the sync queue', () => {
  it('upgrades a version 3 database: rollups, events and secrets untouched, the sync tables empty and indexed', async () => {
    const name = `migrate5-${Math.random()}`;
    const v3 = new LeadlineDB(name, 3);
    const raw = [event(1, { conv: 'a'.repeat(32) }), event(2)].map((e, i) => ({ ...e, seq: i + 1 }) as StoredEvent);
    await v3.table('events').bulkAdd(raw);
    await v3.table('rollups').bulkPut(rollupEvents(raw, '0123456789abcdef'));
    await v3.table('meta').put({ key: 'install-secret', value: new Uint8Array([7, 8, 9]) });
    const before = { events: await v3.table('events').toArray(), rollups: await v3.table('rollups').toArray() };
    v3.close();

    const latest = new LeadlineDB(name);
    await latest.open();
    expect(latest.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    expect(latest.verno).toBeGreaterThanOrEqual(5);
    expect(await latest.events.toArray()).toEqual(before.events);
    expect(await latest.rollups.toArray()).toEqual(before.rollups);
    expect((await latest.meta.get('install-secret'))?.value).toEqual(new Uint8Array([7, 8, 9]));
    expect(await latest.syncWeeks.count()).toBe(0);
    // The indexes the job reads exist.
    await latest.syncWeeks.put({ id: '2026-W01|https://c.example|acme', week: '2026-W01', status: 'pending' } as never);
    expect(await latest.syncWeeks.where('status').equals('pending').count()).toBe(1);
    expect((await latest.syncWeeks.orderBy('week').first())?.id).toBe('2026-W01|https://c.example|acme');
    latest.close();
    await Dexie.delete(name);
  });
});
