/**
 * The fold job: once a week closes, its member rows become per-team counts
 * in the aggregates table and the rows are deleted, in one transaction, so a
 * closed week keeps nothing per person. Runs at start and periodically; the
 * clock is injected so tests and the demo can move time.
 */
import { type Kysely, sql } from 'kysely';
import { weekClosesAt } from '../contract/week';
import { groupedRows } from './aggregate-sql';
import type { Database } from './db/schema';

/** Ingest holds this advisory lock shared and the fold exclusive, so no row lands in a week being folded. */
export const WEEK_LOCK = 7_314_001;

export async function foldClosedWeeks(db: Kysely<Database>, now: number, openDays: number): Promise<string[]> {
  const weeks = (await sql<{ week: string }>`SELECT DISTINCT week FROM snapshots`.execute(db)).rows
    .map((r) => r.week)
    .filter((w) => weekClosesAt(w, openDays) <= now)
    .sort();
  for (const week of weeks) {
    await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${WEEK_LOCK})`.execute(tx);
      // Adds to an existing aggregate rather than replacing it, so a second fold of the same week never loses the first.
      await sql`
        INSERT INTO aggregates (week, team, contributors, levels, dimensions, active_days, tools, features)
        SELECT week, team, contributors, levels, dimensions, active_days, tools, features FROM (${groupedRows(sql`week = ${week}`)}) g
        ON CONFLICT (week, team) DO UPDATE SET
          contributors = aggregates.contributors + excluded.contributors,
          levels = (SELECT array_agg(x + y ORDER BY i) FROM unnest(aggregates.levels, excluded.levels) WITH ORDINALITY AS u(x, y, i)),
          dimensions = (SELECT array_agg(x + y ORDER BY i) FROM unnest(aggregates.dimensions, excluded.dimensions) WITH ORDINALITY AS u(x, y, i)),
          active_days = (SELECT array_agg(x + y ORDER BY i) FROM unnest(aggregates.active_days, excluded.active_days) WITH ORDINALITY AS u(x, y, i)),
          tools = (SELECT coalesce(jsonb_object_agg(key, n), '{}'::jsonb) FROM (SELECT key, sum(value::int)::int AS n FROM (SELECT * FROM jsonb_each_text(aggregates.tools) UNION ALL SELECT * FROM jsonb_each_text(excluded.tools)) e GROUP BY key) s),
          features = (SELECT coalesce(jsonb_object_agg(key, n), '{}'::jsonb) FROM (SELECT key, sum(value::int)::int AS n FROM (SELECT * FROM jsonb_each_text(aggregates.features) UNION ALL SELECT * FROM jsonb_each_text(excluded.features)) e GROUP BY key) s)
      `.execute(tx);
      await tx.deleteFrom('snapshots').where('week', '=', week).execute();
      await compactFoldedWeek(tx, week);
    });
  }
  return weeks;
}

/**
 * A folded week's change log, a row per ingest statement and team so far, compacted to one row per
 * organisation with the same sum: its version stays what it is (the fold's own writes already moved it past
 * every cached copy), and a report's version query reads one row for each closed week.
 */
export async function compactFoldedWeek(db: Kysely<Database>, week: string): Promise<void> {
  await sql`
    WITH d AS (DELETE FROM week_changes WHERE week = ${week} RETURNING org, n)
    INSERT INTO week_changes (org, week, n) SELECT org, ${week}, sum(n) FROM d GROUP BY org`.execute(db);
}
