import { describe, expect, it } from 'vitest';
import { BELOW, bigOrg, emptyReport, fullySuppressed, headline, HIDDEN_HEADLINE, partlySuppressed } from './fixtures.testkit';
import { MESSAGES } from './messages';
import {
  cellText,
  childrenTable,
  headlineView,
  isEmptyReport,
  latestWeek,
  levelSegments,
  levelsTable,
  reportTables,
  sortChildren,
  toolsTable,
  trendSeries,
  trendTable,
} from './model';

const fmt = { locale: 'en' as const, m: MESSAGES.en, k: 5 };
const texts = (t: ReturnType<typeof levelsTable>) => t.rows.map((r) => [r.key, ...r.cells.map((c) => cellText(fmt, c))]);

describe('choosing what to show', () => {
  it('the headline week is latestWeek, wherever it sits', () => {
    const r = partlySuppressed();
    r.weeks.reverse();
    expect(latestWeek(r).week).toBe(r.latestWeek);
  });
  it('a report is empty only when nobody reported in any week', () => {
    expect(isEmptyReport(emptyReport())).toBe(true);
    expect(isEmptyReport(fullySuppressed())).toBe(false);
    expect(isEmptyReport(partlySuppressed())).toBe(false);
  });
  it('the headline change of Habitual or Power adds the two published level changes', () => {
    const h = headlineView(latestWeek(partlySuppressed()));
    expect(h.members).toEqual({ value: 20 });
    expect(h.change?.members).toEqual({ value: 0 });
    expect(h.change?.habitualOrPower?.value).toBeCloseTo(0.05);
  });
  it('the first week of a report has no change', () => {
    const r = partlySuppressed();
    expect(headlineView(r.weeks[0]!).change).toBeNull();
  });
});

describe('tables', () => {
  it('levels: highest first, hidden cells read as their reason', () => {
    expect(texts(levelsTable(fmt, latestWeek(partlySuppressed())))).toEqual([
      ['power', '4', '20%'],
      ['habitual', '6', '30%'],
      ['novice', '5', '25%'],
      ['low', 'fewer than 5 members reported', 'fewer than 5 members reported'],
      ['non_user', 'fewer than 5 members reported', 'fewer than 5 members reported'],
    ]);
  });
  it('a fully suppressed team shows no number anywhere', () => {
    const tables = reportTables(fmt, fullySuppressed());
    const cells = tables.flatMap((t) => t.rows.flatMap((r) => r.cells.map((c) => cellText(fmt, c))));
    expect(cells.length).toBeGreaterThan(50);
    expect(cells.filter((c) => /\d/.test(c) && c !== 'fewer than 5 members reported')).toEqual([]);
  });
  it('the trend has one row per week, a suppressed week as reasons', () => {
    const t = trendTable(fmt, partlySuppressed());
    expect(t.rows).toHaveLength(12);
    expect(cellText(fmt, t.rows[2]!.cells[0]!)).toBe('fewer than 5 members reported');
    expect(cellText(fmt, t.rows[0]!.cells[1]!)).toBe('15%'); // power 3 of 20
  });
  it('tools: most used first, suppressed last', () => {
    expect(toolsTable(fmt, latestWeek(partlySuppressed())).rows.map((r) => r.key)).toEqual(['chatgpt', 'claude', 'perplexity']);
  });
  it('children end with the suppressed / other row, and a team below k keeps its status', () => {
    const t = childrenTable(fmt, latestWeek(partlySuppressed()));
    expect(t.rows.map((r) => [r.key, r.status])).toEqual([
      ['acme/sales/apac', 'below_k'],
      ['acme/sales/emea', 'published'],
      ['other', undefined],
    ]);
    expect(cellText(fmt, t.rows[2]!.cells[0]!)).toBe('8');
  });
});

describe('sorting child teams', () => {
  const kids = [
    { team: 'a/x', headline: headline({ power: 1, habitual: 1, novice: 1, low: 1, non_user: 6 }) },
    { team: 'a/y', headline: HIDDEN_HEADLINE },
    { team: 'a/z', headline: headline({ power: 5, habitual: 5, novice: 5, low: 5, non_user: 0 }) },
    { team: 'a/w', headline: { ...HIDDEN_HEADLINE, members: BELOW } },
  ];
  it('by members, both ways, hidden teams always last and by name', () => {
    expect(sortChildren(kids, { key: 'members', dir: 'desc' }).map((c) => c.team)).toEqual(['a/z', 'a/x', 'a/w', 'a/y']);
    expect(sortChildren(kids, { key: 'members', dir: 'asc' }).map((c) => c.team)).toEqual(['a/x', 'a/z', 'a/w', 'a/y']);
  });
  it('by name', () => {
    expect(sortChildren(kids, { key: 'team', dir: 'desc' }).map((c) => c.team)).toEqual(['a/z', 'a/y', 'a/x', 'a/w']);
  });
  it('a big organisation: 40 teams by share, the withheld and below-k ones at the end', () => {
    const week = latestWeek(bigOrg());
    const rows = childrenTable({ ...fmt, k: 10 }, week, { key: 'power_share', dir: 'desc' }).rows;
    expect(rows).toHaveLength(41);
    expect(rows.slice(-5).map((r) => r.key)).toEqual(['acme/unit-07', 'acme/unit-08', 'acme/unit-21', 'acme/unit-33', 'other']);
    const shares = rows.slice(0, 36).map((r) => (r.cells[2] as { figure: { value: number } }).figure.value);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
  });
});

describe('chart data', () => {
  it('only published level shares are drawn; the others are named', () => {
    const s = levelSegments(fmt, latestWeek(partlySuppressed()));
    expect(s.drawn.map((d) => [d.key, d.value])).toEqual([
      ['power', 0.2],
      ['habitual', 0.3],
      ['novice', 0.25],
    ]);
    expect(s.hidden).toEqual(['Low', 'Non-user']);
  });
  it('the trend has a gap where a week was suppressed', () => {
    const power = trendSeries(fmt, partlySuppressed()).find((s) => s.level === 'power')!;
    expect(power.points).toHaveLength(12);
    expect(power.points[2]).toBeNull();
    expect(power.points[11]).toBeCloseTo(0.2);
  });
});
