import { describe, expect, it } from 'vitest';
// The collector's own CSV writer: the download must agree with it line for line.
import { reportToCsv } from '../collector/report/csv';
import { CSV_HEADER, csvFileName, guardCell, reportCsv } from './csv';
import { bigOrg, fullySuppressed, partlySuppressed } from './fixtures.testkit';
import { MESSAGES } from './messages';
import { reportTables } from './model';

const fmt = { locale: 'en' as const, m: MESSAGES.en, k: 5 };
const lines = (csv: string) => csv.trimEnd().split('\r\n');
const parse = (csv: string) => lines(csv).map((l) => l.split(','));

describe('the CSV download', () => {
  it('is in the layout of /v1/report.csv, with the report’s own values', () => {
    const report = partlySuppressed();
    const rows = parse(reportCsv(report, reportTables(fmt, report)));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows).toContainEqual(['2026-W47', 'closed', 'acme/sales', 'level', 'power', 'share', '0.2', '']);
    expect(rows).toContainEqual(['2026-W47', 'closed', 'acme/sales', 'level', 'low', 'count', '', 'below_k']);
    expect(rows).toContainEqual(['2026-W47', 'closed', 'acme/sales', 'other', '', 'members', '8', '']);
    expect(rows).toContainEqual(['2026-W47', 'closed', 'acme/sales', 'headline', '', 'maturity', 'ramping', '']);
    expect(rows).toContainEqual(['2026-W47', 'closed', 'acme/sales/apac', 'child', '', 'status', 'below_k', '']);
    expect(rows).toContainEqual(['2026-W38', 'closed', 'acme/sales', 'headline', '', 'members', '', 'below_k']);
    expect(rows).toContainEqual(['', '', 'acme/sales', 'report', '', 'k', '5', '']);
  });
  it.each([
    ['partly suppressed', partlySuppressed],
    ['fully suppressed', fullySuppressed],
    ['a big organisation', bigOrg],
  ])('%s: every line is a line of the collector’s CSV for the same report', (_, make) => {
    const report = make();
    const mine = lines(reportCsv(report, reportTables({ ...fmt, k: report.k }, report)));
    const collector = new Set(lines(reportToCsv(report)));
    expect(mine.length).toBeGreaterThan(40);
    expect(mine.filter((l) => !collector.has(l))).toEqual([]);
  });
  it('the same in any screen language', () => {
    const report = partlySuppressed();
    expect(reportCsv(report, reportTables({ ...fmt, locale: 'ka', m: MESSAGES.ka }, report))).toBe(reportCsv(report, reportTables(fmt, report)));
  });
  it('a fully suppressed team has no figure at all', () => {
    const rows = parse(reportCsv(fullySuppressed(), reportTables(fmt, fullySuppressed()))).slice(1);
    const figures = rows.filter((r) => r[3] !== 'report' && r[5] !== 'status');
    expect(figures.length).toBeGreaterThan(50);
    expect(figures.filter((r) => r[6] !== '')).toEqual([]);
  });
  it('text that a spreadsheet would run is defused', () => {
    expect(guardCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(guardCell('@cmd')).toBe("'@cmd");
    expect(guardCell('acme')).toBe('acme');
  });
  it('names the file after team, week and span', () => {
    expect(csvFileName('acme/sales', '2026-W47', 12)).toBe('leadline-acme-sales-2026-W47-12w.csv');
  });
});
