import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEVELS } from '../../contract/depth';
import { FEATURES } from '../../contract/buckets';
import { TeamReport } from '../../contract/report';
import { buildTree } from '../privacy/suppress';
import { buildReport, groupWeeks, histogramQuantile, renderReport, ReportInputError, storedWeekTables, weekTables, weekTablesFromStored } from './build';
import { fold, input, many, orgArb, type Member } from './fixtures.testkit';

const W1 = '2026-W45';
const W2 = '2026-W46';

/**
 * acme (2 direct members) with two children:
 *   acme/eng: 6 members — 3 power (5 active days, habit 80, chatgpt+claude, agent),
 *                         3 habitual (3 days, habit 40, chatgpt)
 *   acme/ops: 2 members — novice (1 day, habit 0, chatgpt)
 *   acme itself: 2 members — low (0 days, habit 10, no tool)
 * acme = 10 members.
 */
const org: Member[] = [
  ...many(3, { team: 'acme/eng', week: W1, level: 'power', activeDays: 5, dimensions: { habit: 80 }, tools: ['chatgpt', 'claude'], features: ['agent'] }),
  ...many(3, { team: 'acme/eng', week: W1, level: 'habitual', activeDays: 3, dimensions: { habit: 40 }, tools: ['chatgpt'] }),
  ...many(2, { team: 'acme/ops', week: W1, level: 'novice', activeDays: 1, tools: ['chatgpt'] }),
  ...many(2, { team: 'acme', week: W1, level: 'low', activeDays: 0, dimensions: { habit: 10 } }),
];

describe('buildReport: every figure against a hand-computed fixture', () => {
  const report = buildReport(input(org, { team: 'acme', weeks: [W1], k: 5 }));
  const wk = report.weeks[0]!;

  it('is a valid report of the fixed shape', () => {
    expect(() => TeamReport.parse(report)).not.toThrow();
    expect(report).toMatchObject({ v: 1, team: 'acme', k: 5, latestWeek: W1, generatedAt: '2026-12-01T00:00:00.000Z' });
    expect(wk.status).toBe('closed');
    expect(wk.change).toBeNull();
  });

  it('members, and the other row that reconciles children and total', () => {
    expect(wk.headline.status).toBe('published');
    expect(wk.headline.members).toEqual({ value: 10 });
    // eng (6) is published; ops (2) is below k: other = 2 direct + 2 of ops = 4 < k... so eng is withheld too (see below).
    expect(wk.children.map((c) => [c.team, c.headline.status])).toEqual([
      ['acme/eng', 'withheld'],
      ['acme/ops', 'below_k'],
    ]);
    expect(wk.other.members).toEqual({ value: 10 });
  });

  it('levels: counts and shares, with small counts suppressed and complemented', () => {
    // low 2, novice 2, habitual 3, power 3, non_user 0: every non-zero count is below k.
    const byLevel = Object.fromEntries(wk.levels.map((l) => [l.level, l]));
    expect(byLevel.non_user).toEqual({ level: 'non_user', count: { value: 0 }, share: { value: 0 } });
    for (const l of ['low', 'novice', 'habitual', 'power'] as const) expect(byLevel[l]!.count).toEqual({ value: null, suppressed: 'below_k' });
    expect(wk.headline.powerShare).toEqual({ value: null, suppressed: 'below_k' });
    expect(wk.headline.maturity).toBeNull();
    // Habitual + Power = 10 − 0 − 2 − 2 cannot be had from published figures (low and novice are hidden).
    expect(wk.headline.habitualOrPowerShare).toEqual({ value: null, suppressed: 'below_k' });
  });

  it('medians and quartiles of the dimensions and active days (nearest rank over 10 members)', () => {
    // habit sorted: 0 0 10 10 40 40 40 80 80 80 → p25 = rank 3 = 10, median = rank 5 = 40, p75 = rank 8 = 80.
    expect(wk.dimensions.find((d) => d.dimension === 'habit')).toEqual({ dimension: 'habit', p25: { value: 10 }, median: { value: 40 }, p75: { value: 80 } });
    expect(wk.dimensions.find((d) => d.dimension === 'intensity')).toEqual({ dimension: 'intensity', p25: { value: 0 }, median: { value: 0 }, p75: { value: 0 } });
    // days sorted: 0 0 1 1 3 3 3 5 5 5
    expect([wk.activeDays.p25, wk.activeDays.median, wk.activeDays.p75]).toEqual([{ value: 1 }, { value: 3 }, { value: 5 }]);
    expect(wk.headline.activeDaysMedian).toEqual({ value: 3 });
    expect(wk.activeDays.distribution.map((d) => d.count.value)).toEqual([null, null, 0, null, 0, null, 0, 0]);
  });

  it('tools and features: members using each, with the org-wide tool list and every feature', () => {
    expect(wk.tools.map((t) => t.tool)).toEqual(['chatgpt', 'claude']);
    expect(wk.tools[0]).toEqual({ tool: 'chatgpt', members: { value: 8 }, share: { value: 0.8 } });
    expect(wk.tools[1]).toEqual({ tool: 'claude', members: { value: null, suppressed: 'below_k' }, share: { value: null, suppressed: 'below_k' } });
    expect(wk.features.map((f) => f.feature)).toEqual([...FEATURES]);
    expect(wk.features.find((f) => f.feature === 'agent')!.members).toEqual({ value: null, suppressed: 'below_k' });
    expect(wk.features.find((f) => f.feature === 'voice')).toEqual({ feature: 'voice', members: { value: 0 }, share: { value: 0 } });
  });
});

describe('buildReport: a larger organisation', () => {
  // acme/eng 12 (6 power, 6 habitual), acme/ops 9 (5 novice, 4 low), acme/hr 3, nobody direct: 24.
  const members: Member[] = [
    ...many(6, { team: 'acme/eng', week: W1, level: 'power', activeDays: 5 }),
    ...many(6, { team: 'acme/eng', week: W1, level: 'habitual', activeDays: 4 }),
    ...many(5, { team: 'acme/ops', week: W1, level: 'novice', activeDays: 2 }),
    ...many(4, { team: 'acme/ops', week: W1, level: 'low', activeDays: 1 }),
    ...many(3, { team: 'acme/hr', week: W1, level: 'non_user', activeDays: 0 }),
    ...many(7, { team: 'acme/eng', week: W2, level: 'power', activeDays: 5 }),
    ...many(6, { team: 'acme/eng', week: W2, level: 'habitual', activeDays: 4 }),
    ...many(5, { team: 'acme/ops', week: W2, level: 'novice', activeDays: 2 }),
    ...many(5, { team: 'acme/ops', week: W2, level: 'low', activeDays: 1 }),
    ...many(5, { team: 'acme/hr', week: W2, level: 'non_user', activeDays: 0 }),
  ];
  const report = buildReport(input(members, { team: 'acme', weeks: [W1, W2], openWeeks: new Set([W2]) }));
  const [w1, w2] = report.weeks as [TeamReport['weeks'][0], TeamReport['weeks'][0]];

  it('hides the team below k and one more child, so that the other row is at least k', () => {
    expect(w1.headline.members).toEqual({ value: 24 });
    const status = Object.fromEntries(w1.children.map((c) => [c.team, c.headline.status]));
    expect(status['acme/hr']).toBe('below_k');
    // hr alone (3) would be 24 − 12 − 9: the smallest published sibling, ops (9), is withheld with it.
    expect(status['acme/ops']).toBe('withheld');
    expect(status['acme/eng']).toBe('published');
    expect(w1.other.members).toEqual({ value: 12 });
  });

  it('publishes the headline of a published child in full, with the maturity band from its power share', () => {
    const eng = w1.children.find((c) => c.team === 'acme/eng')!.headline;
    expect(eng).toEqual({ status: 'published', members: { value: 12 }, habitualOrPowerShare: { value: 1 }, powerShare: { value: 0.5 }, maturity: 'embedding', activeDaysMedian: { value: 4 } });
  });

  it('hides the levels below k, and the level that would give away the withheld team', () => {
    // non_user 3 (hr) and low 4 (ops) are below k. novice 5 is all of ops: with ops withheld,
    // acme's novice count would be ops's novice count, so it is withheld too.
    expect(w1.levels.map((l) => l.count)).toEqual([{ value: null, suppressed: 'below_k' }, { value: null, suppressed: 'below_k' }, { value: null, suppressed: 'withheld' }, { value: 6 }, { value: 6 }]);
    expect(w1.headline.habitualOrPowerShare).toEqual({ value: 0.5 });
    expect(w1.headline.powerShare).toEqual({ value: 0.25 });
    expect(w1.headline.maturity).toBe('ramping');
    expect(w1.activeDays.distribution.map((d) => d.count.value)).toEqual([null, null, null, 0, 6, 6, 0, 0]);
  });

  it('change against the previous week only where both weeks are published', () => {
    expect(w2.status).toBe('open');
    expect(w2.headline.members).toEqual({ value: 28 });
    expect(w2.change!.members).toEqual({ value: 4 });
    const change = Object.fromEntries(w2.change!.levelShares.map((l) => [l.level, l.change]));
    expect(w2.levels.map((l) => l.count.value)).toEqual([5, 5, 5, 6, 7]);
    // published this week, hidden last week: no change, with last week's reason.
    expect(change.non_user).toEqual({ value: null, suppressed: 'below_k' });
    expect(change.novice).toEqual({ value: null, suppressed: 'withheld' });
    expect(change.power).toEqual({ value: 0 });
    expect(change.habitual).toEqual({ value: Math.round((6 / 28 - 6 / 24) * 1e4) / 1e4 });
  });

  it("a child's own report hides what its parent's report hides", () => {
    const ops = buildReport(input(members, { team: 'acme/ops', weeks: [W1, W2] }));
    expect(ops.weeks[0]!.headline.status).toBe('withheld');
    expect(ops.weeks[0]!.headline.members).toEqual({ value: null, suppressed: 'withheld' });
    expect(ops.weeks[0]!.levels.every((l) => l.count.value === null)).toBe(true);
    expect(ops.weeks[0]!.dimensions[0]!.median).toEqual({ value: null, suppressed: 'withheld' });
  });

  it('a team with no data is all suppressed; a team missing from the list still gets a report', () => {
    const hr = buildReport(input(members, { team: 'acme/hr/none', weeks: [W1] }));
    expect(hr.weeks[0]!.headline).toMatchObject({ status: 'below_k', members: { value: null, suppressed: 'below_k' }, maturity: null });
  });
});

describe('buildReport: refusals', () => {
  const base = input(org, { team: 'acme', weeks: [W1] });
  it('refuses k below 5, or not an integer', () => {
    for (const k of [4, 0, -1, 4.5, Number.NaN]) expect(() => buildReport({ ...base, k })).toThrow(/k must be an integer of at least 5/);
    expect(() => buildReport({ ...base, k: 5 })).not.toThrow();
  });
  it('refuses weeks out of order, duplicated, none or more than 52', () => {
    expect(() => buildReport({ ...base, weeks: [W2, W1] })).toThrow(ReportInputError);
    expect(() => buildReport({ ...base, weeks: [W1, W1] })).toThrow(/distinct and oldest first/);
    expect(() => buildReport({ ...base, weeks: [] })).toThrow(/1 to 52 weeks/);
  });
  it('refuses aggregates that do not add up, and duplicates', () => {
    const [a] = fold(many(5, { team: 'acme', week: W1, level: 'low', activeDays: 1 }));
    expect(() => buildReport({ ...base, aggregates: [{ ...a!, contributors: 6 }] })).toThrow(/level counts add up to 5, not to its 6 contributors/);
    expect(() => buildReport({ ...base, aggregates: [{ ...a!, activeDays: [5, 0, 0] }] })).toThrow(/activeDays must be 8 bins/);
    expect(() => buildReport({ ...base, aggregates: [{ ...a!, tools: { x: 6 } }] })).toThrow(/6 members of 5 use x/);
    expect(() => buildReport({ ...base, aggregates: [a!, a!] })).toThrow(/Two aggregates for acme/);
  });
});

describe('histogramQuantile (nearest rank)', () => {
  it('picks the value of the member at rank ⌈p·n⌉', () => {
    expect(histogramQuantile([1, 1, 1, 1], 0.5, 1)).toBe(1);
    expect(histogramQuantile([0, 0, 3], 0.25, 10)).toBe(20);
    expect(histogramQuantile([2, 0, 0, 2], 0.75, 1)).toBe(3);
    expect(() => histogramQuantile([0, 0], 0.5, 1)).toThrow(RangeError);
  });
});

describe('buildReport: properties over adversarial organisations', () => {
  it('is deterministic and depends only on the aggregates (not their order)', () => {
    fc.assert(
      fc.property(orgArb({ maxNodes: 8 }), fc.nat(), ({ paths, weeks, members, k }, seed) => {
        const aggregates = fold(members);
        const shuffled = [...aggregates].sort((a, b) => ((a.team.length * 31 + seed) % 7) - ((b.team.length * 31 + seed) % 7) || b.team.localeCompare(a.team));
        const a = buildReport(input(members, { team: paths[0]!, weeks, k, teams: paths, aggregates }));
        const b = buildReport(input([], { team: paths[0]!, weeks, k, teams: [...paths].reverse(), aggregates: shuffled }));
        expect(b).toEqual(a);
      }),
      { numRuns: 60 },
    );
  }, 300_000);

  it('every published figure is the truth; shapes are fixed; totals reconcile; nothing under k is shown', () => {
    fc.assert(
      fc.property(orgArb({ maxNodes: 8 }), ({ paths, weeks, members, k }) => {
        for (const team of paths) {
          const r = buildReport(input(members, { team, weeks, k, teams: paths }));
          TeamReport.parse(r);
          r.weeks.forEach((wk, w) => {
            const inTeam = (t: string, m: Member) => m.week === weeks[w] && (m.team === t || m.team.startsWith(`${t}/`));
            const mine = members.filter((m) => inTeam(team, m));
            // the shape: every child every week, every level, 8 day counts
            expect(wk.children.map((c) => c.team)).toEqual(paths.filter((p) => p.startsWith(`${team}/`) && !p.slice(team.length + 1).includes('/')).sort());
            if (wk.headline.members.value !== null) {
              expect(wk.headline.members.value).toBe(mine.length);
              expect(mine.length).toBeGreaterThanOrEqual(k);
              const shown = wk.children.filter((c) => c.headline.members.value !== null).reduce((s, c) => s + c.headline.members.value!, 0);
              expect(shown + wk.other.members.value!).toBe(mine.length);
              expect(wk.other.members.value === 0 || wk.other.members.value! >= k).toBe(true);
            } else {
              expect(wk.levels.every((l) => l.count.value === null && l.share.value === null)).toBe(true);
              expect(wk.dimensions.every((d) => d.median.value === null)).toBe(true);
              if (mine.length < k) expect(wk.headline.status).toBe('below_k');
            }
            LEVELS.forEach((l, j) => {
              const c = wk.levels[j]!.count;
              const truth = mine.filter((m) => m.level === l).length;
              if (c.value !== null) expect(c.value).toBe(truth);
              if (truth > 0 && truth < k) expect(c).toEqual({ value: null, suppressed: 'below_k' });
            });
            for (const t of wk.tools) {
              const truth = mine.filter((m) => m.tools?.includes(t.tool)).length;
              if (t.members.value !== null) expect(t.members.value).toBe(truth);
              if (truth > 0 && truth < k) expect(t.members.value).toBeNull();
            }
            for (const c of wk.children) {
              const n = members.filter((m) => inTeam(c.team, m)).length;
              if (n < k) expect(c.headline.status).toBe('below_k');
              if (c.headline.members.value !== null) expect(c.headline.members.value).toBe(n);
            }
          });
        }
      }),
      { numRuns: 40 },
    );
  }, 300_000);

  it('the stored form of a week (hidden counts taken out, through JSON) renders every team’s report unchanged', () => {
    fc.assert(
      fc.property(orgArb({ maxNodes: 8 }), ({ paths, weeks, members, k }) => {
        const base = input(members, { team: paths[0]!, weeks, k, teams: paths });
        const tree = buildTree([...paths, ...base.aggregates.map((a) => a.team)]);
        const index = new Map(tree.paths.map((p, i) => [p, i]));
        const byWeek = groupWeeks(weeks, base.aggregates);
        const stored = weeks.map((w) => weekTablesFromStored(JSON.parse(JSON.stringify(storedWeekTables(weekTables(tree, index, byWeek.get(w)!, k))))));
        for (const team of paths) {
          const r = buildReport(input(members, { team, weeks, k, teams: paths }));
          expect(renderReport({ k, team, tree, index, weeks, openWeeks: base.openWeeks, tables: stored, now: base.now })).toEqual(r);
        }
      }),
      { numRuns: 40 },
    );
  }, 300_000);
});
