import type { Figure } from '../contract/report';
import { weekEnd, weekStart } from '../contract/week';
import type { Locale, Messages } from './messages';

/**
 * Turning figures into words, in one place: the tables, the charts' text, the
 * CSV and the headline all go through here, so a suppressed figure reads the
 * same everywhere and never shows as a number.
 */
export interface Fmt {
  locale: Locale;
  m: Messages;
  k: number;
}

export type FigureKind = 'count' | 'share' | 'score' | 'days' | 'shareChange' | 'countChange';

/** The number of a published figure, or null when it is suppressed. */
export function valueOf(f: Figure): number | null {
  return f.value;
}

export function formatCount(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** Shares are fractions 0–1: shown as whole percents (one decimal below 1 % so a small share is not shown as 0 %). */
export function formatShare(locale: Locale, share: number): string {
  const digits = share > 0 && share < 0.01 ? 1 : 0;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(share);
}

/** A change of share, in percentage points, always signed. */
export function formatShareChange(locale: Locale, change: number): string {
  const pp = Math.round(change * 1000) / 10;
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(pp);
  return `${n} ${locale === 'ka' ? 'პ.პ.' : 'pp'}`;
}

export function formatCountChange(locale: Locale, change: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(change);
}

export function formatValue(locale: Locale, kind: FigureKind, n: number): string {
  switch (kind) {
    case 'count':
      return formatCount(locale, n);
    case 'share':
      return formatShare(locale, n);
    case 'score':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
    case 'days':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
    case 'shareChange':
      return formatShareChange(locale, n);
    case 'countChange':
      return formatCountChange(locale, n);
  }
}

/** What a reader sees in a cell: the figure, or the reason it is hidden (with the report's real k). */
export function formatFigure(fmt: Fmt, f: Figure, kind: FigureKind): string {
  if (f.value !== null) return formatValue(fmt.locale, kind, f.value);
  return f.suppressed === 'below_k' ? fmt.m.belowK(fmt.k) : fmt.m.withheld;
}

export function isSuppressed(f: Figure): f is Extract<Figure, { value: null }> {
  return f.value === null;
}

function utcDate(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

/** "17–23 Nov 2026" for an ISO week, in the reader's language. */
export function formatWeekRange(locale: Locale, week: string): string {
  const f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return f.formatRange(utcDate(weekStart(week)), utcDate(weekEnd(week)));
}

/** A week's Monday, short ("17 Nov"), for chart axes and table rows. */
export function formatWeekShort(locale: Locale, week: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(utcDate(weekStart(week)));
}

export function formatDateTime(locale: Locale, iso: string | number | Date): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(locale: Locale, iso: string | number | Date): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}

/** Seconds to wait, as words ("2 minutes"), for the 429 message. */
export function formatWait(locale: Locale, seconds: number): string {
  const unit = seconds >= 90 ? 'minute' : 'second';
  const n = unit === 'minute' ? Math.ceil(seconds / 60) : Math.max(1, Math.ceil(seconds));
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}

/** The parent of a team path, or null for a root. */
export function parentOf(team: string): string | null {
  const i = team.lastIndexOf('/');
  return i < 0 ? null : team.slice(0, i);
}

/** The last segment of a path, for a child's row (its parent is the heading). */
export function leafOf(team: string): string {
  return team.slice(team.lastIndexOf('/') + 1);
}

const TOOL_NAMES: Record<string, string> = {
  chatgpt: 'ChatGPT',
  claude: 'Claude',
  gemini: 'Gemini',
  copilot: 'Microsoft Copilot',
  perplexity: 'Perplexity',
  deepseek: 'DeepSeek',
  mistral: 'Mistral Le Chat',
  poe: 'Poe',
};

/** Product names are not translated; a tool IT added shows under its id. */
export function toolName(id: string): string {
  return TOOL_NAMES[id] ?? id;
}
