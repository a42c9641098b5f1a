/**
 * The collector under benchmark, as its own process (so its memory is its
 * own): the real HTTP application (src/collector/app.ts) over the real store,
 * served by @hono/node-server on 127.0.0.1:0. The benchmark drives it over
 * HTTP, and over IPC asks it for what has no endpoint: tokens, the closed
 * weeks seeded straight into the aggregates table, the raw INSERT and raw read
 * baselines, and the fold of a closed week, each timed here, next to the
 * database connection the server itself uses.
 *
 * Environment: BENCH_ENGINE (pglite | postgres), BENCH_PG_URL, BENCH_PG_SCHEMA, BENCH_DATA_DIR.
 */
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import type { MemberSnapshot } from '../../src/contract/sync';
import { createApp } from '../../src/collector/app';
import { maintainStore } from '../../src/collector/db/maintain';
import { openStore, type Store } from '../../src/collector/db/open';
import { compactFoldedWeek, foldClosedWeeks } from '../../src/collector/fold';
import { toRow, writeBatch } from '../../src/collector/ingest';
import { reportsFor } from '../../src/collector/report-cache';
import { ensureTeams } from '../../src/collector/teams';
import { createToken, type Role } from '../../src/collector/tokens';
import { rng } from '../support/history';
import { seededAggregateRow } from './seed';


type Command =
  | { cmd: 'token'; role: Role; team: string | null }
  | { cmd: 'seedClosedWeeks'; teams: string[]; weeks: string[]; membersPerTeam: number }
  | { cmd: 'rawInsert'; snapshots: MemberSnapshot[]; batch: number }
  | { cmd: 'rawRead'; team: string; weeks: string[] }
  | { cmd: 'fold'; now: number }
  | { cmd: 'setNow'; now: number }
  | { cmd: 'count' }
  | { cmd: 'clearReports'; kept?: boolean }
  | { cmd: 'writeBatches'; snapshots: MemberSnapshot[]; batch: number }
  | { cmd: 'appBatches'; snapshots: MemberSnapshot[]; batch: number; token: string }
  | { cmd: 'dropOrg'; org: string }
  | { cmd: 'maintain' }
  | { cmd: 'gc' }
  | { cmd: 'close' };

async function main(): Promise<void> {
  const engine = process.env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'pglite';
  const store: Store =
    engine === 'postgres'
      ? await openStore({ engine: 'postgres', url: process.env.BENCH_PG_URL!, schema: process.env.BENCH_PG_SCHEMA })
      : await openStore({ engine: 'pglite', dataDir: process.env.BENCH_DATA_DIR ?? 'memory' });
  const db = store.db;
  const clock = { now: Date.now() };
  const app = createApp({
    store,
    minGroupSize: 5,
    // Throttling is the collector's defence, not its cost: off, so the benchmark measures the work.
    rateLimitPerMinute: 1_000_000_000,
    weekOpenDays: 14,
    now: () => clock.now,
    log: () => {},
    dashboardDir: process.env.BENCH_DASHBOARD_DIR || undefined,
    badTokenDelayMs: 0,
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const handle = async (c: Command): Promise<unknown> => {
    switch (c.cmd) {
      case 'token':
        return (await createToken(db, c.role, c.team)).token;
      case 'setNow':
        clock.now = c.now;
        return clock.now;
      case 'seedClosedWeeks': {
        // Closed weeks hold counts only (the fold deleted the member rows): seeded as the fold would leave them.
        const t0 = performance.now();
        await ensureTeams(db, c.teams);
        const random = rng(11);
        const rows: Record<string, unknown>[] = [];
        const flush = async () => {
          if (rows.length === 0) return;
          await db.insertInto('aggregates').values(rows.splice(0) as never).execute();
        };
        for (const week of c.weeks) {
          for (const team of c.teams) {
            const row = seededAggregateRow(team, week, c.membersPerTeam, random);
            rows.push({ ...row, tools: JSON.stringify(row.tools), features: JSON.stringify(row.features) });
            if (rows.length >= 500) await flush();
          }
        }
        await flush();
        // As the fold leaves a closed week: its change log compacted to a row per organisation.
        for (const week of c.weeks) await compactFoldedWeek(db, week);
        return performance.now() - t0;
      }
      case 'rawInsert': {
        await sql`CREATE TABLE IF NOT EXISTS bench_raw (LIKE snapshots INCLUDING ALL)`.execute(db);
        const rows = c.snapshots.map(toRow);
        const t0 = performance.now();
        for (let i = 0; i < rows.length; i += c.batch) {
          await db.insertInto('bench_raw' as 'snapshots').values(rows.slice(i, i + c.batch)).execute();
        }
        return performance.now() - t0;
      }
      case 'rawRead': {
        const t0 = performance.now();
        const inTeam = sql`(team = ${c.team} OR team LIKE ${`${c.team}/%`})`;
        const inWeeks = sql`week = ANY(${c.weeks}::text[])`;
        const a = await sql`SELECT * FROM aggregates WHERE ${inWeeks} AND ${inTeam}`.execute(db);
        const s = await sql`SELECT * FROM snapshots WHERE ${inWeeks} AND ${inTeam}`.execute(db);
        return { ms: performance.now() - t0, rows: a.rows.length + s.rows.length };
      }
      case 'fold': {
        const t0 = performance.now();
        const weeks = await foldClosedWeeks(db, c.now, 14);
        return { ms: performance.now() - t0, weeks };
      }
      case 'appBatches': {
        // The whole application in this process (app.request: routing, middleware, token, JSON, zod,
        // the statement), one request at a time as writeBatches writes, without a socket or an HTTP parser.
        const bodies: string[] = [];
        for (let i = 0; i < c.snapshots.length; i += c.batch) bodies.push(JSON.stringify({ snapshots: c.snapshots.slice(i, i + c.batch) }));
        const headers = { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' };
        const t0 = performance.now();
        for (const body of bodies) {
          const res = await app.request('/v1/snapshots', { method: 'POST', headers, body });
          const text = await res.text();
          if (res.status !== 200) throw new Error(`app.request POST /v1/snapshots → ${res.status}: ${text.slice(0, 300)}`);
        }
        return performance.now() - t0;
      }
      case 'writeBatches': {
        const t0 = performance.now();
        for (let i = 0; i < c.snapshots.length; i += c.batch) await writeBatch(db, c.snapshots.slice(i, i + c.batch));
        return performance.now() - t0;
      }
      case 'gc': {
        // Started with --expose-gc by the benchmark (tests/bench/parts/collector.ts).
        const gc = (globalThis as { gc?: () => void }).gc;
        if (!gc) throw new Error('the collector process was started without --expose-gc');
        gc();
        return true;
      }
      case 'maintain':
        // What the server's timer does after each fold (vacuum and statistics where autovacuum does not run: PGlite, and a PostgreSQL with it off).
        return maintainStore(store);
      case 'dropOrg':
        await sql`DELETE FROM snapshots WHERE team LIKE ${`${c.org}/%`}`.execute(db);
        await sql`DELETE FROM teams WHERE path = ${c.org} OR path LIKE ${`${c.org}/%`}`.execute(db);
        return true;
      case 'clearReports':
        // The cold state of the report cache, as at the process's start; without the kept closed weeks too
        // (kept: false), as at the first start after migration 0003 or after a change to k or to the tree.
        reportsFor(db).clear();
        if (c.kept === false) await sql`DELETE FROM protected_weeks`.execute(db);
        return true;
      case 'count': {
        const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM snapshots`.execute(db);
        return r.rows[0]!.n;
      }
      case 'close':
        await sql`DROP TABLE IF EXISTS bench_raw`.execute(db).catch(() => undefined);
        server.close();
        await store.close();
        setImmediate(() => process.exit(0));
        return true;
    }
  };

  process.on('message', (m: { id: number } & Command) => {
    handle(m).then(
      (value) => process.send!({ id: m.id, ok: true, value }),
      (e: unknown) => process.send!({ id: m.id, ok: false, error: e instanceof Error ? `${e.message}` : String(e) }),
    );
  });
  process.send!({ ready: true, port });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
