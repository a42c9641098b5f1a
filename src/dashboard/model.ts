import type { Figure, Headline, TeamReport, TeamStatus, WeekReport } from '../contract/report';
import { LEVELS, type Level } from '../contract/depth';
import { formatFigure, formatWeekShort, leafOf, toolName, type FigureKind, type Fmt } from './format';

/**
 * The dashboard's view model: which figures of a TeamReport are shown, in
 * which table, in which order. Every chart draws from one of these tables and
 * the CSV is written from them, so the screen, the print and the download
 * cannot disagree. Pure: no React, no fetch.
 */

export type Cell = { figure: Figure; kind: FigureKind } | { text: string; raw: string };

export interface Column {
  /** Stable id, used in the CSV (the screen shows `label`). */
  key: string;
  label: string;
}

export interface Row {
  key: string;
  label: string;
  /** A short explanation shown under the label (a level's rule, a dimension's definition). */
  hint?: string;
  /** The week the row's figures belong to. */
  week: string;
  cells: Cell[];
  /** For team rows: below_k and withheld teams show one explanation instead of their cells. */
  status?: TeamStatus;
}

export interface TableModel {
  id: 'headline' | 'levels' | 'trend' | 'depth' | 'tools' | 'features' | 'children';
  title: string;
  columns: Column[];
  rows: Row[];
}

/** The headline week: the report's latestWeek (the collector puts it last, but do not rely on that). */
export function latestWeek(report: TeamReport): WeekReport {
  return report.weeks.find((w) => w.week === report.latestWeek) ?? report.weeks[report.weeks.length - 1]!;
}

/** A brand-new collector: not one member reported in any week of the report. */
export function isEmptyReport(report: TeamReport): boolean {
  return report.weeks.every((w) => w.headline.members.value === 0);
}

const fig = (figure: Figure, kind: FigureKind): Cell => ({ figure, kind });

export function headlineTable(fmt: Fmt, week: WeekReport): TableModel {
  const { m } = fmt;
  const h = week.headline;
  const rows: Row[] = [
    { key: 'members', label: m.members, week: week.week, cells: [fig(h.members, 'count')] },
    { key: 'habitual_or_power_share', label: m.habitualOrPower, week: week.week, cells: [fig(h.habitualOrPowerShare, 'share')] },
    { key: 'power_share', label: m.levelNames.power, week: week.week, cells: [fig(h.powerShare, 'share')] },
    {
      key: 'maturity',
      label: m.maturity,
      week: week.week,
      cells: [h.maturity ? { text: m.maturityNames[h.maturity], raw: h.maturity } : { figure: h.powerShare, kind: 'share' }],
    },
    { key: 'active_days_median', label: m.colActiveDays, week: week.week, cells: [fig(h.activeDaysMedian, 'days')] },
  ];
  if (week.change) {
    rows.push({ key: 'change_members', label: `${m.change}: ${m.members}`, week: week.week, cells: [fig(week.change.members, 'countChange')] });
    for (const c of week.change.levelShares) {
      rows.push({ key: `change_share_${c.level}`, label: `${m.change}: ${m.levelNames[c.level]}`, week: week.week, cells: [fig(c.change, 'shareChange')] });
    }
  }
  return { id: 'headline', title: m.headlineTitle, columns: [{ key: 'value', label: m.colValue }], rows };
}

export function levelsTable(fmt: Fmt, week: WeekReport): TableModel {
  const { m } = fmt;
  return {
    id: 'levels',
    title: m.levelsTitle,
    columns: [
      { key: 'members', label: m.colMembers },
      { key: 'share', label: m.colShare },
    ],
    // Highest level first: the reader looks for Power and Habitual.
    rows: [...week.levels].reverse().map((l) => ({
      key: l.level,
      label: m.levelNames[l.level],
      hint: m.levelMeanings[l.level],
      week: week.week,
      cells: [fig(l.count, 'count'), fig(l.share, 'share')],
    })),
  };
}

export function trendTable(fmt: Fmt, report: TeamReport): TableModel {
  const { m } = fmt;
  const levels = [...LEVELS].reverse();
  return {
    id: 'trend',
    title: m.trendTitle,
    columns: [{ key: 'members', label: m.colMembers }, ...levels.map((l) => ({ key: `share_${l}`, label: m.levelNames[l] }))],
    rows: report.weeks.map((w) => ({
      key: w.week,
      label: `${w.week} · ${formatWeekShort(fmt.locale, w.week)}`,
      week: w.week,
      cells: [fig(w.headline.members, 'count'), ...levels.map((l) => fig(w.levels.find((x) => x.level === l)!.share, 'share'))],
    })),
  };
}

export function depthTable(fmt: Fmt, week: WeekReport): TableModel {
  const { m } = fmt;
  return {
    id: 'depth',
    title: m.depthTitle,
    columns: [
      { key: 'median', label: m.colMedian },
      { key: 'p25', label: m.colP25 },
      { key: 'p75', label: m.colP75 },
    ],
    rows: week.dimensions.map((d) => ({
      key: d.dimension,
      label: m.dimensionNames[d.dimension],
      hint: m.dimensionMeanings[d.dimension],
      week: week.week,
      cells: [fig(d.median, 'score'), fig(d.p25, 'score'), fig(d.p75, 'score')],
    })),
  };
}

/** Most-used first; suppressed entries after the published ones; ties by name so the order is stable. */
function byMembers<T extends { members: Figure }>(items: readonly T[], name: (t: T) => string): T[] {
  return [...items].sort((a, b) => {
    const av = a.members.value;
    const bv = b.members.value;
    if (av === null || bv === null) return av === bv ? name(a).localeCompare(name(b)) : av === null ? 1 : -1;
    return bv - av || name(a).localeCompare(name(b));
  });
}

export function toolsTable(fmt: Fmt, week: WeekReport): TableModel {
  const { m } = fmt;
  return {
    id: 'tools',
    title: m.toolsTitle,
    columns: [
      { key: 'members', label: m.colMembers },
      { key: 'share', label: m.colShare },
    ],
    rows: byMembers(week.tools, (t) => toolName(t.tool)).map((t) => ({
      key: t.tool,
      label: toolName(t.tool),
      week: week.week,
      cells: [fig(t.members, 'count'), fig(t.share, 'share')],
    })),
  };
}

export function featuresTable(fmt: Fmt, week: WeekReport): TableModel {
  const { m } = fmt;
  return {
    id: 'features',
    title: m.featuresTitle,
    columns: [
      { key: 'members', label: m.colMembers },
      { key: 'share', label: m.colShare },
    ],
    rows: byMembers(week.features, (f) => m.featureNames[f.feature] ?? f.feature).map((f) => ({
      key: f.feature,
      label: m.featureNames[f.feature] ?? f.feature,
      week: week.week,
      cells: [fig(f.members, 'count'), fig(f.share, 'share')],
    })),
  };
}

/* ------------------------------------------------------------ child teams */

export const CHILD_SORT_KEYS = ['team', 'members', 'habitual_or_power_share', 'power_share', 'active_days_median'] as const;
export type ChildSortKey = (typeof CHILD_SORT_KEYS)[number];
export interface ChildSort {
  key: ChildSortKey;
  dir: 'asc' | 'desc';
}

function headlineFigure(h: Headline, key: Exclude<ChildSortKey, 'team'>): Figure {
  switch (key) {
    case 'members':
      return h.members;
    case 'habitual_or_power_share':
      return h.habitualOrPowerShare;
    case 'power_share':
      return h.powerShare;
    case 'active_days_median':
      return h.activeDaysMedian;
  }
}

/**
 * Children in the chosen order. A suppressed figure has no value to compare,
 * so those teams always come after the published ones, whichever direction,
 * and among themselves by name: sorting can never hint at a hidden size.
 */
export function sortChildren<T extends { team: string; headline: Headline }>(children: readonly T[], sort: ChildSort): T[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...children].sort((a, b) => {
    if (sort.key === 'team') return sign * a.team.localeCompare(b.team);
    const av = headlineFigure(a.headline, sort.key).value;
    const bv = headlineFigure(b.headline, sort.key).value;
    if (av === null || bv === null) {
      if (av === bv) return a.team.localeCompare(b.team);
      return av === null ? 1 : -1;
    }
    return sign * (av - bv) || a.team.localeCompare(b.team);
  });
}

export function childrenTable(fmt: Fmt, week: WeekReport, sort: ChildSort = { key: 'team', dir: 'asc' }): TableModel {
  const { m } = fmt;
  const cells = (h: Headline): Cell[] => [
    fig(h.members, 'count'),
    fig(h.habitualOrPowerShare, 'share'),
    fig(h.powerShare, 'share'),
    h.maturity ? { text: m.maturityNames[h.maturity], raw: h.maturity } : fig(h.powerShare, 'share'),
    fig(h.activeDaysMedian, 'days'),
  ];
  const rows: Row[] = sortChildren(week.children, sort).map((c) => ({
    key: c.team,
    label: leafOf(c.team),
    week: week.week,
    status: c.headline.status,
    cells: cells(c.headline),
  }));
  if (week.children.length > 0) {
    rows.push({
      key: 'other',
      label: m.otherRow,
      hint: m.otherMeaning,
      week: week.week,
      cells: [fig(week.other.members, 'count'), ...Array.from({ length: 4 }, () => ({ text: '', raw: '' }))],
    });
  }
  return {
    id: 'children',
    title: m.childrenTitle,
    columns: [
      { key: 'members', label: m.colMembers },
      { key: 'habitual_or_power_share', label: m.habitualOrPower },
      { key: 'power_share', label: m.colPower },
      { key: 'maturity', label: m.maturity },
      { key: 'active_days_median', label: m.colActiveDays },
    ],
    rows,
  };
}

/** Every table of the report page, in page order: what the screen shows and the CSV holds. */
export function reportTables(fmt: Fmt, report: TeamReport, sort?: ChildSort): TableModel[] {
  const week = latestWeek(report);
  return [
    headlineTable(fmt, week),
    levelsTable(fmt, week),
    trendTable(fmt, report),
    depthTable(fmt, week),
    toolsTable(fmt, week),
    featuresTable(fmt, week),
    childrenTable(fmt, week, sort),
  ];
}

/** A cell as the reader sees it. */
export function cellText(fmt: Fmt, cell: Cell): string {
  return 'figure' in cell ? formatFigure(fmt, cell.figure, cell.kind) : cell.text;
}

export function hasWithheld(table: TableModel): boolean {
  return table.rows.some((r) => r.cells.some((c) => 'figure' in c && c.figure.value === null && c.figure.suppressed === 'withheld'));
}

/* ------------------------------------------------------------- headline */

export interface HeadlineView {
  status: TeamStatus;
  members: Figure;
  habitualOrPower: Figure;
  maturity: Headline['maturity'];
  /** null: the first week of the report. */
  change: null | { members: Figure; habitualOrPower: Figure | null };
}

/** Sum of two published share changes; suppressed if either is (a sum of a hidden figure is hidden). */
function sumFigures(a: Figure, b: Figure): Figure {
  if (a.value === null) return a;
  if (b.value === null) return b;
  return { value: a.value + b.value };
}

export function headlineView(week: WeekReport): HeadlineView {
  const h = week.headline;
  const change = week.change;
  let habitualOrPower: Figure | null = null;
  if (change) {
    const s = (l: Level) => change.levelShares.find((x) => x.level === l)!.change;
    habitualOrPower = sumFigures(s('habitual'), s('power'));
  }
  return {
    status: h.status,
    members: h.members,
    habitualOrPower: h.habitualOrPowerShare,
    maturity: h.maturity,
    change: change ? { members: change.members, habitualOrPower } : null,
  };
}

/* ------------------------------------------------------------ chart data */

export interface Segment {
  key: string;
  label: string;
  value: number;
}

/** Published shares of a week's levels (highest first); the names of the ones not drawn. */
export function levelSegments(fmt: Fmt, week: WeekReport): { drawn: Segment[]; hidden: string[] } {
  const drawn: Segment[] = [];
  const hidden: string[] = [];
  for (const l of [...week.levels].reverse()) {
    if (l.share.value === null) hidden.push(fmt.m.levelNames[l.level]);
    else drawn.push({ key: l.level, label: fmt.m.levelNames[l.level], value: l.share.value });
  }
  return { drawn, hidden };
}

export interface TrendSeries {
  level: Level;
  label: string;
  /** One point per report week, null where the share is not published (a gap in the line). */
  points: (number | null)[];
}

export function trendSeries(fmt: Fmt, report: TeamReport): TrendSeries[] {
  return [...LEVELS].reverse().map((level) => ({
    level,
    label: fmt.m.levelNames[level],
    points: report.weeks.map((w) => w.levels.find((l) => l.level === level)!.share.value),
  }));
}
