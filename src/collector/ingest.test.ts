/**
 * The ingest statement's cost must not grow with the table: its pseudonym check probes
 * the index once per row, whether or not the table has statistics yet (PGlite runs no
 * autovacuum, and a new PostgreSQL table has none until autovacuum analyses it).
 * The scans are read from pg_stat_xact_user_tables, before and after the statement, in its transaction.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBatch } from './ingest';
import { ENGINES, openTestStore, snapshot, wire } from './testkit';
import type { Store } from './db/open';

describe.each(ENGINES)('the ingest statement on %s', (engine) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await openTestStore(engine));
    // Enough rows that reading them all is a plan a planner without statistics can pick.
    for (let b = 0; b < 30; b++) await writeBatch(store.db, Array.from({ length: 100 }, () => wire(snapshot({ team: 'acme/a' }))));
  });
  afterAll(async () => drop?.());

  const scansOfSnapshots = (db: Store['db']) =>
    sql<{ seq: number; idx: number }>`SELECT coalesce(seq_scan, 0)::int AS seq, coalesce(idx_scan, 0)::int AS idx FROM pg_stat_xact_user_tables WHERE relid = 'snapshots'::regclass`
      .execute(db)
      .then((r) => r.rows[0] ?? { seq: 0, idx: 0 });

  it('checks a batch’s pseudonyms with index probes, not by reading the whole table', async () => {
    const scans = await store.db.transaction().execute(async (trx) => {
      // The counters can hold scans not yet reported from earlier statements: the difference is this one's.
      const before = await scansOfSnapshots(trx);
      await writeBatch(trx, Array.from({ length: 100 }, () => wire(snapshot({ team: 'acme/b' }))));
      const after = await scansOfSnapshots(trx);
      return { seq: after.seq - before.seq, idx: after.idx - before.idx };
    });
    expect(scans.seq).toBe(0);
    expect(scans.idx).toBeGreaterThan(0);
  });

  it('still refuses a pseudonym already used for another team, and writes nothing of that batch', async () => {
    const taken = wire(snapshot({ team: 'acme/c' }));
    await writeBatch(store.db, [taken]);
    const fresh = wire(snapshot({ team: 'acme/d' }));
    await expect(writeBatch(store.db, [fresh, { ...taken, team: 'acme/d' }])).rejects.toMatchObject({ indexes: [1] });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM snapshots WHERE pseudonym = ${fresh.pseudonym}`.execute(store.db);
    expect(rows[0]!.n).toBe(0);
  });
});
