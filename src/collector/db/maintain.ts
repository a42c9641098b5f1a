/**
 * Vacuum and statistics, where nothing else does them. PGlite runs PostgreSQL as a single
 * standalone backend: there is no autovacuum worker, so nothing would ever reclaim the dead
 * rows that the fold (it deletes a closed week's member rows and compacts its change log),
 * resends, compaction and expired sessions leave behind, nor gather the statistics the
 * planner chooses its plans by. A PostgreSQL server may have autovacuum turned off too
 * (`autovacuum = off`, or `track_counts = off`, or `autovacuum_enabled = false` on a table):
 * the week version query then walked every dead change row its index still pointed at
 * (37 ms a report, where 2 would do, with 200,000 of them behind 2,000 live ones). So the
 * collector does it itself, table by table, with autovacuum's default thresholds, for every
 * table that autovacuum does not look after, and leaves the others to it.
 */
import { sql } from 'kysely';
import type { Store } from './open';

/** autovacuum_vacuum_threshold / _scale_factor and autovacuum_analyze_threshold / _scale_factor, PostgreSQL's defaults. */
const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;

export interface Maintained {
  vacuumed: string[];
  analyzed: string[];
}

export async function maintainStore(store: Store): Promise<Maintained> {
  const done: Maintained = { vacuumed: [], analyzed: [] };
  // The backend reports its counters at most once a second; the decision is taken on all of them.
  await sql`SELECT pg_stat_force_next_flush()`.execute(store.db);
  // Whether autovacuum looks after a table: the server's switches and the table's own option. PGlite reports
  // autovacuum on, but has no worker to run it.
  const autovacuum =
    store.engine === 'pglite'
      ? sql<boolean>`false`
      : sql<boolean>`current_setting('autovacuum')::bool AND current_setting('track_counts')::bool
          AND coalesce((SELECT option_value::bool FROM pg_options_to_table(c.reloptions) WHERE option_name = 'autovacuum_enabled'), true)`;
  const { rows } = await sql<{ name: string; vacuum: boolean; analyze: boolean }>`
    SELECT s.relname AS name,
      s.n_dead_tup > ${VACUUM_BASE}::float8 + ${VACUUM_SCALE}::float8 * s.n_live_tup AS vacuum,
      s.n_mod_since_analyze > ${ANALYZE_BASE}::float8 + ${ANALYZE_SCALE}::float8 * s.n_live_tup AS analyze
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    WHERE s.schemaname = current_schema() AND NOT (${autovacuum})
    ORDER BY s.relname`.execute(store.db);
  for (const r of rows) {
    // VACUUM (ANALYZE) gathers the statistics too.
    if (r.vacuum) {
      await sql`VACUUM (ANALYZE) ${sql.id(r.name)}`.execute(store.db);
      done.vacuumed.push(r.name);
    } else if (r.analyze) {
      await sql`ANALYZE ${sql.id(r.name)}`.execute(store.db);
      done.analyzed.push(r.name);
    }
  }
  return done;
}
