/**
 * The team report's figures, defined once as data: docs/team-metrics.md is
 * generated from these (./docs.ts), and the builder reads its constants from
 * here, so the published definitions and the code cannot disagree.
 */
import { MIN_K } from '../../contract/report';
import { MATURITY_BANDS } from '../../metrics/definitions';

/** Shares are fractions 0–1 rounded to this many decimals (0.1234 = 12.34 %). */
export const SHARE_DECIMALS = 4;
export const DEFAULT_K = MIN_K;

export const QUANTILES = { p25: 0.25, median: 0.5, p75: 0.75 } as const;
export type QuantileName = keyof typeof QUANTILES;

export interface TeamMetricDefinition {
  id: string;
  /** Where it appears in the JSON report. */
  field: string;
  name: string;
  formula: string;
  unit: string;
  /** When it is published, shown suppressed, or withheld. */
  privacy: string;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const bands = MATURITY_BANDS.map((b, i) => {
  const next = MATURITY_BANDS[i + 1];
  return next ? `${b.name} from ${pct(b.minShare)} up to ${pct(next.minShare)}` : `${b.name} from ${pct(b.minShare)}`;
}).join('; ');

const NODE_RULE = 'Shown only when the team had at least k members reporting that week and its member count is not withheld; otherwise suppressed with the team’s own reason.';
const COUNT_RULE = `A count of 1 to k−1 members is suppressed (below_k). A count of 0 is published. A count may also be withheld, so that no suppressed count can be worked out by subtraction from published ones.`;
const SHARE_RULE = 'Published only when both its count and the team’s member count are published; otherwise suppressed with the reason of the hidden figure (below_k before withheld).';
const STAT_RULE = `${NODE_RULE} The statistic is over at least k members, so it never describes fewer than k people.`;
const CHANGE_RULE = 'Published only when the figure is published in both weeks; otherwise withheld (or the week’s own reason). The first week of a report has no change.';
const QUANTILE_FORMULA =
  'Nearest-rank: members are ordered by value and the figure is the value of the member at rank ⌈p × n⌉ (p = 0.25, 0.5, 0.75; n = members), so it is always a value some member has.';

export const TEAM_METRIC_DEFINITIONS: readonly TeamMetricDefinition[] = [
  {
    id: 'members',
    field: 'headline.members',
    name: 'Members reporting',
    formula: 'Snapshots received for the week from members of the team or of any team below it. Each device sends at most one snapshot per week, under a pseudonym new every week.',
    unit: 'members',
    privacy: `A team with fewer than k members that week shows nothing (status below_k); its members still count in every team above it. A team may also be withheld (status withheld) when its count would let a suppressed neighbour be worked out.`,
  },
  {
    id: 'status',
    field: 'headline.status',
    name: 'Team status',
    formula: 'published, below_k (fewer than k members that week) or withheld (hidden to protect another hidden figure). A team that is not published shows no figure at all for the week.',
    unit: 'one of published, below_k, withheld',
    privacy: 'Always shown: it is what lets a lead see why a figure is missing.',
  },
  {
    id: 'level_count',
    field: 'levels[].count',
    name: 'Members at each level',
    formula: 'Members whose usage level over the 12 weeks ending with the week (the Copilot Dashboard segments, computed on the device as the popup shows them) is this level. The five counts add up to the members reporting.',
    unit: 'members',
    privacy: COUNT_RULE,
  },
  {
    id: 'level_share',
    field: 'levels[].share',
    name: 'Share at each level',
    formula: `Members at the level ÷ members reporting, a fraction from 0 to 1 rounded to ${SHARE_DECIMALS} decimals.`,
    unit: 'fraction',
    privacy: SHARE_RULE,
  },
  {
    id: 'habitual_or_power_share',
    field: 'headline.habitualOrPowerShare',
    name: 'Habitual or Power share',
    formula: `(Members at Habitual + members at Power) ÷ members reporting, rounded to ${SHARE_DECIMALS} decimals.`,
    unit: 'fraction',
    privacy: `${SHARE_RULE} Also published when the Habitual and Power counts are hidden but the three other levels are published, since it then equals what subtraction already gives.`,
  },
  {
    id: 'power_share',
    field: 'headline.powerShare',
    name: 'Power share',
    formula: `Members at Power ÷ members reporting, rounded to ${SHARE_DECIMALS} decimals.`,
    unit: 'fraction',
    privacy: SHARE_RULE,
  },
  {
    id: 'maturity',
    field: 'headline.maturity',
    name: 'Maturity band',
    formula: `From the Power share, as Microsoft Viva reads it, each band including its lower edge: ${bands}.`,
    unit: 'one of initial, ramping, embedding, integrated',
    privacy: 'null whenever the Power share is suppressed.',
  },
  {
    id: 'dimension_spread',
    field: 'dimensions[].median, p25, p75',
    name: 'Depth dimension: median and interquartile range',
    formula: `Each member sends each of the seven depth scores (0–100, rounded to tens) over the 28 days ending with the week. ${QUANTILE_FORMULA}`,
    unit: 'score 0–100',
    privacy: STAT_RULE,
  },
  {
    id: 'active_days_spread',
    field: 'activeDays.median, p25, p75; headline.activeDaysMedian',
    name: 'Active days: median and interquartile range',
    formula: `Days of the ISO week (0–7) on which the member sent at least one prompt. ${QUANTILE_FORMULA}`,
    unit: 'days',
    privacy: STAT_RULE,
  },
  {
    id: 'active_days_distribution',
    field: 'activeDays.distribution[].count',
    name: 'Active days: distribution',
    formula: 'Members with exactly 0, 1, … 7 active days in the week. The eight counts add up to the members reporting.',
    unit: 'members',
    privacy: COUNT_RULE,
  },
  {
    id: 'tool_members',
    field: 'tools[].members, tools[].share',
    name: 'Tool mix',
    formula: `Members who sent at least one prompt with the tool that week, and that count ÷ members reporting (rounded to ${SHARE_DECIMALS} decimals). A member can use several tools, so these do not add up to the members. The list holds every tool used anywhere in the organisation in the report’s weeks, the same list in every week, so its shape says nothing about the team.`,
    unit: 'members; fraction',
    privacy: `${COUNT_RULE} Tools are protected across the tree like every count (a team’s count = its children’s + its direct members’). ${SHARE_RULE}`,
  },
  {
    id: 'feature_members',
    field: 'features[].members, features[].share',
    name: 'Feature adoption',
    formula: `Members who used the feature (file upload, web search, deep research, agent, …) at least once that week, and that count ÷ members reporting (rounded to ${SHARE_DECIMALS} decimals). Every known feature is listed, used or not.`,
    unit: 'members; fraction',
    privacy: `${COUNT_RULE} ${SHARE_RULE}`,
  },
  {
    id: 'child_headline',
    field: 'children[]',
    name: 'Child teams',
    formula: 'The same headline figures (status, members, Habitual or Power share, Power share, maturity, median active days) for each team directly below, in path order. Every child in the tree is listed every week, with or without data, so the list’s shape is fixed.',
    unit: 'as the headline',
    privacy: 'Each child passes the same rules as the team: a child below k shows below_k, a child hidden to protect another shows withheld.',
  },
  {
    id: 'other',
    field: 'other.members',
    name: 'Suppressed / other',
    formula: 'Members of the team not shown in any published child: those who report directly at the team’s own path plus the members of every child that is below k or withheld. Published children + this row = the team’s members, so the totals always reconcile.',
    unit: 'members',
    privacy: 'Published whenever the team’s members are; by the complementary rule it is either 0 or at least k.',
  },
  {
    id: 'change_members',
    field: 'change.members',
    name: 'Change in members',
    formula: 'Members reporting this week − members reporting the week before.',
    unit: 'members',
    privacy: CHANGE_RULE,
  },
  {
    id: 'change_level_share',
    field: 'change.levelShares[].change',
    name: 'Change in each level’s share',
    formula: `This week’s share at the level − last week’s, rounded to ${SHARE_DECIMALS} decimals.`,
    unit: 'fraction (percentage points ÷ 100)',
    privacy: CHANGE_RULE,
  },
];

/** The privacy rules in plain words, for the docs; the code is src/collector/privacy/suppress.ts. */
export const PRIVACY_RULES: readonly string[] = [
  `k is ${DEFAULT_K} by default. It can be raised and never lowered: a report is refused for k below ${MIN_K}.`,
  'A team with fewer than k members reporting in a week shows nothing for that week (below_k). Its members still count in every team above it.',
  'Every count of 1 to k−1 members is suppressed (below_k), and so is every share derived from it. Every statistic (share, median, quartile) is over at least k members or withheld.',
  'Complementary suppression, in every additive relation: a team = its children + its direct members; members = the sum of the five level counts; members = the sum of the eight active-day counts; and, for each level, active-day count, tool and feature, a team’s count = its children’s counts + its direct members’. Whenever such a relation has hidden parts, they add up to at least k members and are never a pair that includes a single member; otherwise the smallest published part is withheld too. This runs from the top of the tree down, and repeats until nothing changes.',
  'An exact check follows: the hidden cells and the relations are solved as a linear system (Gaussian elimination over the rationals) in which every published figure and every zero is known. Any hidden cell that the system still pins down gets another neighbour withheld, until none is pinned down.',
  'Zero is published: it tells that nobody is in a cell, which describes no one. The check therefore assumes that an attacker knows every zero, including teams with no direct members.',
  'Changes between weeks are published only where both weeks’ figures are published.',
  'The report’s shape is fixed by the team tree and the weeks: every child is listed every week, every known feature and every tool used in the organisation is listed; there are no free-form filters.',
];
