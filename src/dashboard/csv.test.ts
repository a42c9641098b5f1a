import { describe, expect, it } from 'vitest';
import { csvFileName, guardCell, reportCsv } from './csv';
import { fullySuppressed, partlySuppressed } from './fixtures.testkit';
import { MESSAGES } from './messages';
import { cellText, reportTables } from './model';

const fmt = { locale: 'en' as const, m: MESSAGES.en, k: 5 };
const parse = (csv: string) => csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map((l) => l.split(','));

describe('the CSV download', () => {
  it('holds one line per figure on screen, with the report’s own values', () => {
    const report = partlySuppressed();
    const tables = reportTables(fmt, report);
    const lines = parse(reportCsv(report.team, tables));
    expect(lines[0]).toEqual(['team', 'week', 'table', 'row', 'column', 'value', 'suppressed']);
    expect(lines).toContainEqual(['acme/sales', '2026-W47', 'levels', 'power', 'share', '0.2', '']);
    expect(lines).toContainEqual(['acme/sales', '2026-W47', 'levels', 'low', 'members', '', 'below_k']);
    expect(lines).toContainEqual(['acme/sales', '2026-W47', 'children', 'other', 'members', '8', '']);
    expect(lines).toContainEqual(['acme/sales', '2026-W47', 'headline', 'maturity', 'value', 'ramping', '']);
    expect(lines).toContainEqual(['acme/sales', '2026-W38', 'trend', '2026-W38', 'members', '', 'below_k']);
    // As many figure lines as non-empty cells on screen.
    const onScreen = tables.flatMap((t) => t.rows.flatMap((r) => r.cells.filter((c) => cellText(fmt, c) !== '')));
    expect(lines.length - 1).toBe(onScreen.length);
  });
  it('the same in any screen language', () => {
    const report = partlySuppressed();
    expect(reportCsv(report.team, reportTables({ ...fmt, locale: 'ka', m: MESSAGES.ka }, report))).toBe(reportCsv(report.team, reportTables(fmt, report)));
  });
  it('a fully suppressed team has no value at all', () => {
    const lines = parse(reportCsv('acme/tiny', reportTables(fmt, fullySuppressed()))).slice(1);
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.filter((l) => l[5] !== '')).toEqual([]);
  });
  it('text that a spreadsheet would run is defused; numbers are left alone', () => {
    expect(guardCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(guardCell('@cmd')).toBe("'@cmd");
    expect(guardCell('acme')).toBe('acme');
  });
  it('names the file after team, week and span', () => {
    expect(csvFileName('acme/sales', '2026-W47', 12)).toBe('leadline-acme-sales-2026-W47-12w.csv');
  });
});
