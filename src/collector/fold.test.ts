/**
 * Folding a closed week into aggregates changes nothing a report shows but
 * the week's status: the aggregates read from rows (open) equal those read
 * from the aggregates table (closed), and so does the report built on them.
 * Property-based, on PGlite and PostgreSQL.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, LEVELS } from '../contract/depth';
import { FEATURES } from '../contract/events';
import type { MemberSnapshot } from '../contract/sync';
import { weekClosesAt } from '../contract/week';
import { foldClosedWeeks } from './fold';
import { buildReport } from './report/build';
import { loadAggregates, loadReportInput } from './report-data';
import { ENGINES, type Harness, NOW, harness, hex, sha256 } from './testkit';

const arbSnapshot = (org: string) =>
  fc.record({
    v: fc.constant(1 as const),
    week: fc.constantFrom('2026-W47', '2026-W48'),
    team: fc.constantFrom(org, `${org}/a`, `${org}/a/x`, `${org}/b`),
    pseudonym: fc.constant('').map(() => hex(16)),
    withdrawalHash: fc.constant('').map(() => sha256(hex(32))),
    level: fc.constantFrom(...LEVELS),
    activeDays: fc.integer({ min: 0, max: 7 }),
    prompts: fc.constantFrom('0', '1-4', '5-14', '15-49', '50-149', '150+' as const),
    dimensions: fc.record(Object.fromEntries(DIMENSIONS.map((d) => [d, fc.integer({ min: 0, max: 10 }).map((x) => x * 10)])) as Record<(typeof DIMENSIONS)[number], fc.Arbitrary<number>>),
    tools: fc.uniqueArray(fc.constantFrom('chatgpt', 'claude', 'gemini', 'custom-tool'), { maxLength: 4 }),
    features: fc.uniqueArray(fc.constantFrom(...FEATURES), { maxLength: 4 }),
    extensionVersion: fc.constant('0.1'),
  }) as fc.Arbitrary<MemberSnapshot>;

const sortAggs = <T extends { team: string; week: string }>(xs: T[]) => [...xs].sort((a, b) => `${a.week} ${a.team}`.localeCompare(`${b.week} ${b.team}`));

describe.each(ENGINES)('folding closed weeks on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(engine);
  });
  afterAll(async () => h?.drop());

  it('gives the same aggregates and report as the rows did, only the status changes, and deletes the rows', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => {
          const org = `fold${++run}-${hex(3)}`;
          return fc.tuple(fc.constant(org), fc.array(arbSnapshot(org), { minLength: 1, maxLength: 60 }));
        }),
        async ([org, snapshots]) => {
          h.clock.now = NOW;
          const enroll = await h.token('enroll', org);
          for (let i = 0; i < snapshots.length; i += 100) {
            const res = await h.post(enroll, { snapshots: snapshots.slice(i, i + 100) });
            expect(res.status).toBe(200);
          }
          const weeks = ['2026-W47', '2026-W48'];
          const open = sortAggs(await loadAggregates(h.store.db, org, weeks));
          const input = await loadReportInput(h.store.db, { team: org, weeks: 2, k: 5, now: h.clock.now, openDays: 14 });
          const before = buildReport(input);

          // Past both weeks' close: fold, then read again.
          h.clock.now = weekClosesAt('2026-W48') + 1;
          const folded = await foldClosedWeeks(h.store.db, h.clock.now, 14);
          expect(folded).toEqual([...new Set(snapshots.map((s) => s.week))].sort());
          const closed = sortAggs(await loadAggregates(h.store.db, org, weeks));
          expect(closed).toEqual(open);
          const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM snapshots WHERE team = ${org} OR team LIKE ${`${org}/%`}`.execute(h.store.db);
          expect(rows.rows[0]!.n).toBe(0);
          const after = buildReport({ ...input, openWeeks: new Set(), aggregates: await loadAggregates(h.store.db, org, input.weeks), now: input.now });
          expect(after.weeks.map((w) => w.status)).toEqual(['closed', 'closed']);
          expect(before.weeks.map((w) => w.status)).toEqual(['open', 'open']);
          expect({ ...after, weeks: after.weeks.map((w) => ({ ...w, status: 'open' })) }).toEqual(before);
          // Contributors add up to what was sent.
          expect(closed.reduce((s, a) => s + a.contributors, 0)).toBe(snapshots.length);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('adds a second fold of the same week to the first instead of losing it', async () => {
    h.clock.now = NOW;
    const org = `refold-${hex(3)}`;
    const enroll = await h.token('enroll', org);
    const one = fc.sample(arbSnapshot(org), 6).map((s) => ({ ...s, week: '2026-W48', team: org }));
    await h.post(enroll, { snapshots: one.slice(0, 3) });
    await foldClosedWeeks(h.store.db, weekClosesAt('2026-W48'), 14);
    // A row that lands afterwards (clock skew between instances) is folded into the same aggregate.
    await h.post(enroll, { snapshots: one.slice(3) });
    await foldClosedWeeks(h.store.db, weekClosesAt('2026-W48'), 14);
    const [agg] = await loadAggregates(h.store.db, org, ['2026-W48']);
    expect(agg!.contributors).toBe(6);
    expect(Object.values(agg!.levels).reduce((a, b) => a + b, 0)).toBe(6);
    expect(agg!.activeDays.reduce((a, b) => a + b, 0)).toBe(6);
    expect(agg!.dimensions.habit.reduce((a, b) => a + b, 0)).toBe(6);
  });
});
