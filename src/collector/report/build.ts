/**
 * The team report, built from per-team per-week aggregates with no database:
 * the server reads the aggregates and calls `buildReport`, which is pure and
 * deterministic (the same input gives the same report, whatever the order of
 * the aggregates). Every count goes through the privacy module first
 * (../privacy/suppress.ts); the shares, quantiles and changes are derived only
 * from figures it let through.
 */
import { DIMENSIONS, LEVELS, type Level } from '../../contract/depth';
import { FEATURES } from '../../contract/buckets';
import { MIN_K, MAX_REPORT_WEEKS, type Figure, type Headline, type TeamReport, type WeekReport } from '../../contract/report';
import { teamWithin } from '../../contract/sync';
import { maturity } from '../../metrics/level';
import { buildTree, protect, subtreeSums, type CellState, type Protection, type TableSpec, type Tree } from '../privacy/suppress';
import { QUANTILES, SHARE_DECIMALS } from './definitions';
import { ACTIVE_DAY_BINS, SCORE_BINS, type ReportInput, type TeamWeekAggregate } from './input';

/** The member table: category 0 = members, then the levels, then active days 0–7. */
const LEVEL_AT = 1;
const DAYS_AT = LEVEL_AT + LEVELS.length;
const CORE_CATEGORIES = DAYS_AT + ACTIVE_DAY_BINS;
export const CORE_SPEC: TableSpec = {
  categories: CORE_CATEGORIES,
  hasTotal: true,
  groups: [LEVELS.map((_, i) => LEVEL_AT + i), Array.from({ length: ACTIVE_DAY_BINS }, (_, i) => DAYS_AT + i)],
};
const COUNT_SPEC: TableSpec = { categories: 1, hasTotal: false, groups: [] };
const DIM_CELLS = DIMENSIONS.length * SCORE_BINS;

export class ReportInputError extends Error {}

const published = (value: number): Figure => ({ value });
const hidden = (why: Exclude<CellState, 'published'>): Figure => ({ value: null, suppressed: why });
const round = (x: number) => Math.round(x * 10 ** SHARE_DECIMALS) / 10 ** SHARE_DECIMALS;
/** The reason of the first hidden state, below_k before withheld. */
function worst(states: readonly CellState[]): Exclude<CellState, 'published'> | null {
  if (states.includes('below_k')) return 'below_k';
  if (states.includes('withheld')) return 'withheld';
  return null;
}

/** Nearest-rank quantile of a histogram whose bin i holds members with value i × unit. */
export function histogramQuantile(hist: readonly number[], p: number, unit: number): number {
  const n = hist.reduce((a, b) => a + b, 0);
  if (n === 0) throw new RangeError('histogramQuantile: empty histogram');
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i]!;
    if (seen >= rank) return i * unit;
  }
  return (hist.length - 1) * unit;
}

function checkCount(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ReportInputError(`${what} must be a non-negative integer, got ${String(v)}.`);
  return v;
}

function checkAggregate(a: TeamWeekAggregate): void {
  const where = `The aggregate of ${a.team} for ${a.week}`;
  const n = checkCount(`${where}: contributors`, a.contributors);
  const sum = (xs: readonly number[], what: string) => xs.reduce((s, v, i) => s + checkCount(`${where}: ${what}[${i}]`, v), 0);
  if (sum(LEVELS.map((l) => a.levels[l] ?? 0), 'levels') !== n) throw new ReportInputError(`${where}: the level counts add up to ${sum(LEVELS.map((l) => a.levels[l] ?? 0), 'levels')}, not to its ${n} contributors.`);
  if (a.activeDays.length !== ACTIVE_DAY_BINS || sum(a.activeDays, 'activeDays') !== n) throw new ReportInputError(`${where}: activeDays must be ${ACTIVE_DAY_BINS} bins adding up to its ${n} contributors.`);
  for (const d of DIMENSIONS) {
    const h = a.dimensions[d];
    if (!h || h.length !== SCORE_BINS || sum(h, `dimensions.${d}`) !== n) throw new ReportInputError(`${where}: dimensions.${d} must be ${SCORE_BINS} bins adding up to its ${n} contributors.`);
  }
  for (const [t, v] of [...Object.entries(a.tools), ...Object.entries(a.features)]) if (checkCount(`${where}: ${t}`, v) > n) throw new ReportInputError(`${where}: ${v} members of ${n} use ${t}.`);
}

interface WeekTables {
  core: Protection;
  tools: Map<string, Protection>;
  features: Map<string, Protection>;
  /** Subtree histograms of the dimensions, DIM_CELLS per node. */
  dims: number[];
}

function weekTables(tree: Tree, index: Map<string, number>, aggs: readonly TeamWeekAggregate[], tools: readonly string[], k: number): WeekTables {
  const n = tree.paths.length;
  const core = new Array<number>(n * CORE_CATEGORIES).fill(0);
  const dims = new Array<number>(n * DIM_CELLS).fill(0);
  const toolDirect = new Map(tools.map((t) => [t, new Array<number>(n).fill(0)]));
  const featureDirect = new Map(FEATURES.map((f) => [f as string, new Array<number>(n).fill(0)]));
  for (const a of aggs) {
    const i = index.get(a.team)!;
    const at = i * CORE_CATEGORIES;
    core[at] = a.contributors;
    LEVELS.forEach((l, j) => (core[at + LEVEL_AT + j] = a.levels[l] ?? 0));
    a.activeDays.forEach((v, j) => (core[at + DAYS_AT + j] = v));
    DIMENSIONS.forEach((d, j) => a.dimensions[d].forEach((v, b) => (dims[i * DIM_CELLS + j * SCORE_BINS + b] = v)));
    for (const [t, v] of Object.entries(a.tools)) toolDirect.get(t)![i] = v;
    for (const [f, v] of Object.entries(a.features)) {
      const direct = featureDirect.get(f);
      if (!direct) throw new ReportInputError(`The aggregate of ${a.team} for ${a.week} names an unknown feature "${f}".`);
      direct[i] = v;
    }
  }
  const coreP = protect(tree, { spec: CORE_SPEC, direct: core }, k);
  // A team hidden in the member table is hidden in every tool and feature cell, with the same reason.
  const nodeState = (i: number) => coreP.state[i * CORE_CATEGORIES]!;
  const each = (m: Map<string, number[]>) => new Map([...m].map(([key, direct]) => [key, protect(tree, { spec: COUNT_SPEC, direct }, k, nodeState)]));
  return { core: coreP, tools: each(toolDirect), features: each(featureDirect), dims: subtreeSums(tree, DIM_CELLS, dims) };
}

function cellFigure(p: Protection, cell: number): Figure {
  const s = p.state[cell]!;
  return s === 'published' ? published(p.sub[cell]!) : hidden(s);
}

/** count ÷ members, when every count behind it and the members are published. */
function shareFigure(p: Protection, node: number, cells: readonly number[]): Figure {
  const why = worst([p.state[node * CORE_CATEGORIES]!, ...cells.map((c) => p.state[c]!)]);
  if (why) return hidden(why);
  const members = p.sub[node * CORE_CATEGORIES]!;
  return published(round(cells.reduce((s, c) => s + p.sub[c]!, 0) / members));
}

function headline(w: WeekTables, node: number): Headline {
  const { core } = w;
  const at = node * CORE_CATEGORIES;
  const status = core.state[at]!;
  const levelCell = (l: Level) => at + LEVEL_AT + LEVELS.indexOf(l);
  const hp = [levelCell('habitual'), levelCell('power')];
  const rest = [levelCell('non_user'), levelCell('low'), levelCell('novice')];
  // Habitual + Power is also members − the three lower levels: publish it whenever either way gives it.
  const viaRest = shareFigure(core, node, rest);
  const hpShare =
    status === 'published' && viaRest.value !== null && worst(hp.map((c) => core.state[c]!)) !== null
      ? published(round((core.sub[hp[0]!]! + core.sub[hp[1]!]!) / core.sub[at]!))
      : shareFigure(core, node, hp);
  const powerShare = shareFigure(core, node, [levelCell('power')]);
  return {
    status,
    members: cellFigure(core, at),
    habitualOrPowerShare: hpShare,
    powerShare,
    maturity: powerShare.value === null ? null : maturity(powerShare.value),
    activeDaysMedian: status === 'published' ? published(histogramQuantile(core.sub.slice(at + DAYS_AT, at + DAYS_AT + ACTIVE_DAY_BINS), QUANTILES.median, 1)) : hidden(status),
  };
}

function spread(status: CellState, hist: readonly number[], unit: number) {
  const fig = (p: number): Figure => (status === 'published' ? published(histogramQuantile(hist, p, unit)) : hidden(status));
  return { median: fig(QUANTILES.median), p25: fig(QUANTILES.p25), p75: fig(QUANTILES.p75) };
}

function weekReport(w: WeekTables, tree: Tree, node: number, week: string, open: boolean, tools: readonly string[], previous: WeekReport | null): WeekReport {
  const { core } = w;
  const at = node * CORE_CATEGORIES;
  const status = core.state[at]!;
  const members = core.sub[at]!;
  const kids = tree.children[node]!;
  const head = headline(w, node);
  const levels = LEVELS.map((level, j) => ({ level, count: cellFigure(core, at + LEVEL_AT + j), share: shareFigure(core, node, [at + LEVEL_AT + j]) }));
  // Tool and feature tables have one cell per team: the cell index is the node.
  const countAndShare = (p: Protection) => {
    const why = worst([status, p.state[node]!]);
    return { members: cellFigure(p, node), share: why ? hidden(why) : published(round(p.sub[node]! / members)) };
  };
  const publishedKids = kids.filter((c) => core.state[c * CORE_CATEGORIES] === 'published');
  const other: Figure = status === 'published' ? published(members - publishedKids.reduce((s, c) => s + core.sub[c * CORE_CATEGORIES]!, 0)) : hidden(status);
  const diff = (a: Figure, b: Figure): Figure => {
    if (a.value === null) return hidden(a.suppressed);
    if (b.value === null) return hidden(b.suppressed);
    return published(round(a.value - b.value));
  };
  return {
    week,
    status: open ? 'open' : 'closed',
    headline: head,
    levels,
    dimensions: DIMENSIONS.map((dimension, j) => ({
      dimension,
      ...spread(status, w.dims.slice(node * DIM_CELLS + j * SCORE_BINS, node * DIM_CELLS + (j + 1) * SCORE_BINS), 10),
    })),
    activeDays: {
      ...spread(status, core.sub.slice(at + DAYS_AT, at + DAYS_AT + ACTIVE_DAY_BINS), 1),
      distribution: Array.from({ length: ACTIVE_DAY_BINS }, (_, days) => ({ days, count: cellFigure(core, at + DAYS_AT + days) })),
    },
    tools: tools.map((tool) => ({ tool, ...countAndShare(w.tools.get(tool)!) })),
    features: FEATURES.map((feature) => ({ feature, ...countAndShare(w.features.get(feature)!) })),
    children: kids.map((c) => ({ team: tree.paths[c]!, headline: headline(w, c) })),
    other: { members: other },
    change: previous && {
      members: diff(head.members, previous.headline.members),
      levelShares: levels.map((l, j) => ({ level: l.level, change: diff(l.share, previous.levels[j]!.share) })),
    },
  };
}

/**
 * The report of `input.team`. Suppression is decided over the whole
 * organisation (the tree under the team's first segment), so that the report
 * of a team and the report of its parent hide the same cells: a lead who can
 * read both must not find a figure hidden in one and shown in the other.
 */
export function buildReport(input: ReportInput): TeamReport {
  const { k, team, weeks } = input;
  if (!Number.isInteger(k) || k < MIN_K) throw new RangeError(`k must be an integer of at least ${MIN_K}, got ${k}: a smaller group would let a person be singled out.`);
  if (weeks.length < 1 || weeks.length > MAX_REPORT_WEEKS) throw new ReportInputError(`A report covers 1 to ${MAX_REPORT_WEEKS} weeks, got ${weeks.length}.`);
  if (new Set(weeks).size !== weeks.length || weeks.some((w, i) => i > 0 && w <= weeks[i - 1]!)) throw new ReportInputError('The weeks of a report must be distinct and oldest first.');
  const org = team.split('/')[0]!;
  const inOrg = (p: string) => teamWithin(p, org);
  const weekSet = new Set(weeks);
  const aggs = input.aggregates.filter((a) => inOrg(a.team) && weekSet.has(a.week));
  const seen = new Set<string>();
  for (const a of aggs) {
    const key = `${a.team} ${a.week}`;
    if (seen.has(key)) throw new ReportInputError(`Two aggregates for ${a.team} in ${a.week}: there must be one per team and week.`);
    seen.add(key);
    checkAggregate(a);
  }
  const tree = buildTree([team, ...input.teams.filter(inOrg), ...aggs.map((a) => a.team)]);
  const index = new Map(tree.paths.map((p, i) => [p, i]));
  const node = index.get(team)!;
  const tools = [...new Set(aggs.flatMap((a) => Object.keys(a.tools)))].sort();
  const byWeek = new Map<string, TeamWeekAggregate[]>(weeks.map((w) => [w, []]));
  for (const a of aggs) byWeek.get(a.week)!.push(a);

  const out: WeekReport[] = [];
  for (const week of weeks) {
    const tables = weekTables(tree, index, byWeek.get(week)!, tools, k);
    out.push(weekReport(tables, tree, node, week, input.openWeeks.has(week), tools, out.at(-1) ?? null));
  }
  return { v: 1, team, k, generatedAt: input.now.toISOString(), latestWeek: weeks.at(-1)!, weeks: out };
}

