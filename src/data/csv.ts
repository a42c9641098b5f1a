import { FEATURES } from '../contract/events';
import { compareRollups, ROLLUP_COUNTS, type DailyRollup } from '../contract/rollup';

/**
 * Daily rollups as CSV (RFC 4180: comma-separated, CRLF line ends, a field
 * quoted when it holds a comma, quote or line break). Every value is an id, a
 * day or an integer, so quoting should never trigger; it is there so that a
 * future field can never shift the columns of a person's spreadsheet.
 */
export const CSV_COLUMNS: readonly string[] = ['device', 'tool', 'day', ...ROLLUP_COUNTS, ...FEATURES];

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(values: readonly (string | number)[]): string {
  return values.map(csvField).join(',');
}

/** One row per rollup, by day, then tool, then device, so the file is stable across exports. */
export function rollupsToCsv(rollups: readonly DailyRollup[]): string {
  const sorted = [...rollups].sort(compareRollups);
  const lines = [csvLine(CSV_COLUMNS)];
  for (const r of sorted) {
    lines.push(
      csvLine([r.device, r.tool, r.day, ...ROLLUP_COUNTS.map((k) => r[k]), ...FEATURES.map((f) => r.features[f] ?? 0)]),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
