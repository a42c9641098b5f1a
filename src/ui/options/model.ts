/**
 * The options page's decisions, pure: which tools are locked and why, what
 * saving a toggle writes, how values and sources are shown. Components only
 * render what these return.
 */
import { localDay } from '../../contract/day';
import { recordedToolIds, SETTINGS, SETTING_KEYS, type ResolvedConfig, type SettingKey, type Source } from '../../contract/config';
import type { HealthStatus, ToolHealth } from '../../tools/health';
import { SOURCE_LABELS, STATUS_LABELS } from './strings';

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

export function sourceLabel(source: Source): string {
  return SOURCE_LABELS[source];
}

export function statusLabel(status: HealthStatus): string {
  return STATUS_LABELS[status];
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
    title: SETTINGS[key].title,
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
    return { id: t.id, name: t.name, status: h.status, statusLabel: statusLabel(h.status), why: h.why, prompts: h.prompts, minutes: engagedMinutes(h.engagedSeconds) };
  });
}

/** Parses the retention field; null when it is not a whole number (the range is checked on save). */
export function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d{1,6}$/.test(t) ? Number(t) : null;
}
