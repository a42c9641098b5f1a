/**
 * PLACEHOLDER — replaced at merge by the report helper's build.ts (branch
 * `report`), which computes the figures and applies the privacy rules. This
 * stand-in publishes nothing: every figure is suppressed 'below_k', so the
 * server compiles and never leaks while the real module is built in parallel.
 */
import { DIMENSIONS, LEVELS } from '../../contract/depth';
import { type Figure, type Headline, REPORT_SCHEMA_VERSION, type TeamReport } from '../../contract/report';
import type { ReportInput } from './input';

const hidden: Figure = { value: null, suppressed: 'below_k' };
const spread = () => ({ median: hidden, p25: hidden, p75: hidden });
const headline = (): Headline => ({ status: 'below_k', members: hidden, habitualOrPowerShare: hidden, powerShare: hidden, maturity: null, activeDaysMedian: hidden });

export function buildReport(input: ReportInput): TeamReport {
  const children = input.teams.filter((t) => t.startsWith(`${input.team}/`) && !t.slice(input.team.length + 1).includes('/'));
  return {
    v: REPORT_SCHEMA_VERSION,
    team: input.team,
    k: input.k,
    generatedAt: input.now.toISOString(),
    latestWeek: input.weeks[input.weeks.length - 1]!,
    weeks: input.weeks.map((week, i) => ({
      week,
      status: input.openWeeks.has(week) ? 'open' : 'closed',
      headline: headline(),
      levels: LEVELS.map((level) => ({ level, count: hidden, share: hidden })),
      dimensions: DIMENSIONS.map((dimension) => ({ dimension, ...spread() })),
      activeDays: { ...spread(), distribution: Array.from({ length: 8 }, (_, days) => ({ days, count: hidden })) },
      tools: [],
      features: [],
      children: children.map((team) => ({ team, headline: headline() })),
      other: { members: hidden },
      change: i === 0 ? null : { members: hidden, levelShares: LEVELS.map((level) => ({ level, change: hidden })) },
    })),
  };
}
