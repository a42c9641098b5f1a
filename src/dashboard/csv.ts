import type { Figure, TeamReport } from '../contract/report';
import type { Cell, Row, TableModel } from './model';

/**
 * The CSV download, written from the very tables on screen (model.ts), in
 * the layout of the collector's /v1/report.csv (src/collector/report/csv.ts:
 * one figure per line, ids rather than words, values as the report holds
 * them, shares 0–1). Every line of this file is a line of /v1/report.csv for
 * the same team and weeks, so the two can be checked against each other; this
 * one holds only what the page shows, in any screen language.
 */
export const CSV_HEADER = ['week', 'week_status', 'team', 'section', 'key', 'measure', 'value', 'suppressed'] as const;

/** Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
export function guardCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

type Value = string | number | null;
function field(v: Value): string {
  if (v === null) return '';
  return typeof v === 'number' ? String(v) : quote(guardCell(v));
}

interface Place {
  team: string;
  section: string;
  key: string;
  measure: string;
}

/** Where a cell of a table sits in the report's own vocabulary (section, key, measure). */
function place(team: string, table: TableModel['id'], row: Row, column: string): Place {
  switch (table) {
    case 'headline':
      if (row.key === 'change_members') return { team, section: 'change', key: '', measure: 'members' };
      if (row.key.startsWith('change_share_')) return { team, section: 'change', key: row.key.slice('change_share_'.length), measure: 'share' };
      return { team, section: 'headline', key: '', measure: row.key };
    case 'levels':
      return { team, section: 'level', key: row.key, measure: column === 'members' ? 'count' : column };
    case 'trend':
      return column === 'members'
        ? { team, section: 'headline', key: '', measure: 'members' }
        : { team, section: 'level', key: column.slice('share_'.length), measure: 'share' };
    case 'depth':
      return { team, section: 'dimension', key: row.key, measure: column };
    case 'tools':
      return { team, section: 'tool', key: row.key, measure: column };
    case 'features':
      return { team, section: 'feature', key: row.key, measure: column };
    case 'children':
      return row.key === 'other' ? { team, section: 'other', key: '', measure: column } : { team: row.key, section: 'child', key: '', measure: column };
  }
}

function value(cell: Cell): { value: Value; suppressed: string | null } {
  if ('figure' in cell) {
    const f: Figure = cell.figure;
    return { value: f.value, suppressed: f.value === null ? f.suppressed : null };
  }
  return { value: cell.raw === '' ? null : cell.raw, suppressed: null };
}

export function reportCsv(report: TeamReport, tables: readonly TableModel[]): string {
  const status = new Map(report.weeks.map((w) => [w.week, w.status]));
  const lines: string[] = [CSV_HEADER.join(',')];
  const seen = new Set<string>();
  // The trend repeats the headline week's members: a figure shown twice is one line.
  const once = (line: string) => {
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  };
  const push = (week: string, p: Place, v: Value, suppressed: string | null) =>
    once([week, status.get(week) ?? '', p.team, p.section, p.key, p.measure, v, suppressed].map(field).join(','));
  const meta = (measure: string, v: Value) => lines.push(['', '', report.team, 'report', '', measure, v, null].map(field).join(','));
  // The report's heading on screen: k, when it was made, its week.
  meta('k', report.k);
  meta('generated_at', report.generatedAt);
  meta('latest_week', report.latestWeek);
  for (const table of tables) {
    for (const row of table.rows) {
      if (table.id === 'children' && row.status) push(row.week, { team: row.key, section: 'child', key: '', measure: 'status' }, row.status, null);
      row.cells.forEach((cell, i) => {
        const v = value(cell);
        // The blank cells of the "suppressed / other" row hold nothing.
        if (v.value === null && v.suppressed === null && !('figure' in cell)) return;
        push(row.week, place(report.team, table.id, row, table.columns[i]!.key), v.value, v.suppressed);
      });
    }
  }
  // CRLF as RFC 4180 asks, like /v1/report.csv.
  return `${lines.join('\r\n')}\r\n`;
}

export function csvFileName(team: string, week: string, weeks: number): string {
  return `leadline-${team.replaceAll('/', '-')}-${week}-${weeks}w.csv`;
}
