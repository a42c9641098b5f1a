/**
 * Gathers what buildReport reads for one team: its subtree's direct
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

export function reportWeeks(now: number, count: number): string[] {
  return weekRange(latestCompleteWeek(now), count);
}


export async function loadAggregates(db: Kysely<Database>, team: string, weeks: readonly string[]): Promise<TeamWeekAggregate[]> {
  const inTeam = sql`(team = ${team} OR team LIKE ${`${team}/%`})`;
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

export async function loadReportInput(
  db: Kysely<Database>,
  opts: { team: string; weeks: number; k: number; now: number; openDays: number },
): Promise<ReportInput> {
  const weeks = reportWeeks(opts.now, opts.weeks);
  const [teams, aggregates] = await Promise.all([subtree(db, opts.team), loadAggregates(db, opts.team, weeks)]);
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
