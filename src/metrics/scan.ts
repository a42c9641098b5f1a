/**
 * The one pass over the rollups that every figure is derived from. A year of
 * heavy use is about 1,500 rows; the summary reads them once and keeps only
 * per-day and per-tool sums of the windows, so everything after is O(days).
 *
 * Rows are summed, never deduplicated: several devices each have their own
 * row for the same tool and day, and a person's use is the sum of them.
 */
import { addDays, daysBetween } from '../contract/day';
import type { DailyRollup } from '../contract/rollup';
import { DAYS_PER_WEEK, LEVEL_DAYS, LEVEL_WEEKS, PROFILE_DAYS } from './definitions';

export interface ToolSums {
  prompts: number;
  conversations: number;
  responses: number;
  copies: number;
  /** Prompts by day offset (0 = today) over the profile window. */
  dayPrompts: Float64Array;
}

export interface ProfileSums {
  prompts: number;
  edits: number;
  regenerations: number;
  conversations: number;
  iterativeConversations: number;
  responses: number;
  copies: number;
  contextRichPrompts: number;
}

export interface Scan {
  today: string;
  /** Today's weekday, Monday = 0 … Sunday = 6: where today falls in its ISO week. */
  weekday: number;
  hasData: boolean;
  firstDay: string | null;
  /** By day offset, 0 = today, over the level window (which holds every other window). */
  dayPrompts: Float64Array;
  dayConversations: Float64Array;
  dayCopies: Float64Array;
  /** Sums over the profile window. */
  profile: ProfileSums;
  /** Features with at least one use in the profile window. */
  features: Set<string>;
  /** Tools with a row in the profile window. */
  tools: Map<string, ToolSums>;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Throws when `today` is not a real calendar day, since every window would silently come out empty. */
export function checkDay(today: string): void {
  if (!DAY_PATTERN.test(today) || addDays(today, 0) !== today) {
    throw new RangeError(`"today" must be a local day written YYYY-MM-DD (for example from localDay(Date.now())), got "${today}".`);
  }
}

export function scan(rollups: readonly DailyRollup[], today: string): Scan {
  checkDay(today);
  const s: Scan = {
    today,
    weekday: isoWeekday(today),
    hasData: false,
    firstDay: null,
    dayPrompts: new Float64Array(LEVEL_DAYS),
    dayConversations: new Float64Array(LEVEL_DAYS),
    dayCopies: new Float64Array(LEVEL_DAYS),
    profile: { prompts: 0, edits: 0, regenerations: 0, conversations: 0, iterativeConversations: 0, responses: 0, copies: 0, contextRichPrompts: 0 },
    features: new Set(),
    tools: new Map(),
  };
  // Many rows share a day (one per tool and device): parse each day once.
  const offsets = new Map<string, number>();
  for (const r of rollups) {
    let k = offsets.get(r.day);
    if (k === undefined) {
      k = DAY_PATTERN.test(r.day) ? daysBetween(r.day, today) : Number.NaN;
      offsets.set(r.day, k);
    }
    // The schema guarantees the day's shape; a row that still fails it cannot be placed in any window.
    if (!Number.isFinite(k)) continue;
    s.hasData = true;
    if (s.firstDay === null || r.day < s.firstDay) s.firstDay = r.day;
    // A day after today (a device whose clock or time zone runs ahead) belongs to no window yet.
    if (k < 0 || k >= LEVEL_DAYS) continue;
    s.dayPrompts[k]! += r.prompts;
    s.dayConversations[k]! += r.conversations;
    s.dayCopies[k]! += r.copies;
    if (k >= PROFILE_DAYS) continue;
    const p = s.profile;
    p.prompts += r.prompts;
    p.edits += r.edits;
    p.regenerations += r.regenerations;
    p.conversations += r.conversations;
    p.iterativeConversations += r.iterativeConversations;
    p.responses += r.responses;
    p.copies += r.copies;
    p.contextRichPrompts += r.contextRichPrompts;
    for (const [feature, count] of Object.entries(r.features)) if (count && count > 0) s.features.add(feature);
    let t = s.tools.get(r.tool);
    if (!t) {
      t = { prompts: 0, conversations: 0, responses: 0, copies: 0, dayPrompts: new Float64Array(PROFILE_DAYS) };
      s.tools.set(r.tool, t);
    }
    t.prompts += r.prompts;
    t.conversations += r.conversations;
    t.responses += r.responses;
    t.copies += r.copies;
    t.dayPrompts[k]! += r.prompts;
  }
  return s;
}

/** Days (offsets from..to-1) with at least one value above zero. */
export function countActive(byDay: Float64Array, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (byDay[k]! > 0) n++;
  return n;
}

export function sumRange(byDay: Float64Array, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) n += byDay[k]!;
  return n;
}

/** Monday = 0 … Sunday = 6 (ISO 8601). */
export function isoWeekday(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * The day offsets [from, to) of week `i` of the level window, 0 = the oldest,
 * LEVEL_WEEKS − 1 = the current ISO week. Weeks are calendar weeks, Monday to
 * Sunday, as the Copilot Dashboard counts them and as the sync snapshot
 * reports them, so a level changes only when a week turns. The current week
 * runs from its Monday to today (the rest of it has not happened yet).
 */
export function weekBlock(weekday: number, i: number): [from: number, to: number] {
  if (i === LEVEL_WEEKS - 1) return [0, weekday + 1];
  const from = weekday + 1 + (LEVEL_WEEKS - 2 - i) * DAYS_PER_WEEK;
  return [from, from + DAYS_PER_WEEK];
}
