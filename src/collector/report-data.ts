/**
 * Gathers what buildReport reads for one team: its organisation's direct
 * aggregates for the report's weeks (closed weeks from the aggregates table,
 * open weeks grouped from member rows by the same SQL), in one query, plus
 * the tree, the weeks and k.
 */
import { type Kysely, sql } from 'kysely';
import type { ReportInput, TeamWeekAggregate } from './report/input';
import { type AggregateRow, addAggregates, groupedRows, toAggregate } from './aggregate-sql';
import type { Database } from './db/schema';
import { subtree } from './teams';
import { addWeeks, isoWeekOf, weekClosesAt, weekRange } from '../contract/week';
import { EARLIEST_UTC_OFFSET_HOURS } from '../contract/week';

/** The latest week that has ended somewhere (Sunday over in UTC+14): the report's headline week. */
export function latestCompleteWeek(now: number): string {
  const dayInEarliestZone = new Date(now + EARLIEST_UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
  return addWeeks(isoWeekOf(dayInEarliestZone), -1);
}

/** Recent answers of reportWeeks: the calendar arithmetic for 52 weeks was a millisecond of every report. */
const recentRanges = new Map<string, readonly string[]>();

export function reportWeeks(now: number, count: number): string[] {
  const latest = latestCompleteWeek(now);
  const key = `${latest} ${count}`;
  let range = recentRanges.get(key);
  if (!range) {
    if (recentRanges.size >= 64) recentRanges.clear();
    recentRanges.set(key, (range = weekRange(latest, count)));
  }
  // A copy: callers own the array they are given.
  return range.slice();
}


/**
 * Direct aggregates under `team` for `weeks`. With `only`, just those teams' own rows (not their subtrees):
 * the report cache reads again only the teams of an open week that changed.
 */
export async function loadAggregates(db: Kysely<Database>, team: string, weeks: readonly string[], only?: readonly string[]): Promise<TeamWeekAggregate[]> {
  const inTeam = only ? sql`team = ANY(${[...only]}::text[])` : sql`(team = ${team} OR team LIKE ${`${team}/%`})`;
  const inWeeks = sql`week = ANY(${[...weeks]}::text[])`;
  const { rows } = await sql<AggregateRow>`
    SELECT week, team, contributors, levels, dimensions, active_days, tools, features FROM aggregates WHERE ${inWeeks} AND ${inTeam}
    UNION ALL
    SELECT * FROM (${groupedRows(sql`${inWeeks} AND ${inTeam}`)}) open_weeks`.execute(db);
  // A team and week appear once, except if a late row raced a fold: then both parts are added.
  const merged = new Map<string, TeamWeekAggregate>();
  for (const row of rows) {
    const a = toAggregate(row);
    const key = `${a.week} ${a.team}`;
    const prior = merged.get(key);
    merged.set(key, prior ? addAggregates(prior, a) : a);
  }
  return [...merged.values()];
}

/**
 * Each team's version of each week of an organisation: sum(n) of its rows in week_changes (migration 0004).
 * The key null gathers the rows that name no team (written before that migration, or compacted by the fold).
 */
export async function loadTeamVersions(db: Kysely<Database>, org: string, weeks: readonly string[]): Promise<Map<string, Map<string | null, string>>> {
  const { rows } = await sql<{ week: string; team: string | null; v: string }>`
    SELECT week, team, sum(n)::text AS v FROM week_changes WHERE org = ${org} AND week = ANY(${[...weeks]}::text[]) GROUP BY week, team`.execute(db);
  const out = new Map<string, Map<string | null, string>>(weeks.map((w) => [w, new Map()]));
  for (const r of rows) out.get(r.week)?.set(r.team, r.v);
  return out;
}

export async function loadReportInput(
  db: Kysely<Database>,
  opts: { team: string; weeks: number; k: number; now: number; openDays: number },
): Promise<ReportInput> {
  const weeks = reportWeeks(opts.now, opts.weeks);
  // The whole organisation, not just the subtree: suppression is decided once over the whole tree, so a team's
  // report and its parent's hide the same cells. What the caller may see is still only opts.team's report.
  const org = opts.team.split('/')[0]!;
  const [teams, aggregates] = await Promise.all([subtree(db, org), loadAggregates(db, org, weeks)]);
  return {
    k: opts.k,
    team: opts.team,
    teams,
    weeks,
    openWeeks: new Set(weeks.filter((w) => opts.now < weekClosesAt(w, opts.openDays))),
    aggregates,
    now: new Date(opts.now),
  };
}
