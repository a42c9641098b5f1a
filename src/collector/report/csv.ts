/**
 * The team report as one tidy CSV table: the same figures as the JSON, one
 * figure per row, so a spreadsheet can filter and pivot it. RFC 4180 quoting
 * (CRLF line ends, fields with a comma, quote or line break quoted, quotes
 * doubled), and every text cell that a spreadsheet would read as a formula is
 * defused as OWASP recommends: a leading = + - @ tab or carriage return gets a
 * single quote in front. Numbers are written as numbers (a negative change
 * stays a number: it is produced here, never taken from input).
 */
import type { Figure, Headline, TeamReport } from '../../contract/report';

export const CSV_COLUMNS = ['week', 'week_status', 'team', 'section', 'key', 'measure', 'value', 'suppressed'] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** OWASP CSV injection guard for a text cell. */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Cell = string | number | null;
const cell = (v: Cell): string => {
  if (v === null) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`reportToCsv: a figure is not a finite number (${v}).`);
    return String(v);
  }
  return csvField(defuseFormula(v));
};

export function reportToCsv(report: TeamReport): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const row = (week: string, status: string, team: string, section: string, key: string, measure: string, value: Cell, suppressed: string | null) =>
    lines.push([week, status, team, section, key, measure, value, suppressed].map(cell).join(','));
  const fig = (w: string, s: string, team: string, section: string, key: string, measure: string, f: Figure) =>
    row(w, s, team, section, key, measure, f.value, f.value === null ? f.suppressed : null);
  const headline = (w: string, s: string, team: string, section: string, h: Headline) => {
    row(w, s, team, section, '', 'status', h.status, null);
    fig(w, s, team, section, '', 'members', h.members);
    fig(w, s, team, section, '', 'habitual_or_power_share', h.habitualOrPowerShare);
    fig(w, s, team, section, '', 'power_share', h.powerShare);
    row(w, s, team, section, '', 'maturity', h.maturity, h.maturity === null ? (h.powerShare.value === null ? h.powerShare.suppressed : null) : null);
    fig(w, s, team, section, '', 'active_days_median', h.activeDaysMedian);
  };
  row('', '', report.team, 'report', '', 'k', report.k, null);
  row('', '', report.team, 'report', '', 'generated_at', report.generatedAt, null);
  row('', '', report.team, 'report', '', 'latest_week', report.latestWeek, null);
  for (const wk of report.weeks) {
    const w = wk.week;
    const s = wk.status;
    const t = report.team;
    headline(w, s, t, 'headline', wk.headline);
    for (const l of wk.levels) {
      fig(w, s, t, 'level', l.level, 'count', l.count);
      fig(w, s, t, 'level', l.level, 'share', l.share);
    }
    for (const d of wk.dimensions) for (const m of ['median', 'p25', 'p75'] as const) fig(w, s, t, 'dimension', d.dimension, m, d[m]);
    for (const m of ['median', 'p25', 'p75'] as const) fig(w, s, t, 'active_days', '', m, wk.activeDays[m]);
    for (const d of wk.activeDays.distribution) fig(w, s, t, 'active_days', String(d.days), 'count', d.count);
    for (const x of wk.tools) {
      fig(w, s, t, 'tool', x.tool, 'members', x.members);
      fig(w, s, t, 'tool', x.tool, 'share', x.share);
    }
    for (const x of wk.features) {
      fig(w, s, t, 'feature', x.feature, 'members', x.members);
      fig(w, s, t, 'feature', x.feature, 'share', x.share);
    }
    for (const c of wk.children) headline(w, s, c.team, 'child', c.headline);
    fig(w, s, t, 'other', '', 'members', wk.other.members);
    if (wk.change) {
      fig(w, s, t, 'change', '', 'members', wk.change.members);
      for (const l of wk.change.levelShares) fig(w, s, t, 'change', l.level, 'share', l.change);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
