/**
 * Realistic usage histories, written as a Leadline export file, for the
 * end-to-end test and the popup benchmark. A history is first a *plan*: per
 * local day and tool, how many conversations of how many prompts, copies,
 * features. The events are generated from the plan, and the expected figures
 * a test checks are counted from the plan too, never from the code under test.
 */
import { localDay, addDays, daysBetween } from '../../src/contract/day';
import { addWeeks, isoWeekOf, weekStart, weeksBetween } from '../../src/contract/week';
import type { StoredEvent } from '../../src/contract/events';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, type ExportFile } from '../../src/contract/export';
import type { Feature } from '../../src/contract/buckets';
import { rollupEvents } from '../../src/metrics/rollup';

export interface DayPlan {
  day: string;
  tool: string;
  /** Prompts per conversation, e.g. [1, 4] = two conversations, of 1 and 4 prompts. */
  conversations: number[];
  copies: number;
  /** Prompts (of the day's total) that are long or carry a file. */
  contextRich: number;
  regenerations: number;
  features: Feature[];
}

/** Small deterministic PRNG (mulberry32), so a history is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const weekday = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday

/** The first day of the level window: the Monday of the ISO week 11 weeks before today's. */
export const levelWindowStart = (today: string) => weekStart(addWeeks(isoWeekOf(today), -11));

/**
 * A habitual user: active on weekdays in 10 of the last 12 ISO weeks (weeks 3 and 7,
 * counted from the oldest, are holidays), two or three prompts a working day,
 * mostly in ChatGPT, some Claude, Gemini now and then. Averages about 12
 * prompts a week: Habitual, not Power.
 */
export function habitualPlan(today: string): DayPlan[] {
  const random = rng(42);
  const plans: DayPlan[] = [];
  for (let back = daysBetween(levelWindowStart(today), today); back >= 0; back--) {
    const day = addDays(today, -back);
    const week = 12 - weeksBetween(isoWeekOf(day), isoWeekOf(today)); // 1 = oldest … 12 = the current week
    const wd = weekday(day);
    if (wd === 0 || wd === 6 || week === 3 || week === 7) continue;
    const n = 2 + (random() < 0.5 ? 1 : 0);
    const tool = back % 5 === 0 ? 'claude' : back % 11 === 0 ? 'gemini' : 'chatgpt';
    const conversations = n === 3 ? [3] : [1, 1];
    plans.push({
      day,
      tool,
      conversations,
      copies: random() < 0.6 ? 1 : 0,
      contextRich: random() < 0.4 ? 1 : 0,
      regenerations: random() < 0.2 ? 1 : 0,
      features: back % 9 === 0 ? ['file_upload'] : back % 13 === 0 ? ['web_search'] : [],
    });
  }
  return plans;
}

/** How one person uses AI, week after week: the knobs of steadyPlan. */
export interface UsagePattern {
  /** Seed of the day-to-day variation, so two people with the same pattern still differ. */
  seed: number;
  /** Active in the last `weeks` ISO weeks (counting the current one), nothing before. */
  weeks: number;
  /** Active weekdays in each of those weeks, from Monday. */
  daysPerWeek: number;
  /** Prompts on an active day (split into conversations of at most 4). */
  promptsPerDay: number;
  /** Tools used, in turn, one per active day. */
  tools: string[];
  features?: Feature[];
}

/**
 * A steady habit: the same number of prompts on the same weekdays every
 * week, for the last `weeks` weeks. Different patterns land on different
 * levels and depth scores, which is what a team of imported histories needs.
 */
export function steadyPlan(p: UsagePattern, today: string): DayPlan[] {
  const random = rng(p.seed);
  const plans: DayPlan[] = [];
  let n = 0;
  for (let w = p.weeks - 1; w >= 0; w--) {
    const monday = weekStart(addWeeks(isoWeekOf(today), -w));
    for (let d = 0; d < p.daysPerWeek; d++) {
      const day = addDays(monday, d);
      if (day > today) break;
      const conversations: number[] = [];
      for (let left = p.promptsPerDay; left > 0; left -= 4) conversations.push(Math.min(4, left));
      plans.push({
        day,
        tool: p.tools[n++ % p.tools.length]!,
        conversations,
        copies: Math.floor(random() * (p.promptsPerDay + 1)),
        contextRich: Math.floor(random() * (p.promptsPerDay + 1)),
        regenerations: random() < 0.3 ? 1 : 0,
        features: p.features && random() < 0.5 ? p.features : [],
      });
    }
  }
  return plans;
}

/** Heavy use for a year: 50 prompts every day across 4 tools (the popup's speed target). */
export function heavyYearPlan(today: string, days = 365): DayPlan[] {
  const tools = ['chatgpt', 'claude', 'gemini', 'copilot'];
  const plans: DayPlan[] = [];
  for (let back = days - 1; back >= 0; back--) {
    const day = addDays(today, -back);
    for (const tool of tools) {
      // 12 or 13 prompts per tool: 50 a day in all.
      const prompts = tool === 'chatgpt' || tool === 'claude' ? 13 : 12;
      const conversations = [5, 4, prompts - 9];
      plans.push({ day, tool, conversations, copies: 4, contextRich: 3, regenerations: 1, features: ['file_upload', 'web_search'] });
    }
  }
  return plans;
}

let counter = 0;
const eventId = () => `hist${String(++counter).padStart(16, '0')}`;
const hex32 = (random: () => number) =>
  Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');

/** The events a plan stands for, at minute resolution within the day's working hours. */
export function eventsOf(plans: readonly DayPlan[], seed = 7): StoredEvent[] {
  const random = rng(seed);
  const events: StoredEvent[] = [];
  let seq = 0;
  for (const p of plans) {
    const [y, m, d] = p.day.split('-').map(Number) as [number, number, number];
    let minute = 9 * 60;
    const at = () => {
      minute = Math.min(minute + 1, 23 * 60 + 59);
      const ts = new Date(y, m - 1, d, Math.floor(minute / 60), minute % 60).getTime();
      return { ts, day: localDay(ts) };
    };
    const base = (conv: string | null) => ({ v: 1 as const, id: eventId(), tool: p.tool, conv, seq: ++seq, ...at() });
    let rich = p.contextRich;
    let copies = p.copies;
    let regens = p.regenerations;
    for (const size of p.conversations) {
      const conv = hex32(random);
      events.push({ ...base(conv), kind: 'conversation_started' });
      for (let turn = 1; turn <= size; turn++) {
        const isRich = rich-- > 0;
        events.push({ ...base(conv), kind: 'prompt_sent', size: isRich ? 'l' : 's', attachments: 0, mode: 'new', turn });
        events.push({ ...base(conv), kind: 'response_completed', size: 'm', hasCode: false, duration: '5to15s' });
        if (copies-- > 0) events.push({ ...base(conv), kind: 'response_copied' });
        if (regens-- > 0) events.push({ ...base(conv), kind: 'response_regenerated' });
      }
    }
    for (const feature of p.features) events.push({ ...base(null), kind: 'feature_used', feature });
    events.push({ ...base(null), kind: 'engaged_time', seconds: 60 * p.conversations.reduce((a, b) => a + b, 0) });
  }
  return events;
}

export const HISTORY_DEVICE = 'a1b2c3d4e5f60718';

/**
 * An export as another computer would write it: rollups for every day, raw
 * events only for the last `rawDays` days (older ones were pruned there).
 */
export function exportOf(plans: readonly DayPlan[], today: string, rawDays = 30): ExportFile {
  const events = eventsOf(plans);
  const cutoff = addDays(today, -(rawDays - 1));
  return {
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: new Date().toISOString(),
    device: HISTORY_DEVICE,
    eventsByDevice: { [HISTORY_DEVICE]: events.filter((e) => e.day >= cutoff) },
    rollups: rollupEvents(events, HISTORY_DEVICE),
    settings: {},
  };
}

/** Figures counted straight from a plan, to compare with what the popup shows. */
export function expectedFigures(plans: readonly DayPlan[], today: string) {
  const inWindow = (p: DayPlan, days: number) => p.day > addDays(today, -days) && p.day <= today;
  const prompts = (p: DayPlan) => p.conversations.reduce((a, b) => a + b, 0);
  const last12 = plans.filter((p) => p.day >= levelWindowStart(today) && p.day <= today);
  const weeks = new Set(last12.filter((p) => prompts(p) > 0).map((p) => isoWeekOf(p.day)));
  const total12 = last12.reduce((a, p) => a + prompts(p), 0);
  const last28 = plans.filter((p) => inWindow(p, 28));
  const activeDays28 = new Set(last28.filter((p) => prompts(p) > 0).map((p) => p.day)).size;
  const byTool: Record<string, { prompts: number; days: Set<string> }> = {};
  for (const p of last28) {
    const t = (byTool[p.tool] ??= { prompts: 0, days: new Set() });
    t.prompts += prompts(p);
    t.days.add(p.day);
  }
  // What eventsOf() makes of a day: one response per prompt; copies, regenerations and
  // long prompts at most one per prompt; each conversation within one day.
  let conversations = 0;
  let iterative = 0;
  let copies = 0;
  let regenerations = 0;
  let rich = 0;
  const features = new Set<string>();
  for (const p of last28) {
    const n = prompts(p);
    conversations += p.conversations.length;
    iterative += p.conversations.filter((size) => size >= 3).length;
    copies += Math.min(p.copies, n);
    regenerations += Math.min(p.regenerations, n);
    rich += Math.min(p.contextRich, n);
    for (const f of p.features) features.add(f);
  }
  const prompts28 = last28.reduce((a, p) => a + prompts(p), 0);
  // This ISO week, Monday to today, against the same days of last week.
  const monday = weekStart(isoWeekOf(today));
  const span = daysBetween(monday, today);
  const between = (from: string, to: string) => plans.filter((p) => p.day >= from && p.day <= to);
  const thisWeek = between(monday, today);
  const lastWeek = between(addDays(monday, -7), addDays(monday, -7 + span));
  const week = {
    thisWeek: thisWeek.reduce((a, p) => a + prompts(p), 0),
    lastWeek: lastWeek.reduce((a, p) => a + prompts(p), 0),
    activeDaysThis: new Set(thisWeek.filter((p) => prompts(p) > 0).map((p) => p.day)).size,
  };
  return {
    week,
    iterativeShare: iterative / conversations,
    editsRegensPerConversation: regenerations / conversations,
    distinctFeatures: features.size,
    copiesPerResponse: copies / prompts28,
    contextRichShare: rich / prompts28,
    activeWeeks: weeks.size,
    totalPrompts12: total12,
    averagePerWeek: total12 / 12,
    activeDays28,
    prompts28,
    tools28: Object.fromEntries(Object.entries(byTool).map(([k, v]) => [k, { prompts: v.prompts, activeDays: v.days.size }])),
  };
}
