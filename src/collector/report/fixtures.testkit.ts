/**
 * Shared fixtures for the report and privacy tests: members as microdata,
 * folded into the aggregates the builder reads (the way the server folds
 * rows), and fast-check generators of adversarial organisations.
 */
import fc from 'fast-check';
import { DIMENSIONS, LEVELS, type DimensionId, type Level } from '../../contract/depth';
import { FEATURES, type Feature } from '../../contract/buckets';
import { ACTIVE_DAY_BINS, SCORE_BINS, type ReportInput, type TeamWeekAggregate } from './input';

export interface Member {
  team: string;
  week: string;
  level: Level;
  activeDays: number;
  /** Scores 0–100 in tens; missing dimensions score 0. */
  dimensions?: Partial<Record<DimensionId, number>>;
  tools?: readonly string[];
  features?: readonly Feature[];
}

/** Folds members into direct per-team per-week aggregates. */
export function fold(members: readonly Member[]): TeamWeekAggregate[] {
  const out = new Map<string, TeamWeekAggregate>();
  for (const m of members) {
    const key = `${m.team} ${m.week}`;
    let a = out.get(key);
    if (!a) {
      a = {
        team: m.team,
        week: m.week,
        contributors: 0,
        levels: Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>,
        tools: {},
        features: {},
        dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, new Array<number>(SCORE_BINS).fill(0)])) as Record<DimensionId, number[]>,
        activeDays: new Array<number>(ACTIVE_DAY_BINS).fill(0),
      };
      out.set(key, a);
    }
    a.contributors++;
    a.levels[m.level]++;
    a.activeDays[m.activeDays]!++;
    for (const d of DIMENSIONS) a.dimensions[d][(m.dimensions?.[d] ?? 0) / 10]!++;
    for (const t of m.tools ?? []) a.tools[t] = (a.tools[t] ?? 0) + 1;
    for (const f of m.features ?? []) a.features[f] = (a.features[f] ?? 0) + 1;
  }
  return [...out.values()];
}

/** `n` members of `team` in `week` with the same answers. */
export function many(n: number, m: Omit<Member, 'team' | 'week'> & Partial<Pick<Member, 'team' | 'week'>>, team = m.team!, week = m.week!): Member[] {
  return Array.from({ length: n }, () => ({ ...m, team, week }));
}

export function input(members: readonly Member[], over: Partial<ReportInput> & Pick<ReportInput, 'team' | 'weeks'>): ReportInput {
  return {
    k: 5,
    teams: [...new Set(members.map((m) => m.team))],
    openWeeks: new Set(),
    aggregates: fold(members),
    now: new Date('2026-12-01T00:00:00Z'),
    ...over,
  };
}

export const WEEKS = ['2026-W45', '2026-W46', '2026-W47'] as const;
export const TOOLS = ['chatgpt', 'claude'] as const;

/** A tree of up to `maxNodes` teams, at most 6 deep, under the root `org`: paths in creation order. */
export const treeArb = (maxNodes = 12): fc.Arbitrary<string[]> =>
  fc.array(fc.nat(), { minLength: 0, maxLength: maxNodes - 1 }).map((picks) => {
    const paths = ['org'];
    picks.forEach((pick, i) => {
      const open = paths.filter((p) => p.split('/').length < 6);
      paths.push(`${open[pick % open.length]}/t${i + 1}`);
    });
    return paths;
  });

/**
 * Members of an adversarial organisation: per team and week a small count
 * (zeros, ones and just-below-k counts are common), answers drawn from a
 * narrow random palette so that empty and single-bucket breakdowns happen.
 */
export const orgArb = (opts: { maxNodes?: number; weeks?: number } = {}) =>
  treeArb(opts.maxNodes ?? 12).chain((paths) => {
    const weeks = WEEKS.slice(0, opts.weeks ?? 2);
    const memberArb = fc.record({
      level: fc.constantFrom(...LEVELS),
      activeDays: fc.integer({ min: 0, max: 7 }),
      habit: fc.integer({ min: 0, max: 10 }),
      tools: fc.subarray([...TOOLS]),
      features: fc.subarray(['web_search', 'agent'] as Feature[]),
    });
    const countArb = fc.oneof(fc.constantFrom(0, 0, 1, 1, 2, 4, 5, 6), fc.integer({ min: 0, max: 14 }));
    const cell = fc.tuple(countArb, fc.array(memberArb, { minLength: 1, maxLength: 3 }));
    return fc
      .tuple(fc.array(fc.array(cell, { minLength: paths.length, maxLength: paths.length }), { minLength: weeks.length, maxLength: weeks.length }), fc.integer({ min: 5, max: 10 }))
      .map(([grid, k]) => {
        const members: Member[] = [];
        grid.forEach((row, w) =>
          row.forEach(([count, palette], t) => {
            for (let i = 0; i < count; i++) {
              const p = palette[i % palette.length]!;
              members.push({ team: paths[t]!, week: weeks[w]!, level: p.level, activeDays: p.activeDays, dimensions: { habit: p.habit * 10 }, tools: p.tools, features: p.features });
            }
          }),
        );
        return { paths, weeks: [...weeks], members, k };
      });
  });
