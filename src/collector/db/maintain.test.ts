/**
 * PGlite has no autovacuum worker: the collector reclaims dead rows and gathers
 * statistics itself, with autovacuum's thresholds; on PostgreSQL it leaves that to autovacuum.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBatch } from '../ingest';
import { openTestStore, snapshot, wire } from '../testkit';
import { maintainEmbedded } from './maintain';
import type { Store } from './open';

const stats = async (store: Store) => {
  await sql`SELECT pg_stat_force_next_flush()`.execute(store.db);
  const { rows } = await sql<{ dead: number; analyzed: boolean }>`
    SELECT n_dead_tup::int AS dead, (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL) AS analyzed
    FROM pg_stat_user_tables WHERE relid = 'snapshots'::regclass`.execute(store.db);
  return rows[0]!;
};

describe('maintaining the embedded database', () => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => drop?.());

  it('on PGlite, vacuums a table the fold left dead rows in and analyses it, and leaves a quiet one alone', async () => {
    const t = await openTestStore('pglite');
    drop = t.drop;
    for (let b = 0; b < 5; b++) await writeBatch(t.store.db, Array.from({ length: 100 }, () => wire(snapshot({ team: 'acme/a' }))));
    // As the fold does with a closed week's member rows.
    await sql`DELETE FROM snapshots`.execute(t.store.db);
    expect(await stats(t.store)).toEqual({ dead: 500, analyzed: false });

    const first = await maintainEmbedded(t.store);
    expect(first.vacuumed).toContain('snapshots');
    expect(await stats(t.store)).toEqual({ dead: 0, analyzed: true });

    // Nothing changed since: nothing to do.
    expect(await maintainEmbedded(t.store)).toEqual({ vacuumed: [], analyzed: [] });
  });

  it('on PostgreSQL, does nothing: autovacuum does it', async () => {
    const t = await openTestStore('postgres');
    drop = t.drop;
    await writeBatch(t.store.db, Array.from({ length: 100 }, () => wire(snapshot({ team: 'acme/a' }))));
    await sql`DELETE FROM snapshots`.execute(t.store.db);
    expect(await maintainEmbedded(t.store)).toEqual({ vacuumed: [], analyzed: [] });
  });
});
