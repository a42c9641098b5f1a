import { describe, expect, it } from 'vitest';
import { addDays } from './day';
import { addWeeks, isIsoWeek, isoWeekOf, weekAcceptedFrom, weekClosesAt, weekEnd, weekRange, weekStart, weeksBetween, weeksInIsoYear } from './week';

describe('ISO weeks', () => {
  it('numbers days as ISO 8601 does, across year ends', () => {
    expect(isoWeekOf('2026-12-02')).toBe('2026-W49');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01'); // Monday of the week holding 1 January 2026 (a Thursday)
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53'); // Sunday: still the last week of 2020
    expect(isoWeekOf('2021-01-04')).toBe('2021-W01');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
  });
  it('knows which years have 53 weeks', () => {
    expect(weeksInIsoYear(2020)).toBe(53);
    expect(weeksInIsoYear(2025)).toBe(52);
    expect(weeksInIsoYear(2026)).toBe(53);
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2025-W52')).toBe(true);
    expect(isIsoWeek('2026-W54')).toBe(false);
    expect(isIsoWeek('2025-W00')).toBe(false);
    expect(isIsoWeek('2025-w01')).toBe(false);
  });
  it('every day of a week maps back to it, Monday to Sunday', () => {
    for (const week of ['2020-W53', '2026-W01', '2026-W49', '2027-W10']) {
      const monday = weekStart(week);
      expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(weekEnd(week)).toBe(addDays(monday, 6));
      for (let i = 0; i < 7; i++) expect(isoWeekOf(addDays(monday, i))).toBe(week);
      expect(isoWeekOf(addDays(monday, -1))).toBe(addWeeks(week, -1));
    }
  });
  it('counts and lists weeks', () => {
    expect(addWeeks('2026-W52', 2)).toBe('2027-W01');
    expect(weeksBetween('2026-W40', '2026-W49')).toBe(9);
    expect(weekRange('2027-W01', 3)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
  });
  it('accepts a week once Sunday has ended in UTC+14, and closes it 14 days after it ended in UTC−12', () => {
    // 2026-W48 ends on Sunday 29 November.
    expect(new Date(weekAcceptedFrom('2026-W48')).toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(new Date(weekClosesAt('2026-W48')).toISOString()).toBe('2026-12-14T12:00:00.000Z');
  });
});
