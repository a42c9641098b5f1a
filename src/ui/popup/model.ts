/**
 * The popup's decisions, pure: which view to show, and every figure as the
 * words people read. Components only render what these return, so the wording
 * of a level or a dimension is tested here, in one place.
 */
import { FEATURES } from '../../contract/buckets';
import { recordedToolIds } from '../../contract/recorded-tools';
import { addDays, daysBetween, localDay } from '../../contract/day';
import { LEVELS } from '../../contract/depth';
import { activePause, type PauseState } from '../../data/pause';
import { LEVEL_DAYS } from '../../metrics/definitions';
import { clampScore } from '../../metrics/profile';
import { DIMENSIONS, type DimensionId, type DimensionResult, type Level, type LevelResult, type Summary, type ToolBreakdown, type TrendWeek, type WeekChange } from '../../metrics/types';
import { formatDay, formatNumber, t, tp, uiLocale, type MessageKey } from '../../platform/i18n';

/** The days a level looks at (12 weeks, today included): the popup reads rollups from today − 83 on. */
export const LEVEL_WINDOW_DAYS = LEVEL_DAYS;

export type PopupView = 'loading' | 'error' | 'hidden' | 'empty' | 'summary';

/**
 * What the main area shows. Nothing but "loading" until the data has been read,
 * so a summary hidden by policy never flashes on screen.
 */
export function popupView(state: { summary: Summary | null; failed: boolean }, showPersonalSummary: boolean): PopupView {
  if (!state.summary && !state.failed) return 'loading';
  if (!showPersonalSummary) return 'hidden';
  if (!state.summary) return 'error';
  return state.summary.hasData ? 'summary' : 'empty';
}

// ── Level ──────────────────────────────────────────────────────────────────

export function levelName(level: Level): string {
  return t(`popup_level_${level}` as MessageKey);
}

/** The rule a level stands for, in the Copilot Dashboard's terms. */
export function levelMeaning(level: Level): string {
  return t(`popup_level_${level}_meaning` as MessageKey);
}

/** The level in one plain sentence: what it says about the person's use. */
export function levelLine(level: Level): string {
  return t(`popup_level_${level}_line` as MessageKey);
}

/** Where the level stands on the five-step ladder, 1 (Non-user) to 5 (Power). */
export function levelStep(level: Level): number {
  return LEVELS.indexOf(level) + 1;
}

/** The person's own figures behind the level. */
export function levelFigures(r: LevelResult): string {
  return t('popup_level_figures', formatNumber(r.activeWeeks), formatNumber(r.weeks), formatNumber(r.averagePerWeek, { maximumFractionDigits: 1 }));
}

/**
 * Days of history, from the first day with data to today, inclusive; null
 * when 12 weeks or more are covered (the level then has its whole window).
 */
export function shortHistoryDays(firstDay: string | null, today: string): number | null {
  if (!firstDay) return null;
  const days = daysBetween(firstDay, today) + 1;
  return days < LEVEL_WINDOW_DAYS ? Math.max(days, 1) : null;
}

/**
 * Why the level may not say much yet. A history shorter than 12 weeks says
 * how long it is: counted from the install day when Leadline recorded it all
 * here, and as "some of it imported" when an import reaches further back than
 * the install. A history that is all older than the window says where it
 * starts, so a Non-user level after an old import is not a mystery.
 */
export function historyNote(s: Pick<Summary, 'firstDay' | 'today' | 'level'>, installDay: string | null, windowStart: string): string | null {
  if (!s.firstDay) return null;
  if (s.level.totalPrompts === 0 && s.firstDay < windowStart) {
    return t('popup_old_history', formatDay(s.firstDay, { day: 'numeric', month: 'long', year: 'numeric' }));
  }
  const days = shortHistoryDays(s.firstDay, s.today);
  if (days === null) return null;
  if (installDay && s.firstDay < installDay) return tp('popup_short_history_imported', days);
  const since = installDay && installDay > s.firstDay ? installDay : s.firstDay;
  return tp('popup_short_history', Math.max(1, daysBetween(since, s.today) + 1));
}

/** The first day of the 12 ISO weeks a level looks at, for `today`. */
export function levelWindowStart(trend: readonly TrendWeek[], today: string): string {
  return trend[0]?.start ?? addDays(today, -(LEVEL_WINDOW_DAYS - 1));
}

// ── Depth profile ──────────────────────────────────────────────────────────

export function dimensionName(id: DimensionId): string {
  return t(`popup_dim_${id}` as MessageKey);
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const twoDecimals = (n: number) => Math.round(n * 100) / 100;
const percent = (share: number) => formatNumber(share, { style: 'percent', maximumFractionDigits: 0 });

/** A dimension's raw figure in its own unit (days, prompts per day, a share, a count…). */
export function dimensionRaw(d: DimensionResult): string {
  switch (d.id) {
    case 'habit':
      return tp('popup_dim_habit_raw', Math.round(d.raw));
    case 'intensity':
      return tp('popup_dim_intensity_raw', oneDecimal(d.raw));
    case 'iteration':
      return t('popup_dim_iteration_raw', percent(d.raw));
    case 'capability_breadth':
      return t('popup_dim_capability_breadth_raw', formatNumber(Math.round(d.raw)), formatNumber(FEATURES.length));
    case 'tool_breadth':
      return tp('popup_dim_tool_breadth_raw', Math.round(d.raw));
    case 'output_reuse':
      return tp('popup_dim_output_reuse_raw', twoDecimals(d.raw));
    case 'context_richness':
      return t('popup_dim_context_richness_raw', percent(d.raw));
  }
}

/** The second figure of a composite dimension (iteration's edits and regenerations), if any. */
export function dimensionDetail(d: DimensionResult): string | null {
  const perConversation = d.parts?.['editsRegensPerConversation'];
  if (d.id !== 'iteration' || perConversation === undefined) return null;
  return t('popup_dim_iteration_parts', formatNumber(oneDecimal(perConversation)));
}

/** Scores are promised as 0–100 integers; a stray value must not draw a broken meter (the model's own clamp). */
export { clampScore };

export interface DimensionRow {
  id: DimensionId;
  name: string;
  raw: number;
  rawText: string;
  detail: string | null;
  score: number;
  scoreText: string;
}

export function dimensionRows(profile: readonly DimensionResult[]): DimensionRow[] {
  return profile.map((d) => {
    const score = clampScore(d.score);
    return { id: d.id, name: dimensionName(d.id), raw: d.raw, rawText: dimensionRaw(d), detail: dimensionDetail(d), score, scoreText: t('popup_dim_score', formatNumber(score)) };
  });
}

// ── This week against last week ────────────────────────────────────────────

export type Direction = 'up' | 'down' | 'same';

export function changeDirection(change: number): Direction {
  return change > 0 ? 'up' : change < 0 ? 'down' : 'same';
}

/** The change in words and a symbol, never colour alone. */
export function changeText(change: number): string {
  const direction = changeDirection(change);
  if (direction === 'same') return t('popup_change_same');
  return t(direction === 'up' ? 'popup_change_up' : 'popup_change_down', formatNumber(Math.abs(change)));
}

const METRIC_KEYS: Record<WeekChange['metric'], MessageKey> = {
  prompts: 'popup_metric_prompts',
  activeDays: 'popup_metric_active_days',
  conversations: 'popup_metric_conversations',
  copies: 'popup_metric_copies',
};

export function metricName(metric: WeekChange['metric']): string {
  return t(METRIC_KEYS[metric]);
}

// ── Trend ──────────────────────────────────────────────────────────────────

export function weekRange(w: TrendWeek): string {
  return t('popup_week_range', formatDay(w.start), formatDay(w.end));
}

/** The chart's accessible name states every figure, so nothing depends on seeing the canvas. */
export function trendLabel(trend: readonly TrendWeek[]): string {
  const list = (values: number[]) => values.map((v) => formatNumber(v)).join(', ');
  return t('popup_trend_label', list(trend.map((w) => w.prompts)), list(trend.map((w) => w.activeDays)));
}

// ── Tools ──────────────────────────────────────────────────────────────────

export interface ToolInfo {
  id: string;
  name: string;
}

/** Display names: built-ins, then tools IT added; an id nobody knows (a removed custom tool) is shown as itself. */
export function toolNamer(builtIns: readonly ToolInfo[], customTools: readonly ToolInfo[]): (id: string) => string {
  const names = new Map<string, string>([...builtIns, ...customTools].map((t) => [t.id, t.name]));
  return (id) => names.get(id) ?? id;
}

export interface ToolRow extends ToolBreakdown {
  name: string;
}

export function toolRows(tools: readonly ToolBreakdown[], name: (id: string) => string): ToolRow[] {
  return tools.map((tool) => ({ ...tool, name: name(tool.tool) }));
}

/** The names of the tools recorded on this browser, for the empty state. */
export function recordedToolNames(
  config: Parameters<typeof recordedToolIds>[0],
  name: (id: string) => string,
): string[] {
  return [...new Set(recordedToolIds(config))].map(name);
}

// ── Pause ──────────────────────────────────────────────────────────────────

export type { PauseState };

/** True while a pause is in force; an ended pause reads as not paused even before storage says so. */
export function isPaused(pause: PauseState | null | undefined, now: number): pause is PauseState {
  return activePause(pause, now) !== null;
}

/**
 * "Paused until 15:30" today, with the weekday when it ends on another day
 * (a pause until tomorrow ends at midnight, and "00:00" alone would read as
 * tonight or any night); null when not paused.
 */
export function pauseLabel(pause: PauseState | null | undefined, now: number): string | null {
  if (!isPaused(pause, now)) return null;
  if (pause.until === null) return t('popup_paused_until_resume');
  const sameDay = localDay(pause.until) === localDay(now);
  const options: Intl.DateTimeFormatOptions = sameDay ? { hour: 'numeric', minute: '2-digit' } : { weekday: 'long', hour: 'numeric', minute: '2-digit' };
  return t('popup_paused_until', new Intl.DateTimeFormat(uiLocale(), options).format(new Date(pause.until)));
}

// ── Tips ───────────────────────────────────────────────────────────────────

/**
 * One tip per dimension, as messages (`tip_<dimension>` in every locale): the
 * tips are data, chosen here on the device, and never leave it.
 */
export const TIP_KEYS: Record<DimensionId, MessageKey> = Object.fromEntries(DIMENSIONS.map((id) => [id, `tip_${id}` as MessageKey])) as Record<DimensionId, MessageKey>;

/**
 * The dimension with the lowest score: the one where a next step helps most.
 * Ties go to the earlier dimension in DIMENSIONS order, so the tip does not
 * flicker between equal scores. Null for an empty profile.
 */
export function weakestDimension(profile: readonly DimensionResult[]): DimensionId | null {
  let weakest: DimensionResult | null = null;
  for (const d of profile) if (!weakest || clampScore(d.score) < clampScore(weakest.score)) weakest = d;
  return weakest?.id ?? null;
}

export interface Tip {
  dimension: DimensionId;
  name: string;
  text: string;
}

export function tipFor(profile: readonly DimensionResult[]): Tip | null {
  const id = weakestDimension(profile);
  return id ? { dimension: id, name: dimensionName(id), text: t(TIP_KEYS[id]) } : null;
}
