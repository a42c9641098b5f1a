import { DIMENSIONS, LEVELS, type Level, type MaturityStage } from '../contract/depth';
import type { Figure, Headline, TeamReport, WeekReport } from '../contract/report';
import { weekRange } from '../contract/week';

/**
 * Team reports for the dashboard's tests, in the exact shape of
 * src/contract/report.ts (each is checked against the zod schema in
 * fixtures.test.ts): fully suppressed, partly suppressed, empty (a brand-new
 * collector) and a big organisation. Figures are worked out by hand so a test
 * can name the number it expects on screen.
 */
const v = (value: number): Figure => ({ value });
export const BELOW: Figure = { value: null, suppressed: 'below_k' };
export const WITHHELD: Figure = { value: null, suppressed: 'withheld' };

export const LATEST = '2026-W47';

function maturityOf(powerShare: number): MaturityStage {
  return powerShare >= 0.6 ? 'integrated' : powerShare >= 0.4 ? 'embedding' : powerShare >= 0.2 ? 'ramping' : 'initial';
}

/** A published headline of `members` members with these level counts. */
export function headline(counts: Record<Level, number>, activeDaysMedian = 3): Headline {
  const members = LEVELS.reduce((s, l) => s + counts[l], 0);
  const power = members ? counts.power / members : 0;
  return {
    status: 'published',
    members: v(members),
    habitualOrPowerShare: v(members ? (counts.habitual + counts.power) / members : 0),
    powerShare: v(power),
    maturity: maturityOf(power),
    activeDaysMedian: v(activeDaysMedian),
  };
}

export const HIDDEN_HEADLINE: Headline = {
  status: 'below_k',
  members: BELOW,
  habitualOrPowerShare: BELOW,
  powerShare: BELOW,
  maturity: null,
  activeDaysMedian: BELOW,
};

/** A fully published week of a team with these level counts, and the given children. */
export function publishedWeek(week: string, counts: Record<Level, number>, children: WeekReport['children'] = [], other = 0): WeekReport {
  const members = LEVELS.reduce((s, l) => s + counts[l], 0);
  return {
    week,
    status: 'closed',
    headline: headline(counts),
    levels: LEVELS.map((level) => ({ level, count: v(counts[level]), share: v(counts[level] / members) })),
    dimensions: DIMENSIONS.map((dimension, i) => ({ dimension, median: v(40 + i * 5), p25: v(20 + i * 5), p75: v(60 + i * 5) })),
    activeDays: {
      median: v(3),
      p25: v(1),
      p75: v(5),
      distribution: Array.from({ length: 8 }, (_, days) => ({ days, count: v(days === 3 ? members : 0) })),
    },
    tools: [
      { tool: 'chatgpt', members: v(Math.round(members * 0.8)), share: v(Math.round(members * 0.8) / members) },
      { tool: 'claude', members: v(Math.round(members * 0.5)), share: v(Math.round(members * 0.5) / members) },
    ],
    features: [
      { feature: 'web_search', members: v(Math.round(members * 0.6)), share: v(Math.round(members * 0.6) / members) },
      { feature: 'file_upload', members: v(Math.round(members * 0.4)), share: v(Math.round(members * 0.4) / members) },
    ],
    children,
    other: { members: v(other) },
    change: null,
  };
}

/** A week below k: every figure hidden, as the collector publishes a team too small to show. */
export function suppressedWeek(week: string): WeekReport {
  return {
    week,
    status: 'closed',
    headline: HIDDEN_HEADLINE,
    levels: LEVELS.map((level) => ({ level, count: BELOW, share: BELOW })),
    dimensions: DIMENSIONS.map((dimension) => ({ dimension, median: BELOW, p25: BELOW, p75: BELOW })),
    activeDays: { median: BELOW, p25: BELOW, p75: BELOW, distribution: Array.from({ length: 8 }, (_, days) => ({ days, count: BELOW })) },
    tools: [],
    features: [],
    children: [],
    other: { members: BELOW },
    change: null,
  };
}

function report(team: string, weeks: WeekReport[], k = 5): TeamReport {
  // Every week after the first compares with the one before it, as the collector does.
  for (let i = 1; i < weeks.length; i++) {
    const [a, b] = [weeks[i - 1]!, weeks[i]!];
    if (b.headline.status !== 'published' || a.headline.status !== 'published') {
      b.change = { members: WITHHELD, levelShares: LEVELS.map((level) => ({ level, change: WITHHELD })) };
      continue;
    }
    b.change = {
      members: v(b.headline.members.value! - a.headline.members.value!),
      levelShares: LEVELS.map((level, j) => ({ level, change: v(b.levels[j]!.share.value! - a.levels[j]!.share.value!) })),
    };
  }
  return { v: 1, team, k, generatedAt: '2026-11-30T06:00:00.000Z', latestWeek: weeks[weeks.length - 1]!.week, weeks };
}

/** acme/tiny: 3 members every week, k = 5. Nothing is published. */
export function fullySuppressed(): TeamReport {
  return report('acme/tiny', weekRange(LATEST, 12).map(suppressedWeek));
}

/**
 * acme/sales, k = 5, this week: 20 members (power 4, habitual 6, novice 5, low and
 * non-user hidden: 5 between them, withheld so neither can be worked out);
 * children emea (12, published), apac (below k), other 8; one dimension hidden.
 */
export function partlySuppressed(): TeamReport {
  const weeks = weekRange(LATEST, 12).map((w, i) =>
    publishedWeek(w, { power: 3 + (i === 11 ? 1 : 0), habitual: 6, novice: 5, low: 3, non_user: 2 + (i === 11 ? 0 : 1) }),
  );
  // An early week that was below k: a gap in the trend.
  weeks[2] = suppressedWeek(weeks[2]!.week);
  const last = weeks[11]!;
  last.levels = last.levels.map((l) => (l.level === 'low' || l.level === 'non_user' ? { level: l.level, count: BELOW, share: BELOW } : l));
  last.dimensions[6] = { dimension: 'context_richness', median: BELOW, p25: BELOW, p75: BELOW };
  last.tools.push({ tool: 'perplexity', members: BELOW, share: BELOW });
  last.children = [
    { team: 'acme/sales/emea', headline: headline({ power: 2, habitual: 4, novice: 3, low: 2, non_user: 1 }, 4) },
    { team: 'acme/sales/apac', headline: HIDDEN_HEADLINE },
  ];
  last.other = { members: v(8) };
  const r = report('acme/sales', weeks);
  // The hidden low and non-user cells make their week-on-week changes hidden too.
  r.weeks[11]!.change!.levelShares = r.weeks[11]!.change!.levelShares.map((c) => (c.level === 'low' || c.level === 'non_user' ? { level: c.level, change: WITHHELD } : c));
  return r;
}

/** A brand-new collector: the scope's report has weeks, but nobody has reported in any. */
export function emptyReport(): TeamReport {
  const zero = (week: string): WeekReport => ({
    ...suppressedWeek(week),
    headline: { ...HIDDEN_HEADLINE, status: 'published', members: v(0) },
    other: { members: v(0) },
  });
  return report('acme', weekRange(LATEST, 12).map(zero));
}

/** acme, 10,000 members over 52 weeks, 40 child teams (three below k, one withheld), k = 10. */
export function bigOrg(): TeamReport {
  const weeks = weekRange(LATEST, 52).map((w, i) => {
    const power = 1500 + i * 20;
    const habitual = 2500 + i * 10;
    const novice = 3000 - i * 15;
    const low = 2000 - i * 10;
    const non_user = 10_000 - power - habitual - novice - low;
    return publishedWeek(w, { power, habitual, novice, low, non_user });
  });
  const last = weeks[51]!;
  const children: WeekReport['children'] = [];
  for (let i = 0; i < 40; i++) {
    const team = `acme/unit-${String(i).padStart(2, '0')}`;
    if (i === 7 || i === 21 || i === 33) children.push({ team, headline: HIDDEN_HEADLINE });
    else if (i === 8) children.push({ team, headline: { ...HIDDEN_HEADLINE, status: 'withheld', members: WITHHELD, habitualOrPowerShare: WITHHELD, powerShare: WITHHELD, activeDaysMedian: WITHHELD } });
    else children.push({ team, headline: headline({ power: 40 + i, habitual: 60, novice: 70 - i, low: 50, non_user: 30 }, 2 + (i % 5)) });
  }
  last.children = children;
  last.other = { members: v(10_000 - children.reduce((s, c) => s + (c.headline.members.value ?? 0), 0)) };
  return report('acme', weeks, 10);
}

/** The tree a lead of acme sees. */
export const ACME_TREE = {
  k: 5,
  scope: 'acme',
  teams: [
    { path: 'acme', depth: 1 },
    { path: 'acme/sales', depth: 2 },
    { path: 'acme/sales/apac', depth: 3 },
    { path: 'acme/sales/emea', depth: 3 },
    { path: 'acme/tiny', depth: 2 },
  ],
};
