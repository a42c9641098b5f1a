/**
 * ISO weeks (Monday to Sunday, in the member's local calendar): the one unit
 * of time that leaves the device. The popup's 12-week level, the sync
 * snapshot and the collector's report all count weeks with these functions.
 * Plain functions on 'YYYY-MM-DD' days and 'YYYY-Www' weeks, no Date objects
 * in local time, so a time zone or DST change never moves a week.
 */
import { addDays } from './day';

export const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;
export type IsoWeek = `${number}-W${string}`;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function utcDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}
/** Monday = 0 … Sunday = 6. */
function weekday(day: string): number {
  return (utcDate(day).getUTCDay() + 6) % 7;
}
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The ISO week a local day belongs to, e.g. '2026-12-02' → '2026-W49'. */
export function isoWeekOf(day: string): string {
  const thursday = addDays(day, 3 - weekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.floor((utcDate(thursday).getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${pad2(week)}`;
}

/** Weeks in an ISO year: 52, or 53 when 28 December falls in week 53. */
export function weeksInIsoYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).endsWith('W53') ? 53 : 52;
}

/** Whether a string is a real ISO week ('2025-W53' is not: 2025 has 52). */
export function isIsoWeek(week: string): boolean {
  const m = ISO_WEEK_PATTERN.exec(week);
  if (!m) return false;
  const year = Number(m[1]);
  const n = Number(m[2]);
  // Every ISO year has 52 weeks; only week 53 needs the calendar (ingest checks a week per snapshot).
  return year >= 2000 && year <= 9998 && n >= 1 && (n <= 52 || (n === 53 && weeksInIsoYear(year) === 53));
}

/** The Monday of an ISO week, 'YYYY-MM-DD'. */
export function weekStart(week: string): string {
  const m = ISO_WEEK_PATTERN.exec(week);
  if (!m) throw new RangeError(`Not an ISO week: ${week} (expected YYYY-Www)`);
  const jan4 = `${m[1]}-01-04`;
  return addDays(jan4, -weekday(jan4) + (Number(m[2]) - 1) * 7);
}

/** The Sunday of an ISO week. */
export function weekEnd(week: string): string {
  return addDays(weekStart(week), 6);
}

/** The week `n` weeks after `week` (negative: before). */
export function addWeeks(week: string, n: number): string {
  return isoWeekOf(addDays(weekStart(week), n * 7));
}

/** Whole weeks from `from` to `to` (positive when `to` is later). */
export function weeksBetween(from: string, to: string): number {
  return Math.round((utcDate(weekStart(to)).getTime() - utcDate(weekStart(from)).getTime()) / (7 * DAY_MS));
}

/** The last `count` weeks ending with `last`, oldest first. */
export function weekRange(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addWeeks(last, i - count + 1));
}

/** UTC+14 is the earliest time zone: a week can have ended for some member from then on. */
export const EARLIEST_UTC_OFFSET_HOURS = 14;
/** UTC−12 is the latest: a week has ended for every member from then on. */
export const LATEST_UTC_OFFSET_HOURS = -12;
/** Days a week stays open after it has ended everywhere, so late devices can still send or replace. */
export const DEFAULT_WEEK_OPEN_DAYS = 14;

/** The first instant (epoch ms) at which a snapshot for `week` is accepted: Sunday has ended in UTC+14. */
export function weekAcceptedFrom(week: string): number {
  return utcDate(addDays(weekEnd(week), 1)).getTime() - EARLIEST_UTC_OFFSET_HOURS * HOUR_MS;
}

/** The instant (epoch ms) at which `week` closes: `openDays` after Sunday has ended in UTC−12. */
export function weekClosesAt(week: string, openDays = DEFAULT_WEEK_OPEN_DAYS): number {
  return utcDate(addDays(weekEnd(week), 1)).getTime() - LATEST_UTC_OFFSET_HOURS * HOUR_MS + openDays * DAY_MS;
}
