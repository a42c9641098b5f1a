/**
 * The team report, built from per-team per-week aggregates with no database:
 * the server reads the aggregates and calls `buildReport`, which is pure and
 * deterministic (the same input gives the same report, whatever the order of
 * the aggregates). Every count goes through the privacy module first
 * (../privacy/suppress.ts); the shares, quantiles and changes are derived only
 * from figures it let through.
 */
import { createHash } from 'node:crypto';
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

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function checkAggregate(a: TeamWeekAggregate): void {
  // A function, not a string: messages are built only on failure (this runs for every team and week of a report).
  const where = () => `The aggregate of ${a.team} for ${a.week}`;
  const n = a.contributors;
  if (!isCount(n)) throw new ReportInputError(`${where()}: contributors must be a non-negative integer, got ${String(n)}.`);
  const total = (xs: readonly unknown[], what: string, name = '') => {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      if (!isCount(v)) throw new ReportInputError(`${where()}: ${what}${name}[${i}] must be a non-negative integer, got ${String(v)}.`);
      sum += v;
    }
    return sum;
  };
  const levels = total(LEVELS.map((l) => a.levels[l] ?? 0), 'levels');
  if (levels !== n) throw new ReportInputError(`${where()}: the level counts add up to ${levels}, not to its ${n} contributors.`);
  if (a.activeDays.length !== ACTIVE_DAY_BINS || total(a.activeDays, 'activeDays') !== n) throw new ReportInputError(`${where()}: activeDays must be ${ACTIVE_DAY_BINS} bins adding up to its ${n} contributors.`);
  for (const d of DIMENSIONS) {
    const h = a.dimensions[d];
    if (!h || h.length !== SCORE_BINS || total(h, 'dimensions.', d) !== n) throw new ReportInputError(`${where()}: dimensions.${d} must be ${SCORE_BINS} bins adding up to its ${n} contributors.`);
  }
  for (const [t, v] of [...Object.entries(a.tools), ...Object.entries(a.features)]) {
    if (!isCount(v)) throw new ReportInputError(`${where()}: ${t} must be a non-negative integer, got ${String(v)}.`);
    if (v > n) throw new ReportInputError(`${where()}: ${v} members of ${n} use ${t}.`);
  }
}

export interface WeekTables {
  /** Every tool named in the week's aggregates (a tool with a zero count is still listed). */
  toolNames: readonly string[];
  core: Protection;
  /** Only the tools and features someone used that week: an all-zero table is `zeroTable`. */
  tools: Map<string, Protection>;
  features: Map<string, Protection>;
  /** Subtree histograms of the dimensions, DIM_CELLS per node. */
  dims: number[];
}

/**
 * What protect() decides for a count table with no member in it, exactly:
 * every cell is zero, so no cell is below k, no relation needs a complement
 * and there is nothing to audit; the only hidden cells are the nodes forced
 * by the member table, with its reason. Skips the elimination for every tool
 * or feature no one used that week (suppress.test.ts checks this equality).
 */
export function zeroTable(core: Protection, nodes: number): Protection {
  return { state: Array.from({ length: nodes }, (_, i) => core.state[i * CORE_CATEGORIES]!), sub: new Array<number>(nodes).fill(0) };
}

/**
 * One week of the organisation, protected: the member, tool and feature
 * tables after small-cell suppression (../privacy/suppress.ts) over the whole
 * tree. Every figure of a report is read from these. `aggs` must hold at most
 * one aggregate per team of `tree`, all of the same week, already checked.
 */
export function weekTables(tree: Tree, index: ReadonlyMap<string, number>, aggs: readonly TeamWeekAggregate[], k: number): WeekTables {
  const n = tree.paths.length;
  const core = new Array<number>(n * CORE_CATEGORIES).fill(0);
  const dims = new Array<number>(n * DIM_CELLS).fill(0);
  const toolDirect = new Map<string, number[]>();
  const featureDirect = new Map<string, number[]>();
  const known = new Set<string>(FEATURES);
  const put = (m: Map<string, number[]>, key: string, i: number, v: number) => {
    if (v === 0) return;
    let direct = m.get(key);
    if (!direct) m.set(key, (direct = new Array<number>(n).fill(0)));
    direct[i] = v;
  };
  for (const a of aggs) {
    const i = index.get(a.team)!;
    const at = i * CORE_CATEGORIES;
    core[at] = a.contributors;
    LEVELS.forEach((l, j) => (core[at + LEVEL_AT + j] = a.levels[l] ?? 0));
    a.activeDays.forEach((v, j) => (core[at + DAYS_AT + j] = v));
    DIMENSIONS.forEach((d, j) => a.dimensions[d].forEach((v, b) => (dims[i * DIM_CELLS + j * SCORE_BINS + b] = v)));
    for (const [t, v] of Object.entries(a.tools)) put(toolDirect, t, i, v);
    for (const [f, v] of Object.entries(a.features)) {
      if (!known.has(f)) throw new ReportInputError(`The aggregate of ${a.team} for ${a.week} names an unknown feature "${f}".`);
      put(featureDirect, f, i, v);
    }
  }
  const coreP = protect(tree, { spec: CORE_SPEC, direct: core }, k);
  // A team hidden in the member table is hidden in every tool and feature cell, with the same reason.
  const nodeState = (i: number) => coreP.state[i * CORE_CATEGORIES]!;
  const loners = tree.paths.map((_, i) => i).filter((i) => core[i * CORE_CATEGORIES] === 1);
  const each = (m: Map<string, number[]>) => new Map([...m].map(([key, direct]) => [key, protect(tree, { spec: COUNT_SPEC, direct, loners }, k, nodeState)]));
  const toolNames = [...new Set(aggs.flatMap((a) => Object.keys(a.tools)))].sort();
  return { toolNames, core: coreP, tools: each(toolDirect), features: each(featureDirect), dims: subtreeSums(tree, DIM_CELLS, dims) };
}

/**
 * A bounded least-recently-used map of per-week protections, shared across
 * reports by the caller (buildReport stays pure: it is handed the cache).
 * An entry is keyed by the content it was computed from (see weekKey), so a
 * changed aggregate, tree or k can never reuse a stale protection; closed
 * weeks never change, so they hit for good.
 */
export class ReportCache {
  readonly #entries = new Map<string, WeekTables>();
  hits = 0;
  misses = 0;
  constructor(readonly maxEntries = 2048) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`ReportCache: maxEntries must be a positive integer, got ${maxEntries}.`);
  }
  get size(): number {
    return this.#entries.size;
  }
  /** @internal */
  get(key: string): WeekTables | undefined {
    const hit = this.#entries.get(key);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      this.hits++;
    } else this.misses++;
    return hit;
  }
  /** @internal */
  set(key: string, value: WeekTables): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }
  /** @internal */
  delete(key: string): void {
    this.#entries.delete(key);
  }
  clear(): void {
    this.#entries.clear();
  }
}

/**
 * The content key of one week's tables: everything weekTables reads (k, the
 * tree's paths, and every number of the week's aggregates, in a canonical
 * order), hashed with SHA-256. Any changed number changes the key.
 */
export function weekKey(week: string, k: number, tree: Tree, aggs: readonly TeamWeekAggregate[]): string {
  const h = createHash('sha256');
  h.update(`v1\0${week}\0${k}\0${tree.paths.join('\n')}\0`);
  const sorted = [...aggs].sort((a, b) => (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
  const pairs = (r: Record<string, number>) =>
    Object.entries(r)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, v]) => `${JSON.stringify(key)}:${v}`)
      .join(',');
  for (const a of sorted) {
    h.update(
      `${JSON.stringify(a.team)}|${a.contributors}|${LEVELS.map((l) => a.levels[l] ?? 0).join(',')}|${a.activeDays.join(',')}|${DIMENSIONS.map((d) => a.dimensions[d].join(',')).join(';')}|${pairs(a.tools)}|${pairs(a.features)}\n`,
    );
  }
  return `${week} ${k} ${h.digest('hex')}`;
}

const STATE_CODE: Record<CellState, string> = { published: 'p', below_k: 'b', withheld: 'w' };
const CODE_STATE: Record<string, CellState> = { p: 'published', b: 'below_k', w: 'withheld' };

interface StoredProtection {
  /** One character per cell: p, b or w. */
  state: string;
  /** The published counts; null where the cell is hidden. */
  sub: (number | null)[];
}

/** A week's protected tables as kept in the database: what renderReport reads of them, and nothing it hides. */
export interface StoredWeekTables {
  v: 1;
  toolNames: readonly string[];
  core: StoredProtection;
  tools: [string, StoredProtection][];
  features: [string, StoredProtection][];
  dims: (number | null)[];
}

/**
 * A week's tables with every count protect() hid taken out, for storage
 * outside the process (report-cache.ts persists closed weeks). Kept: the
 * published cells, and the active-day and dimension histograms of published
 * nodes only, which the report turns into quantiles (published whenever the
 * node is). Everything of a below-k or withheld node, and every hidden level,
 * tool or feature count, is dropped: renderReport reads none of them.
 */
export function storedWeekTables(w: WeekTables): StoredWeekTables {
  const nodePublished = (node: number) => w.core.state[node * CORE_CATEGORIES] === 'published';
  const store = (p: Protection, categories: number, keep: (cell: number) => boolean = () => false): StoredProtection => ({
    state: p.state.map((s) => STATE_CODE[s]).join(''),
    sub: p.sub.map((v, cell) => (p.state[cell] === 'published' || (keep(cell) && nodePublished(Math.floor(cell / categories))) ? v : null)),
  });
  return {
    v: 1,
    toolNames: w.toolNames,
    core: store(w.core, CORE_CATEGORIES, (cell) => cell % CORE_CATEGORIES >= DAYS_AT),
    tools: [...w.tools].map(([name, p]) => [name, store(p, 1)]),
    features: [...w.features].map(([name, p]) => [name, store(p, 1)]),
    dims: w.dims.map((v, i) => (nodePublished(Math.floor(i / DIM_CELLS)) ? v : null)),
  };
}

/** The tables storedWeekTables kept, for renderReport; a hidden count reads as 0 (it is never read). */
export function weekTablesFromStored(s: StoredWeekTables): WeekTables {
  if (s?.v !== 1) throw new ReportInputError('Stored week tables of an unknown format.');
  const load = (p: StoredProtection): Protection => ({
    state: Array.from(p.state, (c) => {
      const state = CODE_STATE[c];
      if (!state) throw new ReportInputError(`Stored week tables: unknown cell state ${JSON.stringify(c)}.`);
      return state;
    }),
    sub: p.sub.map((v) => v ?? 0),
  });
  return {
    toolNames: s.toolNames,
    core: load(s.core),
    tools: new Map(s.tools.map(([name, p]) => [name, load(p)])),
    features: new Map(s.features.map(([name, p]) => [name, load(p)])),
    dims: s.dims.map((v) => v ?? 0),
  };
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
      ? // members − the lower levels, not the hidden cells themselves: the renderer reads no count protect() hid.
        published(round((core.sub[at]! - rest.reduce((s, c) => s + core.sub[c]!, 0)) / core.sub[at]!))
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
  let zeroP: Protection | null = null;
  const zero = () => (zeroP ??= zeroTable(core, tree.paths.length));
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
    tools: tools.map((tool) => ({ tool, ...countAndShare(w.tools.get(tool) ?? zero()) })),
    features: FEATURES.map((feature) => ({ feature, ...countAndShare(w.features.get(feature) ?? zero()) })),
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
export function buildReport(input: ReportInput, opts: { cache?: ReportCache } = {}): TeamReport {
  const { k, team, weeks } = input;
  checkShape(k, weeks);
  const org = team.split('/')[0]!;
  const inOrg = (p: string) => teamWithin(p, org);
  const weekSet = new Set(weeks);
  const aggs = input.aggregates.filter((a) => inOrg(a.team) && weekSet.has(a.week));
  const tree = buildTree([team, ...input.teams.filter(inOrg), ...aggs.map((a) => a.team)]);
  const index = new Map(tree.paths.map((p, i) => [p, i]));
  const byWeek = groupWeeks(weeks, aggs);
  const tables = weeks.map((week) => {
    const weekAggs = byWeek.get(week)!;
    if (!opts.cache) return weekTables(tree, index, weekAggs, k);
    const key = weekKey(week, k, tree, weekAggs);
    const hit = opts.cache.get(key);
    if (hit) return hit;
    const made = weekTables(tree, index, weekAggs, k);
    opts.cache.set(key, made);
    return made;
  });
  return renderReport({ k, team, tree, index, weeks, openWeeks: input.openWeeks, tables, now: input.now });
}

/** The checks of a report's k and weeks that come before any data is read. */
export function checkShape(k: number, weeks: readonly string[]): void {
  if (!Number.isInteger(k) || k < MIN_K) throw new RangeError(`k must be an integer of at least ${MIN_K}, got ${k}: a smaller group would let a person be singled out.`);
  if (weeks.length < 1 || weeks.length > MAX_REPORT_WEEKS) throw new ReportInputError(`A report covers 1 to ${MAX_REPORT_WEEKS} weeks, got ${weeks.length}.`);
  if (new Set(weeks).size !== weeks.length || weeks.some((w, i) => i > 0 && w <= weeks[i - 1]!)) throw new ReportInputError('The weeks of a report must be distinct and oldest first.');
}

/**
 * The aggregates per week (of `weeks`), each checked, refusing two for the
 * same team and week. The only way aggregates reach weekTables.
 */
export function groupWeeks(weeks: readonly string[], aggs: readonly TeamWeekAggregate[]): Map<string, TeamWeekAggregate[]> {
  const byWeek = new Map<string, TeamWeekAggregate[]>(weeks.map((w) => [w, []]));
  const seen = new Set<string>();
  for (const a of aggs) {
    const key = `${a.team} ${a.week}`;
    if (seen.has(key)) throw new ReportInputError(`Two aggregates for ${a.team} in ${a.week}: there must be one per team and week.`);
    seen.add(key);
    checkAggregate(a);
    byWeek.get(a.week)?.push(a);
  }
  return byWeek;
}

/**
 * The report of `team` from its organisation's protected week tables (one per
 * week, made by weekTables over `tree`). Reads only what protect() let through.
 */
/** What renderReport reads: protected week tables and the tree they were made over. */
export interface RenderInput {
  k: number;
  team: string;
  tree: Tree;
  index: ReadonlyMap<string, number>;
  weeks: readonly string[];
  openWeeks: ReadonlySet<string>;
  tables: readonly WeekTables[];
  now: Date;
}

function renderNode(r: RenderInput): number {
  const node = r.index.get(r.team);
  if (node === undefined) throw new ReportInputError(`${r.team} is not in the tree of its organisation.`);
  return node;
}

/** The tools a report lists in every week: each tool any of its weeks saw. */
export function reportTools(r: RenderInput): string[] {
  return [...new Set(r.tables.flatMap((t) => t.toolNames))].sort();
}

/**
 * Week i of renderReport(r), given the report of week i − 1 (null for the first). A week depends only on its
 * own tables, its open flag, the report's tools and the previous week's headline and level shares (which
 * depend only on that week's tables), so the caller may keep a week's rendering and reuse it while those stay.
 */
export function renderWeek(r: RenderInput, i: number, tools: readonly string[], previous: WeekReport | null): WeekReport {
  const week = r.weeks[i]!;
  return weekReport(r.tables[i]!, r.tree, renderNode(r), week, r.openWeeks.has(week), tools, previous);
}

export function renderReport(r: RenderInput): TeamReport {
  renderNode(r);
  const tools = reportTools(r);
  const out: WeekReport[] = [];
  r.weeks.forEach((_, i) => out.push(renderWeek(r, i, tools, out.at(-1) ?? null)));
  return { v: 1, team: r.team, k: r.k, generatedAt: r.now.toISOString(), latestWeek: r.weeks.at(-1)!, weeks: out };
}
