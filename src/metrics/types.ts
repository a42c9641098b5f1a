/**
 * The shapes the depth-of-use model produces. The popup renders these; the
 * sync payload will be built from the same functions, so a figure means the
 * same thing everywhere.
 */

import type { DimensionId, Level } from '../contract/depth';
// The vocabulary is the contract's, shared with the sync payload and the collector.
export { DIMENSIONS, LEVELS, type DimensionId, type Level } from '../contract/depth';

export interface LevelResult {
  level: Level;
  /** Weeks (of `weeks`) with at least one prompt. */
  activeWeeks: number;
  weeks: number;
  totalPrompts: number;
  averagePerWeek: number;
}


export interface DimensionResult {
  id: DimensionId;
  /** The headline raw figure, in the dimension's unit (days, prompts per day, share 0–1, count…). */
  raw: number;
  /** 0–100 against the dimension's anchor. */
  score: number;
  /** Raw figures behind a composite dimension (iteration: share and edits+regenerations per conversation). */
  parts?: Record<string, number>;
}

export interface ToolBreakdown {
  tool: string;
  prompts: number;
  activeDays: number;
  conversations: number;
  responses: number;
  copies: number;
}

export const WEEK_CHANGE_METRICS = ['prompts', 'activeDays', 'conversations', 'copies'] as const;
export interface WeekChange {
  metric: (typeof WEEK_CHANGE_METRICS)[number];
  thisWeek: number;
  lastWeek: number;
  /** thisWeek − lastWeek. */
  change: number;
}

export interface TrendWeek {
  /** The ISO week, e.g. 2026-W49. */
  week: string;
  /** Its Monday and Sunday (the current week's figures run to today). */
  start: string;
  end: string;
  prompts: number;
  activeDays: number;
}

export interface Summary {
  /** The local day the summary was computed for; windows end on it, inclusive. */
  today: string;
  /** Any rollup at all (false on a new install: the popup shows its empty state). */
  hasData: boolean;
  /** The earliest day with data, so the popup can say when fewer than 12 weeks exist. */
  firstDay: string | null;
  /** Usage level over the last 12 weeks. */
  level: LevelResult;
  /** Depth profile over the last 28 days, in DIMENSIONS order. */
  profile: DimensionResult[];
  /** Per tool over the last 28 days, most prompts first. */
  tools: ToolBreakdown[];
  /** Active days in the last 28 days (any tool). */
  activeDays28: number;
  /** This ISO week, Monday to today, against the same days of last week. */
  weekChange: WeekChange[];
  /** 12 ISO weeks, oldest first, the last one the current week. */
  trend: TrendWeek[];
}
