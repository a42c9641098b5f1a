/**
 * The options page's decisions, pure: which tools are locked and why, what
 * saving a toggle writes, how values and sources are shown. Components only
 * render what these return.
 */
import { localDay } from '../../contract/day';
import type { ImportAdded, ImportFailureReason, ImportResult } from '../../data/import';
import { addWeeks, isoWeekOf, weekStart } from '../../contract/week';
import { recordedToolIds, resolveConfig, SETTINGS, SETTING_KEYS, type Config, type ResolvedConfig, type SettingKey, type Source } from '../../contract/config';
import { formatList, formatNumber, t, type MessageKey } from '../../platform/i18n';
import type { HealthStatus, ToolHealth } from '../../tools/health';

/** Why a control cannot be changed, or null when it can. */
export type Lock = null | 'managed' | 'notApproved';

export interface ToolRow {
  id: string;
  name: string;
  custom: boolean;
  /** Match patterns of a custom tool (IT writes them); empty for built-ins. */
  matches: string[];
  recorded: boolean;
  lock: Lock;
}

/** The minimum a built-in tool needs to be listed. */
export interface ToolInfo {
  id: string;
  name: string;
}

export function toolRows(config: ResolvedConfig, builtIns: readonly ToolInfo[]): ToolRow[] {
  const { values, sources } = config;
  const recorded = new Set(recordedToolIds(values));
  const approved = new Set(values.approvedTools);
  const everyToolLocked = sources.disabledTools === 'policy' || !values.allowUserDisableTools;
  const rows: ToolRow[] = builtIns.map((t) => ({
    id: t.id,
    name: t.name,
    custom: false,
    matches: [],
    recorded: recorded.has(t.id),
    lock: sources.approvedTools === 'policy' && !approved.has(t.id) ? 'notApproved' : everyToolLocked ? 'managed' : null,
  }));
  for (const t of values.customTools) {
    rows.push({ id: t.id, name: t.name, custom: true, matches: [...t.matches], recorded: recorded.has(t.id), lock: everyToolLocked ? 'managed' : null });
  }
  return rows;
}

/** The disabledTools list to save when a tool is switched on or off; other entries are kept as they are. */
export function nextDisabledTools(current: readonly string[], id: string, record: boolean): string[] {
  const rest = current.filter((t) => t !== id);
  return record ? rest : [...rest, id];
}

/** `https://*.example.com/*` → `*.example.com`: what people recognise. */
export function hostOfPattern(pattern: string): string {
  return pattern.replace(/^[a-z*]+:\/\//, '').replace(/\/.*$/, '');
}

export function hostsLabel(matches: readonly string[]): string {
  return [...new Set(matches.map(hostOfPattern))].join(', ');
}

/** True when policy sets the key, or people may never change it. */
export function isLocked(config: ResolvedConfig, key: SettingKey): boolean {
  return config.sources[key] === 'policy' || !SETTINGS[key].userSettable;
}

export const MASK = '••••';

/** A setting's value as JSON; secrets are masked unless empty. Nested or very long values are indented. */
export function formatValue(key: SettingKey | string, value: unknown): string {
  const def = (SETTINGS as Record<string, { secret?: boolean }>)[key];
  if (def?.secret && value !== '' && value !== undefined && value !== null) return MASK;
  const compact = JSON.stringify(value) ?? 'undefined';
  return compact.length > 120 || hasNestedObject(value) ? JSON.stringify(value, null, 2) : compact;
}

function hasNestedObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.values(value).some((v) => typeof v === 'object' && v !== null);
}

const SOURCE_KEYS: Record<Source, MessageKey> = {
  policy: 'options_source_policy',
  user: 'options_source_user',
  default: 'options_source_default',
};

const STATUS_KEYS: Record<HealthStatus, MessageKey> = {
  ok: 'options_status_ok',
  degraded: 'options_status_degraded',
  stale: 'options_status_stale',
  broken: 'options_status_broken',
  no_data: 'options_status_no_data',
};

/**
 * The translated name of every setting. The contract's `title` stays the
 * English source (the deploy templates use it); a Record over SettingKey makes
 * a new setting without a message a type error.
 */
export const SETTING_TITLE_KEYS: Record<SettingKey, MessageKey> = {
  approvedTools: 'options_setting_approved_tools',
  disabledTools: 'options_setting_disabled_tools',
  customTools: 'options_setting_custom_tools',
  selectorOverrides: 'options_setting_selector_overrides',
  syncEnabled: 'options_setting_sync_enabled',
  collectorUrl: 'options_setting_collector_url',
  enrollmentToken: 'options_setting_enrollment_token',
  teamId: 'options_setting_team_id',
  syncIntervalMinutes: 'options_setting_sync_interval_minutes',
  allowUserPause: 'options_setting_allow_user_pause',
  allowUserDisableTools: 'options_setting_allow_user_disable_tools',
  rawRetentionDays: 'options_setting_raw_retention_days',
  consentPreGranted: 'options_setting_consent_pre_granted',
  showPersonalSummary: 'options_setting_show_personal_summary',
  privacyContact: 'options_setting_privacy_contact',
};

export function sourceLabel(source: Source): string {
  return t(SOURCE_KEYS[source]);
}

export function statusLabel(status: HealthStatus): string {
  return t(STATUS_KEYS[status]);
}

export interface ConfigRow {
  key: SettingKey;
  title: string;
  value: string;
  source: Source;
  sourceLabel: string;
}

export function configRows(config: ResolvedConfig): ConfigRow[] {
  return SETTING_KEYS.map((key) => ({
    key,
    title: t(SETTING_TITLE_KEYS[key]),
    value: formatValue(key, config.values[key]),
    source: config.sources[key],
    sourceLabel: sourceLabel(config.sources[key]),
  }));
}

/** The first local day of a window of `days` days ending today (inclusive), DST-safe. */
export function windowStartDay(now: number, days = 7): string {
  const d = new Date(now);
  d.setDate(d.getDate() - (days - 1));
  return localDay(d.getTime());
}

export function engagedMinutes(seconds: number): number {
  return Math.round(seconds / 60);
}

export interface HealthRow {
  id: string;
  name: string;
  status: HealthStatus;
  statusLabel: string;
  why: string;
  prompts: number;
  minutes: number;
}

export function healthRows(tools: readonly ToolInfo[], assess: (id: string) => ToolHealth): HealthRow[] {
  return tools.map((t) => {
    const h = assess(t.id);
    return { id: t.id, name: t.name, status: h.status, statusLabel: statusLabel(h.status), why: healthWhy(h), prompts: h.prompts, minutes: engagedMinutes(h.engagedSeconds) };
  });
}

/**
 * The health detail in the browser's language, rebuilt from the assessment's
 * figures rather than its English `why`; chain names (composer, send…) are
 * technical identifiers and stay as they are.
 */
export function healthWhy(h: ToolHealth): string {
  switch (h.status) {
    case 'no_data':
      return t('options_health_why_no_data');
    case 'stale':
      return t('options_health_why_stale', formatNumber(engagedMinutes(h.engagedSeconds)));
    case 'broken':
      return t('options_health_why_broken', formatList(h.missing, 'unit'));
    case 'degraded':
      return t('options_health_why_degraded', formatList([...h.fallbacks, ...h.missing], 'unit'));
    case 'ok':
      return t('options_health_why_ok');
  }
}

/** Parses the retention field; null when it is not a whole number (the range is checked on save). */
export function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d{1,6}$/.test(t) ? Number(t) : null;
}

// ——— Personal data: export, import, delete ———

/** Larger than any real export (a year of raw events is a few MB); refused before reading so a wrong pick cannot freeze the page. */
export const MAX_IMPORT_MB = 50;
export const MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024;

export function importTooLarge(bytes: number): boolean {
  return bytes > MAX_IMPORT_BYTES;
}

export type ExportKind = 'json' | 'csv';

/** `leadline-export-2025-03-31.json`, `leadline-daily-2025-03-31.csv`: the local day, so files sort by date. */
export function exportFileName(kind: ExportKind, now: number): string {
  const day = localDay(now);
  return kind === 'json' ? `leadline-export-${day}.json` : `leadline-daily-${day}.csv`;
}

export function exportMimeType(kind: ExportKind): string {
  return kind === 'json' ? 'application/json' : 'text/csv;charset=utf-8';
}


const IMPORT_FAILURE_KEYS: Record<ImportFailureReason, MessageKey> = {
  corrupted: 'options_import_corrupted',
  foreign: 'options_import_foreign',
  newer: 'options_import_newer',
  failed: 'options_import_failed',
};

export function importFailureKey(reason: ImportFailureReason): MessageKey {
  // A reason from a newer personal-data module is still a failure the person must hear about.
  return IMPORT_FAILURE_KEYS[reason] ?? 'options_import_failed';
}

/** What an import added, as plural message bases with their counts; empty when nothing was new. */
export function importAddedParts(added: ImportAdded): Array<{ base: string; n: number }> {
  const parts = [
    { base: 'options_import_events', n: added.events },
    { base: 'options_import_rollups', n: added.rollups },
    { base: 'options_import_updated', n: added.updatedRollups },
  ];
  return parts.filter((p) => p.n > 0);
}

/** What the page says after an import: a status on success, an alert (with the English detail) on failure. */
export type ImportOutcome =
  | { kind: 'status'; parts: Array<{ base: string; n: number }>; olderThanLevel?: string }
  | { kind: 'alert'; key: MessageKey; detail?: string };

/**
 * After an import whose newest day is before the 12 ISO weeks a level counts,
 * the page says so, with that day: otherwise the popup's Non-user level right
 * after "77 daily totals added" reads like the import was lost.
 */
export function importOutcome(result: ImportResult, today: string = localDay(Date.now())): ImportOutcome {
  if (result.ok) {
    const newest = result.added.newestDay;
    const windowStart = weekStart(addWeeks(isoWeekOf(today), -11));
    const parts = importAddedParts(result.added);
    return newest && newest < windowStart && parts.length > 0 ? { kind: 'status', parts, olderThanLevel: newest } : { kind: 'status', parts };
  }
  return { kind: 'alert', key: importFailureKey(result.reason), ...(result.message ? { detail: result.message } : {}) };
}

/**
 * What the page shows before managed storage answers (it can take seconds
 * after a browser start): the last known values from the config snapshot over
 * the person's own settings. Provisional: the page shows it read-only until
 * the real configuration, with its sources and warnings, arrives.
 */
export function provisionalConfig(snapshot: Partial<Config> | null, user: Record<string, unknown>): ResolvedConfig | null {
  if (!snapshot) return null;
  const resolved = resolveConfig(undefined, user);
  return { ...resolved, values: { ...resolved.values, ...snapshot }, warnings: [] };
}

