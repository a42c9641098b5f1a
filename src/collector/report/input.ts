/**
 * What the report builder reads: per team and week, the counts of the
 * members who reported *directly* at that team path (not its subtree). Closed
 * weeks come from the aggregate table, open weeks are grouped from member
 * rows into the same shape, so a report costs the same whatever the size of
 * the organisation. Subtree totals are sums of these, computed by the builder.
 */
import type { DimensionId, Level } from '../../contract/depth';

/** Dimension scores are multiples of ten: bin i holds the members who scored i × 10. */
export const SCORE_BINS = 11;
/** Active days 0–7. */
export const ACTIVE_DAY_BINS = 8;

export interface TeamWeekAggregate {
  team: string;
  week: string;
  /** Members who reported directly at this path that week. */
  contributors: number;
  levels: Record<Level, number>;
  /** Members using each tool (only tools with at least one). */
  tools: Record<string, number>;
  /** Members using each feature (only features with at least one). */
  features: Record<string, number>;
  /** Histogram per dimension, SCORE_BINS long. */
  dimensions: Record<DimensionId, number[]>;
  /** Histogram of active days, ACTIVE_DAY_BINS long. */
  activeDays: number[];
}

export interface ReportInput {
  k: number;
  /** The team the report is for. */
  team: string;
  /** Every known team path of the organisation, so that children without data are listed too. */
  teams: readonly string[];
  /** The weeks of the report, oldest first; the last is the latest complete week. */
  weeks: readonly string[];
  /** Which of those weeks are still open. */
  openWeeks: ReadonlySet<string>;
  /**
   * Direct aggregates for those weeks (missing = nobody reported) of the WHOLE
   * organisation the team belongs to (every path under its first segment), not
   * only of its subtree: suppression is decided once over the whole tree, so
   * that a team's own report and its parent's report hide the same cells (a
   * lead who reads both must not find a figure hidden in one and shown in the
   * other). Aggregates of other organisations are ignored.
   */
  aggregates: readonly TeamWeekAggregate[];
  now: Date;
}
