import type { TableModel } from './model';

/**
 * The CSV download, written from the very tables on screen (model.ts), one
 * line per figure: team, week, table, row, column, value, suppressed. Ids
 * rather than words, so the file reads the same whatever the screen's
 * language, and values as the report holds them (shares 0–1), like
 * /v1/report.csv. A hidden figure has an empty value and its reason.
 */
export const CSV_HEADER = ['team', 'week', 'table', 'row', 'column', 'value', 'suppressed'] as const;

/** Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
export function guardCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function field(v: string | number): string {
  return typeof v === 'number' ? String(v) : quote(guardCell(v));
}

export function reportCsv(team: string, tables: readonly TableModel[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const table of tables) {
    for (const row of table.rows) {
      row.cells.forEach((cell, i) => {
        const column = table.columns[i]!.key;
        if ('figure' in cell) {
          const f = cell.figure;
          lines.push([team, row.week, table.id, row.key, column, f.value ?? '', f.value === null ? f.suppressed : ''].map(field).join(','));
        } else if (cell.raw !== '') {
          lines.push([team, row.week, table.id, row.key, column, cell.raw, ''].map(field).join(','));
        }
      });
    }
  }
  // CRLF as RFC 4180 asks; a BOM so spreadsheet programs read the file as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function csvFileName(team: string, week: string, weeks: number): string {
  return `leadline-${team.replaceAll('/', '-')}-${week}-${weeks}w.csv`;
}
