/**
 * Everything the popup shows, from one pass over the rollups (see scan.ts).
 */
import { addWeeks, isoWeekOf, weekEnd, weekStart } from '../contract/week';
import type { DailyRollup } from '../contract/rollup';
import { compareText } from '../contract/rollup-core';
import { DAYS_PER_WEEK, LEVEL_WEEKS, PROFILE_DAYS } from './definitions';
import { levelFromScan } from './level';
import { profileFromScan } from './profile';
import { countActive, scan, sumRange, weekBlock, type Scan } from './scan';
import { WEEK_CHANGE_METRICS, type Summary, type ToolBreakdown, type TrendWeek, type WeekChange } from './types';

function tools(s: Scan): ToolBreakdown[] {
  const out: ToolBreakdown[] = [];
  for (const [tool, t] of s.tools) {
    // A row with only engaged time is a tab left open, not use (see docs/metrics.md, "What is not a metric").
    if (t.prompts + t.conversations + t.responses + t.copies === 0) continue;
    out.push({
      tool,
      prompts: t.prompts,
      activeDays: countActive(t.dayPrompts, 0, PROFILE_DAYS),
      conversations: t.conversations,
      responses: t.responses,
      copies: t.copies,
    });
  }
  // Ties broken by active days, then by id, so the order never flickers between renders.
  return out.sort((a, b) => b.prompts - a.prompts || b.activeDays - a.activeDays || compareText(a.tool, b.tool));
}

function weekChange(s: Scan): WeekChange[] {
  // This ISO week so far (Monday to today) against the same days of last week, so a Tuesday is never compared with a whole week.
  const W = s.weekday + 1;
  const figure = (metric: (typeof WEEK_CHANGE_METRICS)[number], from: number): number => {
    switch (metric) {
      case 'prompts':
        return sumRange(s.dayPrompts, from, from + W);
      case 'activeDays':
        return countActive(s.dayPrompts, from, from + W);
      case 'conversations':
        return sumRange(s.dayConversations, from, from + W);
      case 'copies':
        return sumRange(s.dayCopies, from, from + W);
    }
  };
  return WEEK_CHANGE_METRICS.map((metric) => {
    const thisWeek = figure(metric, 0);
    const lastWeek = figure(metric, DAYS_PER_WEEK);
    return { metric, thisWeek, lastWeek, change: thisWeek - lastWeek };
  });
}

function trend(s: Scan): TrendWeek[] {
  const current = isoWeekOf(s.today);
  return Array.from({ length: LEVEL_WEEKS }, (_, i) => {
    const week = addWeeks(current, i - (LEVEL_WEEKS - 1));
    const [from, to] = weekBlock(s.weekday, i);
    return {
      week,
      start: weekStart(week),
      end: weekEnd(week),
      prompts: sumRange(s.dayPrompts, from, to),
      activeDays: countActive(s.dayPrompts, from, to),
    };
  });
}

/**
 * The summary for `today` (a local day, YYYY-MM-DD): level and trend over the
 * 12 ISO weeks ending with the current one, profile, tools and active days
 * over the 28 days ending today, and this week so far against the same days
 * of last week. Every window ends on `today`, inclusive.
 */
export function summarize(rollups: readonly DailyRollup[], today: string): Summary {
  const s = scan(rollups, today);
  return {
    today,
    hasData: s.hasData,
    firstDay: s.firstDay,
    level: levelFromScan(s),
    profile: profileFromScan(s),
    tools: tools(s),
    activeDays28: countActive(s.dayPrompts, 0, PROFILE_DAYS),
    weekChange: weekChange(s),
    trend: trend(s),
  };
}
