import { describe, expect, it } from 'vitest';
import { addDays } from '../contract/day';
import type { DailyRollup } from '../contract/rollup';
import { addWeeks, isoWeekOf, weekStart } from '../contract/week';
import { TEST_DEVICES, TEST_TODAY, makeRollup } from './arbitraries.testkit';
import { maturity, usageLevel } from './level';

const today = TEST_TODAY;
/** The Monday of ISO week w of the window (1 = oldest, 12 = the current week, which holds TEST_TODAY, a Friday). */
const monday = (w: number) => weekStart(addWeeks(isoWeekOf(today), w - 12));

/** One row per active week, on a weekday inside it up to Friday, with the given prompts (index 0 = week 1). */
function weeks(prompts: readonly number[], device: string = TEST_DEVICES[0]): DailyRollup[] {
  return prompts.flatMap((p, i) => (p > 0 ? [makeRollup(addDays(monday(i + 1), i % 5), { prompts: p }, { device })] : []));
}
const repeat = (n: number, times: number, rest = 0) => Array.from({ length: 12 }, (_, i) => (i < times ? n : rest));

describe('usageLevel segments', () => {
  it('power starts at an average of 15 a week (14 is habitual)', () => {
    expect(usageLevel(weeks(repeat(15, 12)), today)).toEqual({ level: 'power', activeWeeks: 12, weeks: 12, totalPrompts: 180, averagePerWeek: 15 });
    expect(usageLevel(weeks(repeat(14, 12)), today)).toMatchObject({ level: 'habitual', totalPrompts: 168, averagePerWeek: 14 });
  });

  it('power needs 180 prompts in total however they are spread (179 is habitual)', () => {
    expect(usageLevel(weeks([...repeat(15, 11).slice(0, 11), 14]), today)).toMatchObject({ level: 'habitual', totalPrompts: 179 });
    expect(usageLevel(weeks([...repeat(1, 9, 0).slice(0, 11), 171]), today)).toMatchObject({ level: 'power', totalPrompts: 180, activeWeeks: 10 });
  });

  it('power and habitual need 9 active weeks (8 is not enough)', () => {
    expect(usageLevel(weeks(repeat(20, 9)), today)).toMatchObject({ level: 'power', activeWeeks: 9, totalPrompts: 180 });
    // 180 prompts in 8 weeks: the volume of a power user without the habit.
    expect(usageLevel(weeks([23, 23, 23, 23, 23, 23, 23, 19, 0, 0, 0, 0]), today)).toMatchObject({ level: 'novice', activeWeeks: 8, totalPrompts: 180 });
    expect(usageLevel(weeks(repeat(1, 9)), today)).toMatchObject({ level: 'habitual', activeWeeks: 9, totalPrompts: 9 });
    expect(usageLevel(weeks(repeat(1, 8)), today)).toMatchObject({ level: 'low', activeWeeks: 8, totalPrompts: 8 });
  });

  it('novice starts at 12 prompts in the window (11 is low)', () => {
    expect(usageLevel([makeRollup(today, { prompts: 12 })], today)).toMatchObject({ level: 'novice', activeWeeks: 1, averagePerWeek: 1 });
    expect(usageLevel([makeRollup(today, { prompts: 11 })], today)).toMatchObject({ level: 'low', totalPrompts: 11 });
  });

  it('low starts at one prompt; none is a non-user', () => {
    expect(usageLevel([], today)).toEqual({ level: 'non_user', activeWeeks: 0, weeks: 12, totalPrompts: 0, averagePerWeek: 0 });
    expect(usageLevel([makeRollup(today, { prompts: 1 })], today)).toMatchObject({ level: 'low', totalPrompts: 1, activeWeeks: 1 });
  });

  it('counts prompts only: a tab left open, copies or responses do not make a user', () => {
    const idle = makeRollup(today, { engagedSeconds: 3600, copies: 5, responses: 5, events: 11, features: { web_search: 3 } });
    expect(usageLevel([idle], today).level).toBe('non_user');
  });
});

describe('usageLevel window', () => {
  it('counts from the Monday 11 weeks before this one, and not the Sunday before it, nor a day after today', () => {
    expect(monday(1)).toBe('2024-12-23');
    expect(usageLevel([makeRollup(monday(1), { prompts: 1 })], today)).toMatchObject({ level: 'low', totalPrompts: 1, activeWeeks: 1 });
    expect(usageLevel([makeRollup(addDays(monday(1), -1), { prompts: 50 })], today)).toMatchObject({ level: 'non_user', totalPrompts: 0 });
    expect(usageLevel([makeRollup(addDays(today, 1), { prompts: 50 })], today)).toMatchObject({ level: 'non_user', totalPrompts: 0 });
  });

  it('cuts weeks at Mondays (ISO weeks), not at 7-day blocks ending today', () => {
    const sameWeek = [makeRollup(today, { prompts: 1 }), makeRollup(monday(12), { prompts: 1 })];
    const twoWeeks = [makeRollup(monday(12), { prompts: 1 }), makeRollup(addDays(monday(12), -1), { prompts: 1 })];
    expect(usageLevel(sameWeek, today).activeWeeks).toBe(1);
    expect(usageLevel(twoWeeks, today).activeWeeks).toBe(2);
  });

  it('changes only when a week turns: Monday to Friday every other week is the same level on every day', () => {
    // Worked Monday to Friday, 3 prompts a day, in every other week for half a year.
    const rows: DailyRollup[] = [];
    for (let w = 0; w < 26; w += 2) for (let d = 0; d < 5; d++) rows.push(makeRollup(addDays(monday(12 - w), d), { prompts: 3 }));
    // With 7-day blocks ending today this read Habitual (10 of 12 blocks) from Monday to Thursday and Novice from Friday to Sunday.
    for (let back = 0; back < 28; back++) {
      const day = addDays(today, -back);
      expect(usageLevel(rows, day), day).toMatchObject({ level: 'novice', activeWeeks: 6 });
    }
  });

  it('sums the rows of several devices and tools for the same day', () => {
    const a = weeks(repeat(8, 12), TEST_DEVICES[0]);
    const b = weeks(repeat(7, 12), TEST_DEVICES[1]);
    expect(usageLevel(a, today).level).toBe('habitual');
    expect(usageLevel(b, today).level).toBe('habitual');
    expect(usageLevel([...a, ...b], today)).toMatchObject({ level: 'power', totalPrompts: 180, activeWeeks: 12 });
    const tools = [makeRollup(today, { prompts: 6 }, { tool: 'chatgpt' }), makeRollup(today, { prompts: 6 }, { tool: 'claude' })];
    expect(usageLevel(tools, today)).toMatchObject({ level: 'novice', totalPrompts: 12, activeWeeks: 1 });
  });

  it('refuses a malformed today rather than return an empty level', () => {
    expect(() => usageLevel([], '2025-02-30')).toThrow(RangeError);
    expect(() => usageLevel([], 'today')).toThrow(/YYYY-MM-DD/);
  });
});

describe('maturity', () => {
  it('reads the bands with their lower edge included', () => {
    expect(maturity(0)).toBe('initial');
    expect(maturity(0.1999)).toBe('initial');
    expect(maturity(0.2)).toBe('ramping');
    expect(maturity(1 / 5)).toBe('ramping');
    expect(maturity(0.3999)).toBe('ramping');
    expect(maturity(0.4)).toBe('embedding');
    expect(maturity(0.5999)).toBe('embedding');
    expect(maturity(3 / 5)).toBe('integrated');
    expect(maturity(1)).toBe('integrated');
  });

  it('refuses a share that is not a fraction', () => {
    expect(() => maturity(20)).toThrow(/fraction from 0 to 1/);
    expect(() => maturity(-0.1)).toThrow(RangeError);
    expect(() => maturity(Number.NaN)).toThrow(RangeError);
  });
});
