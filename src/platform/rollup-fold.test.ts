/**
 * Commits fold a batch's events into the day's rollup instead of recomputing
 * the day from its raw events (db.ts, `foldLocalRollups`). The recompute stays
 * the reference: two databases, one committing each way, go through the same
 * random history of batches (with resends and re-keying links), imports (of
 * this device's events and of rows claiming to be this device's) and prunes
 * (the clock running ahead and back too), and must hold identical rollups
 * after every step.
 */
import Dexie from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDay } from '../contract/day';
import type { StoredEvent, UnsequencedEvent } from '../contract/events';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION } from '../contract/export';
import type { DailyRollup } from '../contract/rollup';
import { arbRollup } from '../metrics/arbitraries.testkit';
import { emptyRollup } from '../metrics/rollup';
import { DEVICE_KEY, DexieIngestStore, LeadlineDB, pruneRawEvents } from './db';
import { importPersonalData } from './personal-data';
import { BASE_TS, CONVS, TOOLS, event, eventsArb } from './store.testkit';

const DEVICE = '5eed5eed5eed5eed';
const DAYS = [0, 1, 2, 3].map((k) => localDay(BASE_TS + k * 86_400_000));

async function withDbs(fn: (fold: LeadlineDB, reference: LeadlineDB) => Promise<void>): Promise<void> {
  const dbs = [new LeadlineDB(`fold-${Math.random()}`), new LeadlineDB(`reference-${Math.random()}`)] as const;
  try {
    for (const db of dbs) await db.meta.put({ key: DEVICE_KEY, value: DEVICE });
    await fn(...dbs);
  } finally {
    for (const db of dbs) {
      db.close();
      await Dexie.delete(db.name);
    }
  }
}

const tables = async (db: LeadlineDB) => ({ rollups: await db.rollups.orderBy('id').toArray(), events: await db.events.orderBy('id').toArray() });

type Step =
  | { op: 'commit'; cut: number; resend: UnsequencedEvent[]; link: [string, string] | undefined }
  | { op: 'import'; events: UnsequencedEvent[]; rows: DailyRollup[] }
  | { op: 'prune'; nowDays: number; retentionDays: number };

const plan = eventsArb({ maxDays: 3, minLength: 4, maxLength: 40 }).chain((events) =>
  fc.tuple(
    fc.constant(events),
    fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            op: fc.constant('commit' as const),
            cut: fc.nat({ max: events.length }),
            resend: fc.subarray(events, { maxLength: 3 }),
            link: fc.option(fc.tuple(fc.constantFrom(...CONVS), fc.constantFrom(...CONVS)), { nil: undefined }),
          }),
        },
        fc.record({
          op: fc.constant('import' as const),
          events: fc.subarray(events, { maxLength: Math.min(6, events.length) }),
          rows: fc.uniqueArray(arbRollup({ devices: [DEVICE], tools: TOOLS, days: DAYS, max: 20 }), { selector: (r) => r.id, maxLength: 3 }),
        }),
        fc.record({ op: fc.constant('prune' as const), nowDays: fc.integer({ min: 0, max: 8 }), retentionDays: fc.integer({ min: 1, max: 3 }) }),
      ),
      { maxLength: 10 },
    ),
  ),
);

/** An export file of this very device, as one made earlier in this browser (or written by hand) would be. */
function ownExport(events: UnsequencedEvent[], rows: DailyRollup[]): string {
  return JSON.stringify({
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: new Date(BASE_TS).toISOString(),
    device: DEVICE,
    eventsByDevice: { [DEVICE]: events.map((e, i) => ({ ...e, seq: i + 1 }) as StoredEvent) },
    rollups: rows,
    settings: {},
  });
}

describe('rollups folded in by commit', () => {
  it('are identical, after every batch, import and prune, to the rollups recomputed from the raw events', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(plan, async ([events, steps]) => {
        await withDbs(async (foldDb, referenceDb) => {
          const stores = [new DexieIngestStore(foldDb, 'fold'), new DexieIngestStore(referenceDb, 'recompute')];
          let sent = 0;
          // Whatever is left after the last step goes in a last batch, so every event is committed at least once.
          for (const step of [...steps, { op: 'commit', cut: events.length, resend: [], link: undefined } satisfies Step]) {
            for (const [i, store] of stores.entries()) {
              const db = store.db;
              if (step.op === 'commit') {
                const batch = [...events.slice(sent, Math.max(sent, step.cut)), ...step.resend];
                await store.commit({ events: batch, links: step.link ? [{ from: step.link[0], to: step.link[1] }] : [], health: [], counters: {} });
                if (i === stores.length - 1) sent = Math.max(sent, step.cut);
              } else if (step.op === 'import') {
                expect(await importPersonalData(ownExport(step.events, step.rows), db)).toMatchObject({ ok: true });
              } else {
                await pruneRawEvents(BASE_TS + step.nowDays * 86_400_000, step.retentionDays, db);
              }
            }
            const [folded, reference] = [await tables(foldDb), await tables(referenceDb)];
            expect(folded.events.map((e) => e.id)).toEqual(reference.events.map((e) => e.id));
            // Identical as stored (JSON keeps key order), not only equal counts.
            expect(JSON.stringify(folded.rollups)).toBe(JSON.stringify(reference.rollups));
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('folds without reading the day again: counts the day held stay as they were, the batch is added', async () => {
    await withDbs(async (db) => {
      const store = new DexieIngestStore(db);
      await store.commit({ events: [event(1), event(2, { kind: 'engaged_time', seconds: 30 } as Partial<UnsequencedEvent>)], links: [], health: [], counters: {} });
      // A row that no recompute of the day's two events would give, but with their number of events:
      // only a fold keeps its other counts.
      const id = `${DEVICE}|claude|${DAYS[0]}`;
      await db.rollups.update(id, { engagedSeconds: 1_000 });
      await store.commit({ events: [event(3, { kind: 'engaged_time', seconds: 5 } as Partial<UnsequencedEvent>)], links: [], health: [], counters: {} });
      expect(await db.rollups.get(id)).toMatchObject({ events: 3, prompts: 1, engagedSeconds: 1_005 });
    });
  });

  it('recomputes a day whose row counts events that are no longer stored (an imported row, or a prune under a clock that ran ahead)', async () => {
    await withDbs(async (db) => {
      const day = DAYS[1]!;
      // This device's row for a day it holds no raw events of.
      const row = { ...emptyRollup(DEVICE, 'claude', day), events: 7, prompts: 7, conversations: 2 };
      expect(await importPersonalData(ownExport([], [row]), db)).toMatchObject({ ok: true });
      expect(await db.rollups.get(row.id)).toEqual(row);
      await new DexieIngestStore(db).commit({ events: [event(1, { ts: BASE_TS + 86_400_000 })], links: [], health: [], counters: {} });
      // As the recompute always did: the row is the day's raw events' (the earlier prune or import cannot be told apart from a wrong row).
      expect(await db.rollups.get(row.id)).toMatchObject({ events: 1, prompts: 1, conversations: 0 });
    });
  });
});
