import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree, protect, type CellState } from '../privacy/suppress';
import { buildReport, CORE_SPEC, ReportCache, weekKey, zeroTable } from './build';
import { fold, input, many, orgArb, treeArb, type Member } from './fixtures.testkit';
import type { TeamWeekAggregate } from './input';

const STATES: readonly CellState[] = ['published', 'below_k', 'withheld'];
const W1 = '2026-W45';
const W2 = '2026-W46';
const org: Member[] = [
  ...many(3, { team: 'acme/eng', week: W1, level: 'power', activeDays: 5, dimensions: { habit: 80 }, tools: ['chatgpt', 'claude'], features: ['agent'] }),
  ...many(3, { team: 'acme/eng', week: W1, level: 'habitual', activeDays: 3, dimensions: { habit: 40 }, tools: ['chatgpt'] }),
  ...many(2, { team: 'acme/ops', week: W1, level: 'novice', activeDays: 1, tools: ['chatgpt'] }),
  ...many(2, { team: 'acme', week: W1, level: 'low', activeDays: 0, dimensions: { habit: 10 } }),
  ...many(7, { team: 'acme/eng', week: W2, level: 'power', activeDays: 4, tools: ['claude'], features: ['web_search'] }),
];

describe('buildReport with a cache', () => {
  it('gives the report of an uncached build, cold and warm, for any team of the organisation', () => {
    fc.assert(
      fc.property(orgArb({ maxNodes: 8, weeks: 3 }), ({ paths, weeks, members, k }) => {
        const cache = new ReportCache(64);
        for (const team of paths) {
          const inp = input(members, { team, weeks, k, teams: paths });
          const plain = buildReport(inp);
          expect(buildReport(inp, { cache })).toEqual(plain);
          // Every week is a hit now, and still the same report.
          const hits = cache.hits;
          expect(buildReport(inp, { cache })).toEqual(plain);
          expect(cache.hits).toBe(hits + weeks.length);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never reuses a protection after an aggregate changed', () => {
    const cache = new ReportCache();
    const before = input(org, { team: 'acme', weeks: [W1, W2] });
    const first = buildReport(before, { cache });
    // Two more power members at acme/ops in W1: the ops cell crosses k.
    const after = input([...org, ...many(3, { team: 'acme/ops', week: W1, level: 'power', activeDays: 2 })], { team: 'acme', weeks: [W1, W2] });
    const hits = cache.hits;
    const cached = buildReport(after, { cache });
    expect(cached).toEqual(buildReport(after));
    expect(cache.hits).toBe(hits + 1); // W2 only
    // The changed week really reads differently: a stale W1 would have shown the old figures.
    expect(cached.weeks[0]!.headline.members).toEqual({ value: 13 });
    expect(first.weeks[0]!.headline.members).toEqual({ value: 10 });
    expect(cached.weeks[1]!.headline).toEqual(first.weeks[1]!.headline);
  });

  it('keeps at most maxEntries weeks, dropping the least recently used', () => {
    const cache = new ReportCache(1);
    const inp = input(org, { team: 'acme', weeks: [W1, W2] });
    buildReport(inp, { cache });
    expect(cache.size).toBe(1);
    expect(buildReport(inp, { cache })).toEqual(buildReport(inp));
    expect(() => new ReportCache(0)).toThrow(RangeError);
  });
});

describe('weekKey', () => {
  const aggs = fold(org).filter((a) => a.week === W1);
  const tree = buildTree(['acme', 'acme/eng', 'acme/ops']);
  const base = weekKey(W1, 5, tree, aggs);

  /** Every number of every aggregate, as a function that returns a copy with that number plus one. */
  const bumps = (list: readonly TeamWeekAggregate[]): (() => TeamWeekAggregate[])[] => {
    const out: (() => TeamWeekAggregate[])[] = [];
    list.forEach((a, i) => {
      const edit = (f: (c: TeamWeekAggregate) => void) => () => {
        const copy = structuredClone(list) as TeamWeekAggregate[];
        f(copy[i]!);
        return copy;
      };
      out.push(edit((c) => c.contributors++));
      for (const l of Object.keys(a.levels)) out.push(edit((c) => (c.levels as Record<string, number>)[l]!++));
      a.activeDays.forEach((_, j) => out.push(edit((c) => c.activeDays[j]!++)));
      for (const [d, h] of Object.entries(a.dimensions)) h.forEach((_, j) => out.push(edit((c) => (c.dimensions as Record<string, number[]>)[d]![j]!++)));
      for (const t of Object.keys(a.tools)) out.push(edit((c) => c.tools[t]!++));
      for (const f of Object.keys(a.features)) out.push(edit((c) => c.features[f]!++));
      // A tool or feature appearing where it was absent counts too.
      out.push(edit((c) => (c.tools.newtool = 1)));
      out.push(edit((c) => (c.features.web_search = (c.features.web_search ?? 0) + 1)));
    });
    return out;
  };

  it('changes when any aggregate number changes', () => {
    const all = bumps(aggs);
    expect(all.length).toBeGreaterThan(100);
    const keys = new Set(all.map((b) => weekKey(W1, 5, tree, b())));
    expect(keys.has(base)).toBe(false);
    expect(keys.size).toBe(all.length);
  });

  it('changes with the week, k and the tree, and not with the order of the aggregates', () => {
    expect(weekKey(W2, 5, tree, aggs)).not.toBe(base);
    expect(weekKey(W1, 6, tree, aggs)).not.toBe(base);
    expect(weekKey(W1, 5, buildTree(['acme', 'acme/eng', 'acme/ops', 'acme/qa']), aggs)).not.toBe(base);
    expect(weekKey(W1, 5, tree, [...aggs].reverse())).toBe(base);
    expect(weekKey(W1, 5, tree, aggs.slice(1))).not.toBe(base);
  });
});

describe('zeroTable', () => {
  it('is exactly what protect decides for an all-zero count table under the member table’s states', () => {
    fc.assert(
      fc.property(
        treeArb(12).chain((paths) =>
          fc.tuple(fc.constant(paths), fc.array(fc.constantFrom<CellState>(...STATES), { minLength: paths.length, maxLength: paths.length }), fc.integer({ min: 5, max: 10 }), fc.subarray([...paths.keys()])),
        ),
        ([paths, states, k, loners]) => {
          const tree = buildTree(paths);
          const n = tree.paths.length;
          const nodeState = (i: number) => states[i % states.length]!;
          // A member table whose node cells carry those states (the other cells are not read).
          const core = { state: Array.from({ length: n * CORE_SPEC.categories }, (_, c) => (c % CORE_SPEC.categories === 0 ? nodeState(c / CORE_SPEC.categories) : 'published')), sub: [] };
          const zeros = new Array<number>(n).fill(0);
          expect(zeroTable(core, n)).toEqual(protect(tree, { spec: { categories: 1, hasTotal: false, groups: [] }, direct: zeros, loners }, k, nodeState));
        },
      ),
      { numRuns: 200 },
    );
  });
});
