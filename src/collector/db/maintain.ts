/**
 * Vacuum and statistics for the embedded database. PGlite runs PostgreSQL as a single
 * standalone backend: there is no autovacuum worker, so nothing would ever reclaim the
 * dead rows that the fold (it deletes a closed week's member rows), resends, compaction
 * and expired sessions leave behind, nor gather the statistics the planner chooses its
 * plans by. On PGlite the collector does it itself, table by table, with autovacuum's
 * default thresholds; on PostgreSQL autovacuum does it and this does nothing.
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

export async function maintainEmbedded(store: Store): Promise<Maintained> {
  const done: Maintained = { vacuumed: [], analyzed: [] };
  if (store.engine !== 'pglite') return done;
  // The backend reports its counters at most once a second; the decision is taken on all of them.
  await sql`SELECT pg_stat_force_next_flush()`.execute(store.db);
  const { rows } = await sql<{ name: string; vacuum: boolean; analyze: boolean }>`
    SELECT relname AS name,
      n_dead_tup > ${VACUUM_BASE}::float8 + ${VACUUM_SCALE}::float8 * n_live_tup AS vacuum,
      n_mod_since_analyze > ${ANALYZE_BASE}::float8 + ${ANALYZE_SCALE}::float8 * n_live_tup AS analyze
    FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname`.execute(store.db);
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
