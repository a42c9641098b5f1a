/**
 * PGlite has no autovacuum worker: the collector reclaims dead rows and gathers
 * statistics itself, with autovacuum's thresholds; on PostgreSQL it leaves that to autovacuum
 * where autovacuum runs, and does the same where it does not.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBatch } from '../ingest';
import { openTestStore, snapshot, wire } from '../testkit';
import { maintainStore } from './maintain';
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

    const first = await maintainStore(t.store);
    expect(first.vacuumed).toContain('snapshots');
    expect(await stats(t.store)).toEqual({ dead: 0, analyzed: true });

    // Nothing changed since: nothing to do.
    expect(await maintainStore(t.store)).toEqual({ vacuumed: [], analyzed: [] });
  });

  it('on PostgreSQL, vacuums a table that autovacuum does not look after (autovacuum_enabled = false)', async () => {
    const t = await openTestStore('postgres');
    drop = t.drop;
    await sql`ALTER TABLE snapshots SET (autovacuum_enabled = false)`.execute(t.store.db);
    await writeBatch(t.store.db, Array.from({ length: 100 }, () => wire(snapshot({ team: 'acme/a' }))));
    await sql`DELETE FROM snapshots`.execute(t.store.db);
    expect(await stats(t.store)).toMatchObject({ dead: 100 });
    expect((await maintainStore(t.store)).vacuumed).toContain('snapshots');
    expect(await stats(t.store)).toEqual({ dead: 0, analyzed: true });
  });

  it('on PostgreSQL, leaves a table to autovacuum when the server runs it, and does its work when the server does not', async () => {
    const t = await openTestStore('postgres');
    drop = t.drop;
    const { rows } = await sql<{ on: boolean }>`SELECT current_setting('autovacuum')::bool AND current_setting('track_counts')::bool AS on`.execute(t.store.db);
    await writeBatch(t.store.db, Array.from({ length: 100 }, () => wire(snapshot({ team: 'acme/a' }))));
    await sql`DELETE FROM snapshots`.execute(t.store.db);
    const done = await maintainStore(t.store);
    // This machine's server has autovacuum off; a stock one has it on: either way the rule is checked.
    if (rows[0]!.on) expect(done).toEqual({ vacuumed: [], analyzed: [] });
    else expect(done.vacuumed).toContain('snapshots');
  });
});
