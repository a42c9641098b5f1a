/**
 * The usage level: the Microsoft Copilot Dashboard's segments over the last
 * 12 weeks, with a prompt sent as the action. Thresholds come from
 * LEVEL_SEGMENTS in definitions.ts.
 */
import type { DailyRollup } from '../contract/rollup';
import { LEVEL_SEGMENTS, LEVEL_WEEKS, MATURITY_BANDS, type LevelSegment, type MaturityStage } from './definitions';
import { scan, sumRange, weekBlock, type Scan } from './scan';
import type { LevelResult } from './types';

export { MATURITY_BANDS, MATURITY_STAGES, type MaturityBand, type MaturityStage } from './definitions';

/** Prompts in each of the 12 ISO weeks, oldest first; the last is the current week, Monday to today. */
export function weeklyPrompts(s: Scan): number[] {
  return Array.from({ length: LEVEL_WEEKS }, (_, i) => sumRange(s.dayPrompts, ...weekBlock(s.weekday, i)));
}

function meets(seg: LevelSegment, total: number, activeWeeks: number): boolean {
  // Compare totals, not averages, so that 180 prompts in 12 weeks is exactly 15 a week with no rounding at the boundary.
  if (seg.minAveragePerWeek !== undefined && total < seg.minAveragePerWeek * LEVEL_WEEKS) return false;
  if (seg.minActiveWeeks !== undefined && activeWeeks < seg.minActiveWeeks) return false;
  if (seg.minTotalPrompts !== undefined && total < seg.minTotalPrompts) return false;
  return true;
}

export function levelFromScan(s: Scan): LevelResult {
  const weeks = weeklyPrompts(s);
  const totalPrompts = weeks.reduce((a, b) => a + b, 0);
  const activeWeeks = weeks.filter((n) => n > 0).length;
  // The last segment has no condition, so one always matches.
  const seg = LEVEL_SEGMENTS.find((x) => meets(x, totalPrompts, activeWeeks))!;
  return { level: seg.level, activeWeeks, weeks: LEVEL_WEEKS, totalPrompts, averagePerWeek: totalPrompts / LEVEL_WEEKS };
}

/**
 * The usage level over the 12 ISO weeks ending with the week of `today`
 * (days after today do not count yet). For a past week W, pass W's Sunday:
 * the sync snapshot does, so it reports the level the popup showed that Sunday. Rows of
 * several devices for the same tool and day are summed; rows outside the
 * window are ignored.
 */
export function usageLevel(rollups: readonly DailyRollup[], today: string): LevelResult {
  return levelFromScan(scan(rollups, today));
}

/**
 * An organisation's maturity stage from its share of power users, 0–1
 * (0.25 = 25 %). Each band includes its lower edge: exactly 20 % is ramping.
 */
export function maturity(shareOfPower: number): MaturityStage {
  if (!Number.isFinite(shareOfPower) || shareOfPower < 0 || shareOfPower > 1) {
    throw new RangeError(`The share of power users must be a fraction from 0 to 1 (power users ÷ people), got ${shareOfPower}.`);
  }
  let stage = MATURITY_BANDS[0]!.stage;
  for (const band of MATURITY_BANDS) if (shareOfPower >= band.minShare) stage = band.stage;
  return stage;
}
