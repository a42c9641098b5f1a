/**
 * The process's reports: per database, a cache of protected week tables
 * (report/build.ts weekTables, over the whole organisation tree) keyed by the
 * week's version in the database rather than by its content, so that a
 * report whose weeks did not change reads no aggregate and no member row at
 * all, only one small query for the versions.
 *
 * A week's version is sum(n) over week_changes (migration 0002): triggers on
 * snapshots, aggregates and teams append to it in the writer's transaction, so
 * an ingest, a withdrawal, a fold or a late fold, from this process or
 * another sharing the database, gives the week a new version at its commit.
 * The version is read BEFORE the rows it stands for, so the rows a cache entry
 * was made from are never older than its key: a change committed between the
 * two reads only means a newer week under the older key, which the next
 * version replaces. Every report still goes through renderReport from tables
 * that protect() made; what is cached is protect()'s outcome, never a figure
 * it did not decide.
 *
 * Closed weeks are also kept in the database (protected_weeks, migration
 * 0003) under the same key, so that a new process, or another one sharing
 * the database, reads a week's protected tables instead of protecting it
 * again (0.1–0.3 s a week for 200 teams). A row is served only when its
 * version, k and tree are the ones just read; any other is recomputed and
 * overwritten. What is stored is storedWeekTables(weekTables(...)): the
 * privacy module's outcome with every hidden count taken out.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { MAX_REPORT_WEEKS, type TeamReport, type WeekReport } from '../contract/report';
import { weekClosesAt } from '../contract/week';
import type { Database } from './db/schema';
import { buildTree, type Tree } from './privacy/suppress';
import { buildReport, checkShape, groupWeeks, renderReport, renderWeek, ReportCache, reportTools, type StoredWeekTables, storedWeekTables, type WeekTables, weekTables, weekTablesFromStored } from './report/build';
import { loadAggregates, loadReportInput, loadTeamVersions, reportWeeks } from './report-data';
import type { TeamWeekAggregate } from './report/input';
import { subtree } from './teams';

/** Rendered weeks kept: the weeks of some 64 recent reports. */
const MAX_JSON_WEEKS = 64 * MAX_REPORT_WEEKS;
const COMMA = Buffer.from(',');

/**
 * A week's change log is compacted once it holds this many rows beyond two per team. Every ingest statement
 * appends a row per team it wrote, so an open week of 100,000 members sent 100 at a time gathers some 100,000
 * rows, and summing them made a warm report cost 100 ms; compacted, a week holds a row per team. Relative to
 * the teams, so that a compacted log of a large organisation is not compacted again at every report (each
 * compaction leaves dead rows behind for the vacuum).
 */
export const COMPACT_CHANGES_AT = 512;

/** Whether a week's log of `rows` change rows naming `teams` distinct teams is worth compacting. */
export function needsCompaction(rows: number, teams: number): boolean {
  return rows > 2 * teams + COMPACT_CHANGES_AT;
}

/** The versions of an organisation's weeks (and of its tree, under ''), as text; a week never written is '0'. */
export async function loadVersions(db: Kysely<Database>, org: string, weeks: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await sql<{ week: string; v: string; rows: number; teams: number }>`
    SELECT week, sum(n)::text AS v, count(*)::int AS rows, count(DISTINCT team)::int AS teams
    FROM week_changes WHERE org = ${org} AND week = ANY(${[...weeks, '']}::text[]) GROUP BY week`.execute(db);
  const long = rows.filter((r) => r.week !== '' && needsCompaction(r.rows, r.teams)).map((r) => r.week);
  if (long.length) await compactChanges(db, org, long);
  return new Map(rows.map((r) => [r.week, r.v]));
}

/**
 * Replaces a week's change rows with one row per team holding their sum, in one statement: every version,
 * of the week and of each team, stays what it is, for readers before and after. Rows appended meanwhile are
 * not in the statement's snapshot and stay as they are; two compactions at once each take only the rows they
 * deleted (PostgreSQL skips rows another statement deleted first), so nothing is counted twice.
 */
export async function compactChanges(db: Kysely<Database>, org: string, weeks: readonly string[]): Promise<void> {
  await sql`
    WITH d AS (DELETE FROM week_changes WHERE org = ${org} AND week = ANY(${[...weeks]}::text[]) RETURNING week, team, n)
    INSERT INTO week_changes (org, week, team, n) SELECT ${org}, week, team, sum(n) FROM d GROUP BY week, team`.execute(db);
}

interface OrgTree {
  version: string;
  tree: Tree;
  index: Map<string, number>;
  /** SHA-256 of the paths: part of every week key, so tables made over another tree are never reused. */
  hash: string;
}

export interface ReportRequest {
  team: string;
  weeks: number;
  k: number;
  now: number;
  openDays: number;
}

export class VersionedReports {
  /** Protected week tables; hits and misses count weeks. */
  readonly tables: ReportCache;
  readonly #trees = new Map<string, OrgTree>();
  /** The JSON of recent reports' weeks, least recently used first (see reportJson). */
  readonly #json = new Map<string, Buffer>();
  /** The key last stored for each organisation, week, k and tree: older versions are never read again. */
  readonly #latest = new Map<string, string>();
  /** Reports built without the cache (a team or aggregate outside the known tree): 0 in normal operation. */
  uncached = 0;
  /** Weeks read from protected_weeks, and weeks protected here (and then stored if closed). */
  readonly stored = { read: 0, computed: 0, written: 0, teamsRead: 0 };
  /** Open weeks' direct aggregates, per organisation and week, then per team, with the version they were read at. */
  readonly #openTeams = new Map<string, Map<string, { v: string; agg: TeamWeekAggregate | null }>>();

  /**
   * 1024 weeks: 52 weeks of about 20 organisations. An entry holds a week's protected subtree counts, on the
   * order of 100 KB for a 200-team tree, so the bound also caps memory for trees of that size.
   */
  constructor(maxWeeks = 1024) {
    this.tables = new ReportCache(maxWeeks);
  }

  async report(db: Kysely<Database>, req: ReportRequest, versions?: Map<string, string>): Promise<TeamReport> {
    const p = await this.#protected(db, req, versions);
    return 'report' in p ? p.report : renderReport(p.render);
  }

  /**
   * The same report as JSON text, exactly JSON.stringify(await report(...)). The text of each week is kept
   * per team, k, week version, previous week's version, open flag and tool list (a report is some 150–350 KB
   * of JSON for a 200-team organisation, and serialising it was most of a warm request): after a change to
   * one week only that week and the next are rendered again, and only generatedAt is new on each request.
   */
  async reportJson(db: Kysely<Database>, req: ReportRequest, versions?: Map<string, string>): Promise<Buffer> {
    const p = await this.#protected(db, req, versions);
    if ('report' in p) return Buffer.from(JSON.stringify(p.report));
    const { render, keys } = p;
    const tools = reportTools(render);
    const toolKey = tools.join(',');
    const parts: Buffer[] = [];
    /** The report of the week before the one being rendered, when it was rendered in this call. */
    let previous: WeekReport | null = null;
    render.weeks.forEach((week, i) => {
      const key = `${render.team}\0${render.k}\0${keys[i]}\0${i > 0 ? keys[i - 1] : ''}\0${render.openWeeks.has(week) ? 1 : 0}\0${toolKey}`;
      let text = this.#json.get(key);
      if (text === undefined) {
        // The previous week's headline and level shares do not depend on the week before it.
        const before = i === 0 ? null : (previous ?? renderWeek(render, i - 1, tools, null));
        const made = renderWeek(render, i, tools, before);
        text = Buffer.from(JSON.stringify(made));
        previous = made;
      } else {
        this.#json.delete(key);
        previous = null;
      }
      this.#json.set(key, text);
      if (this.#json.size > MAX_JSON_WEEKS) this.#json.delete(this.#json.keys().next().value!);
      if (i > 0) parts.push(COMMA);
      parts.push(text);
    });
    const head: Omit<TeamReport, 'weeks'> = { v: 1, team: render.team, k: render.k, generatedAt: render.now.toISOString(), latestWeek: render.weeks.at(-1)! };
    // Bytes, not text: encoding 350 KB of text to UTF-8 again on every request was the next largest cost.
    return Buffer.concat([Buffer.from(`${JSON.stringify(head).slice(0, -1)},"weeks":[`), ...parts, Buffer.from(']}')]);
  }

  async #protected(db: Kysely<Database>, req: ReportRequest, known?: Map<string, string>): Promise<{ report: TeamReport } | { render: Parameters<typeof renderReport>[0]; keys: string[] }> {
    const weeks = reportWeeks(req.now, req.weeks);
    checkShape(req.k, weeks);
    const org = req.team.split('/')[0]!;
    // Versions first, then rows: see the module comment. A caller may have read them already (for these weeks).
    const versions = known ?? (await loadVersions(db, org, weeks));
    const treeVersion = versions.get('') ?? '0';
    let t = this.#trees.get(org);
    if (!t || t.version !== treeVersion) {
      const paths = await subtree(db, org);
      const tree = buildTree(paths);
      t = { version: treeVersion, tree, index: new Map(tree.paths.map((p, i) => [p, i])), hash: createHash('sha256').update(tree.paths.join('\n')).digest('hex') };
      this.#trees.set(org, t);
    }
    // Weeks close in order: counted back from the latest until one is closed (two or three calls, not 52).
    const openWeeks = new Set<string>();
    for (let i = weeks.length - 1; i >= 0 && req.now < weekClosesAt(weeks[i]!, req.openDays); i--) openWeeks.add(weeks[i]!);
    const fallback = async () => {
      this.uncached++;
      return { report: buildReport(await loadReportInput(db, req)) };
    };
    if (!t.index.has(req.team)) return fallback();

    const slots = weeks.map((w) => `${org}\0${w}\0${req.k}\0${t.hash}`);
    const keys = weeks.map((w, i) => `${slots[i]}\0${versions.get(w) ?? '0'}`);
    const tables: (WeekTables | undefined)[] = keys.map((key) => this.tables.get(key));
    const remember = (i: number, made: WeekTables) => {
      // An open week gets a new version with every batch: drop the superseded one rather than let it age
      // out of the LRU (each is some 150 KB for 200 teams).
      const previous = this.#latest.get(slots[i]!);
      if (previous !== undefined && previous !== keys[i]) this.tables.delete(previous);
      this.#latest.set(slots[i]!, keys[i]!);
      this.tables.set(keys[i]!, made);
      tables[i] = made;
    };
    const closed = weeks.filter((w, i) => !tables[i] && !openWeeks.has(w));
    if (closed.length) {
      const rows = await db
        .selectFrom('protected_weeks')
        .select(['week', 'version', sql<string>`tables::text`.as('tables')])
        .where('org', '=', org)
        .where('week', 'in', closed)
        .where('k', '=', req.k)
        .where('tree', '=', t.hash)
        .execute();
      const found = new Map(rows.map((r) => [r.week, r]));
      weeks.forEach((w, i) => {
        const row = found.get(w);
        // Another version is never served: the week changed since (or the row is older than what is cached).
        if (tables[i] || !row || row.version !== (versions.get(w) ?? '0')) return;
        remember(i, weekTablesFromStored(JSON.parse(row.tables) as StoredWeekTables));
        this.stored.read++;
      });
    }
    const missing = weeks.filter((_, i) => !tables[i]);
    if (missing.length) {
      const aggs = await this.#aggregates(db, org, missing, openWeeks);
      if (aggs.some((a) => !t.index.has(a.team))) return fallback();
      const byWeek = groupWeeks(missing, aggs);
      const toStore: { week: string; version: string; tables: string }[] = [];
      weeks.forEach((w, i) => {
        if (tables[i]) return;
        const made = weekTables(t.tree, t.index, byWeek.get(w)!, req.k);
        this.stored.computed++;
        remember(i, made);
        // Open weeks change with every batch: only a closed week's tables are worth keeping past this process.
        if (!openWeeks.has(w)) toStore.push({ week: w, version: versions.get(w) ?? '0', tables: JSON.stringify(storedWeekTables(made)) });
      });
      if (toStore.length) await this.#store(db, org, req.k, t.hash, toStore);
    }
    return { keys, render: { k: req.k, team: req.team, tree: t.tree, index: t.index, weeks, openWeeks, tables: tables as WeekTables[], now: new Date(req.now) } };
  }

  /**
   * The direct aggregates of `weeks`. A closed week is read whole. An open week changes a few teams at a time
   * (each ingest, each withdrawal), and grouping the member rows of the whole organisation again after each
   * change was most of the cost of a report (90 of 120 ms at 10,000 members): its teams' aggregates are kept
   * here, each with the team's version of the week (week_changes by team, migration 0004) read BEFORE its
   * rows, and only the teams whose version moved are read again. Each entry pairs one team's rows with a
   * version no newer than them, whatever the order in which concurrent reports store theirs, so a stale entry
   * is only ever read again, never served. A week whose changes cannot be told apart by team (rows without a
   * team: older than that migration, or compacted by the fold) is read whole and not kept.
   */
  async #aggregates(db: Kysely<Database>, org: string, weeks: readonly string[], openWeeks: ReadonlySet<string>): Promise<TeamWeekAggregate[]> {
    const open = weeks.filter((w) => openWeeks.has(w));
    const whole = weeks.filter((w) => !openWeeks.has(w));
    // Weeks no longer open are never read per team again.
    for (const key of this.#openTeams.keys()) {
      const [o, w] = key.split('\0');
      if (o === org && !openWeeks.has(w!)) this.#openTeams.delete(key);
    }
    const versions = open.length ? await loadTeamVersions(db, org, open) : new Map<string, Map<string | null, string>>();
    const reads: { week: string; teams: string[] | null }[] = [];
    for (const w of open) {
      const now = versions.get(w)!;
      const kept = this.#openTeams.get(`${org}\0${w}`);
      if (now.has(null) || !kept) {
        reads.push({ week: w, teams: null });
        continue;
      }
      const changed = [...now].filter(([team, v]) => kept.get(team!)?.v !== v).map(([team]) => team!);
      // Only the fold removes change rows (compacting them to a row without a team): a team gone from the log is a new week.
      if ([...kept.keys()].some((team) => !now.has(team))) reads.push({ week: w, teams: null });
      else if (changed.length) reads.push({ week: w, teams: changed });
    }
    const out: TeamWeekAggregate[] = whole.length ? await loadAggregates(db, org, whole) : [];
    for (const { week, teams } of reads) {
      const rows = await loadAggregates(db, org, [week], teams ?? undefined);
      this.stored.teamsRead += teams ? teams.length : versions.get(week)!.size;
      const now = versions.get(week)!;
      if (now.has(null)) {
        this.#openTeams.delete(`${org}\0${week}`);
        out.push(...rows);
        continue;
      }
      let kept = this.#openTeams.get(`${org}\0${week}`);
      if (!kept || teams === null) this.#openTeams.set(`${org}\0${week}`, (kept = new Map()));
      const byTeam = new Map(rows.map((a) => [a.team, a]));
      for (const team of teams ?? now.keys()) kept.set(team!, { v: now.get(team!)!, agg: byTeam.get(team!) ?? null });
    }
    for (const w of open) {
      const kept = this.#openTeams.get(`${org}\0${w}`);
      if (!kept || versions.get(w)!.has(null)) continue;
      for (const { agg } of kept.values()) if (agg) out.push(agg);
    }
    return out;
  }

  /**
   * Keeps closed weeks' tables for the next process. One row per organisation and week: rows made for another
   * k or tree are deleted, and the row of this k and tree takes the new version. Two processes racing may
   * leave the older version in place; it is then never served (its version is not the week's) and the next
   * computation overwrites it.
   */
  async #store(db: Kysely<Database>, org: string, k: number, tree: string, rows: { week: string; version: string; tables: string }[]): Promise<void> {
    const weeks = rows.map((r) => r.week);
    await db
      .deleteFrom('protected_weeks')
      .where('org', '=', org)
      .where('week', 'in', weeks)
      .where((eb) => eb.or([eb('k', '<>', k), eb('tree', '<>', tree)]))
      .execute();
    await db
      .insertInto('protected_weeks')
      .values(rows.map((r) => ({ org, k, tree, ...r })))
      .onConflict((oc) => oc.columns(['org', 'week', 'k', 'tree']).doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), tables: eb.ref('excluded.tables') })))
      .execute();
    this.stored.written += rows.length;
  }

  clear(): void {
    this.tables.clear();
    this.#json.clear();
    this.#latest.clear();
    this.#trees.clear();
  }
}

/** One cache per database handle: tests open several stores in one process, and versions are per database. */
const perDatabase = new WeakMap<object, VersionedReports>();

export function reportsFor(db: Kysely<Database>): VersionedReports {
  let r = perDatabase.get(db);
  if (!r) perDatabase.set(db, (r = new VersionedReports()));
  return r;
}

/**
 * Builds the 52-week report of every organisation root once, so that the
 * first lead to open a report finds its weeks protected already. Meant to run
 * off the request path (after a fold, at start); any team's report of the same
 * organisation reuses the entries, since protection is decided over the whole
 * organisation.
 */
export async function warmReportCache(db: Kysely<Database>, opts: { k: number; now: number; openDays: number; reports?: VersionedReports }): Promise<number> {
  const roots = (await db.selectFrom('teams').select('path').where('path', 'not like', '%/%').orderBy('path').execute()).map((r) => r.path);
  const reports = opts.reports ?? reportsFor(db);
  for (const team of roots) {
    await reports.report(db, { team, weeks: MAX_REPORT_WEEKS, k: opts.k, now: opts.now, openDays: opts.openDays });
    // Yield between organisations so that requests are not held up behind the warm-up.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return roots.length;
}

