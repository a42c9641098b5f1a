/**
 * Part 4, the collector, on embedded PGlite and on PostgreSQL.
 *
 * The collector runs as its own process (tests/bench/collector-child.ts: the
 * real Hono app over the real store, served on 127.0.0.1). For each engine and
 * size, a fresh database (PGlite: a new data folder; PostgreSQL: a new schema,
 * dropped after):
 *   1. the 51 closed weeks before the latest complete week are seeded straight
 *      into the aggregates table, as the fold leaves them (counts per team and
 *      week, nothing per member): generating and posting 51 × 100,000
 *      snapshots would measure the generator;
 *   2. ingest: the latest week's snapshot of every member is POSTed to
 *      /v1/snapshots with an enroll token (100 a request, 4 requests in
 *      flight); the baseline, taken in the same run in alternating chunks, is a
 *      raw multi-row INSERT of the same rows (100 a statement) into a table
 *      like `snapshots` (same indexes) in the same database;
 *   3. report latency: GET /v1/report?weeks=52 for the org root, a department
 *      and a team (lead token at the root), against the raw SQL read of the
 *      rows that report reads;
 *   4. fold: the clock moves past the week's close and the fold turns its
 *      member rows into aggregates; against the raw INSERT of those rows;
 *   5. memory: the collector process's resident set (VmRSS) and its peak (VmHWM).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DIMENSIONS, LEVELS } from '../../../src/contract/depth';
import { WEEK_PROMPT_BUCKETS, type MemberSnapshot } from '../../../src/contract/sync';
import { addWeeks, isoWeekOf, weekClosesAt, weekRange, EARLIEST_UTC_OFFSET_HOURS } from '../../../src/contract/week';
import { ROOT } from '../../support/extension';
import { rng } from '../../support/history';
import { envInt, figure, fittedExponent, percentile, type Figure, type Part } from '../lib';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 100;
const IN_FLIGHT = 4;
/** Snapshots sent, inserted raw and written directly before anything is timed (in an organisation dropped after). */
const WARM_UP = 2_000;
const MEMBERS_PER_TEAM = 50;
const MIN_REPORTS = 3;
const TEAMS_PER_DEPARTMENT = 10;
const TOOLS = ['chatgpt', 'claude', 'gemini', 'copilot', 'perplexity'] as const;
const FEATURES = ['file_upload', 'web_search', 'data_analysis'] as const;

export type Engine = 'pglite' | 'postgres';

/** The latest week that has ended somewhere (as the collector computes it). */
export function latestCompleteWeek(now: number): string {
  const day = new Date(now + EARLIEST_UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
  return addWeeks(isoWeekOf(day), -1);
}

export function orgTeams(members: number): string[] {
  const teams = Math.max(1, Math.round(members / MEMBERS_PER_TEAM));
  return Array.from({ length: teams }, (_, i) => `org/d${String(Math.floor(i / TEAMS_PER_DEPARTMENT)).padStart(3, '0')}/t${String(i).padStart(5, '0')}`);
}

export function snapshotsFor(members: number, teams: readonly string[], week: string, seed = 5): MemberSnapshot[] {
  const random = rng(seed);
  const hex = (n: number) => randomBytes(n).toString('hex');
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: members }, (_, i) => {
    const secret = hex(32);
    return {
      v: 1 as const,
      week,
      team: teams[i % teams.length]!,
      pseudonym: hex(16),
      withdrawalHash: createHash('sha256').update(secret).digest('hex'),
      level: pick(LEVELS),
      activeDays: Math.floor(random() * 8),
      prompts: pick(WEEK_PROMPT_BUCKETS),
      dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, Math.floor(random() * 11) * 10])) as MemberSnapshot['dimensions'],
      tools: TOOLS.filter(() => random() < 0.4),
      features: FEATURES.filter(() => random() < 0.3),
      extensionVersion: '0.1',
    };
  });
}

export class Collector {
  private next = 1;
  private waiting = new Map<number, { ok(v: unknown): void; ko(e: Error): void }>();
  constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('message', (m: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      const w = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id!);
      if (m.ok) w.ok(m.value);
      else w.ko(new Error(m.error));
    });
  }

  static async start(env: Record<string, string>): Promise<Collector> {
    // jiti runs the TypeScript child as the npm scripts run the benchmark itself.
    const child = fork(path.join(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs'), [path.join(ROOT, 'tests/bench/collector-child.ts')], {
      env: { ...process.env, ...env },
      // global.gc, for the 'gc' command.
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((ok, ko) => {
      const t = setTimeout(() => ko(new Error('the collector did not start within 120 s')), 120_000);
      child.once('exit', (code) => ko(new Error(`the collector exited with ${code} before it was ready`)));
      child.on('message', (m: { ready?: boolean; port?: number }) => {
        if (m.ready) {
          clearTimeout(t);
          ok(m.port!);
        }
      });
    });
    return new Collector(child, port);
  }

  call<T>(msg: Record<string, unknown>): Promise<T> {
    const id = this.next++;
    return new Promise<T>((ok, ko) => {
      this.waiting.set(id, { ok: ok as (v: unknown) => void, ko });
      this.child.send({ ...msg, id });
    });
  }

  /** Resident set and its peak, in bytes, from /proc. */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((ok) => this.child.once('exit', () => ok()));
    await this.call({ cmd: 'close' }).catch(() => undefined);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  url(p: string): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }
}

/** POSTs snapshots to /v1/snapshots, BATCH a request, IN_FLIGHT at once; resolves to the elapsed ms. */
export async function ingest(col: Collector, enroll: string, rows: readonly MemberSnapshot[]): Promise<number> {
  const batches: MemberSnapshot[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) batches.push(rows.slice(i, i + BATCH));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches.length) {
        const r = await fetch(col.url('/v1/snapshots'), {
          method: 'POST',
          headers: { authorization: `Bearer ${enroll}`, 'content-type': 'application/json' },
          body: JSON.stringify({ snapshots: batches[next++] }),
        });
        if (r.status !== 200) throw new Error(`POST /v1/snapshots → ${r.status} ${(await r.text()).slice(0, 300)}`);
        await r.arrayBuffer();
      }
    }),
  );
  return performance.now() - t0;
}

/** A fresh PostgreSQL schema (dropped by the returned function) or PGlite folder. */
export async function freshDatabase(engine: Engine): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-pglite-'));
    return { env: { BENCH_ENGINE: 'pglite', BENCH_DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  // Kysely's Migrator (src/collector/db/migrations.ts, no migrationTableSchema) looks for its
  // bookkeeping tables in every schema: a leftover kysely_migration_lock in any other schema makes it
  // skip creating them in this one and then fail on them. Made here first, exactly as Kysely makes them.
  await c.query(`CREATE TABLE ${schema}.kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`);
  await c.query(`CREATE TABLE ${schema}.kysely_migration_lock (id varchar(255) NOT NULL PRIMARY KEY, is_locked integer NOT NULL DEFAULT 0)`);
  await c.query(`INSERT INTO ${schema}.kysely_migration_lock (id, is_locked) VALUES ('migration_lock', 0)`);
  await c.end();
  return {
    env: { BENCH_ENGINE: 'postgres', BENCH_PG_URL: PG_URL, BENCH_PG_SCHEMA: schema },
    drop: async () => {
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await d.end();
    },
  };
}

interface Latency {
  p50: number;
  p95: number;
  n: number;
}
const NONE: Latency = { p50: NaN, p95: NaN, n: 0 };

interface SizeResult {
  engine: Engine;
  members: number;
  teams: number;
  ingestPerSecond: number;
  rawInsertPerSecond: number;
  directPerSecond: number;
  /** The whole application in the collector's process (app.request), one request at a time: no socket. */
  appPerSecond: number;
  report: Record<'root' | 'department' | 'team', { coldUnkept: Latency; cold: Latency; changed: Latency; warm: Latency; rawP50: number; rawRows: number }>;
  foldMs: number;
  foldRawInsertMs: number;
  seedMs: number;
  /** A new collector process on the same database, having served each scope's report twice. */
  rss: number;
  peak: number;
  /** The process the benchmark worked in, at the end (its own seeding, raw reads and IPC copies included). */
  rssAfterRun: number;
  peakAfterRun: number;
}

async function measure(engine: Engine, members: number, opts: { reportRequests: number; coldRequests: number; weeks: number; scopeBudgetMs: number; coldMaxMembers: number; reportMaxMembers: number }, log: (l: string) => void): Promise<SizeResult> {
  const teams = orgTeams(members);
  const database = await freshDatabase(engine);
  let collector: Collector | undefined;
  try {
    collector = await Collector.start(database.env);
    const col = collector;
    const now = Date.now();
    await col.call({ cmd: 'setNow', now });
    const latest = latestCompleteWeek(now);
    const weeks = weekRange(latest, opts.weeks);
    const enroll = await col.call<string>({ cmd: 'token', role: 'enroll', team: 'org' });
    const lead = await col.call<string>({ cmd: 'token', role: 'lead', team: 'org' });
    const seedMs = await col.call<number>({ cmd: 'seedClosedWeeks', teams, weeks: weeks.slice(0, -1), membersPerTeam: MEMBERS_PER_TEAM });
    log(`${engine} ${members}: ${weeks.length - 1} closed weeks of ${teams.length} teams seeded in ${(seedMs / 1000).toFixed(1)} s`);
    // As a running server leaves the database after its next maintenance (PGlite has no autovacuum: the server vacuums and analyses).
    await col.call({ cmd: 'maintain' });

    // Ingest, against the raw INSERT, in alternating chunks (ABBA).
    const all = snapshotsFor(members, teams, latest);
    const httpChunk = (rows: MemberSnapshot[]) => ingest(col, enroll, rows);
    // Warm-up, so that the rates are steady-state ones: the first requests compile the routes and the
    // validators, and open the pool's connections (one per request in flight). In another organisation,
    // dropped after, so the measured organisation's week holds exactly its members.
    const warmTeams = teams.map((t) => t.replace(/^org\//, 'warmup/'));
    const warmEnroll = await col.call<string>({ cmd: 'token', role: 'enroll', team: 'warmup' });
    await ingest(col, warmEnroll, snapshotsFor(WARM_UP, warmTeams, latest, 98));
    await col.call({ cmd: 'rawInsert', snapshots: snapshotsFor(WARM_UP, warmTeams, latest, 99), batch: BATCH });
    await col.call({ cmd: 'writeBatches', snapshots: snapshotsFor(WARM_UP, warmTeams, latest, 97), batch: BATCH });
    await col.call({ cmd: 'dropOrg', org: 'warmup' });
    const chunks = 4;
    const size = Math.ceil(all.length / chunks);
    let httpMs = 0;
    let rawMs = 0;
    let httpN = 0;
    let rawN = 0;
    let directMs = 0;
    let directN = 0;
    let appMs = 0;
    let appN = 0;
    const directTeams = teams.map((t) => t.replace(/^org\//, 'direct/'));
    const appTeams = teams.map((t) => t.replace(/^org\//, 'inapp/'));
    const appEnroll = await col.call<string>({ cmd: 'token', role: 'enroll', team: 'inapp' });
    for (let k = 0; k < chunks; k++) {
      const part = all.slice(k * size, (k + 1) * size);
      if (part.length === 0) continue;
      const doHttp = async () => {
        httpMs += await httpChunk(part);
        httpN += part.length;
      };
      const doRaw = async () => {
        rawMs += await col.call<number>({ cmd: 'rawInsert', snapshots: part, batch: BATCH });
        rawN += part.length;
      };
      // The ingest statement alone (src/collector/ingest.ts writeBatch in the collector's process, no HTTP,
      // JSON or validation), on other rows of another organisation, removed after: where the gap is.
      const doDirect = async () => {
        directMs += await col.call<number>({ cmd: 'writeBatches', snapshots: snapshotsFor(part.length, directTeams, latest, 1000 + k), batch: BATCH });
        directN += part.length;
      };
      // The application in the collector's process (app.request: routing, middleware, token, JSON, zod and the
      // statement) without a socket, on other rows of a third organisation: how much of the gap is the app's.
      const doApp = async () => {
        appMs += await col.call<number>({ cmd: 'appBatches', snapshots: snapshotsFor(part.length, appTeams, latest, 2000 + k), batch: BATCH, token: appEnroll });
        appN += part.length;
      };
      if (k % 2 === 0) {
        await doHttp();
        await doRaw();
        await doDirect();
        await doApp();
      } else {
        await doApp();
        await doDirect();
        await doRaw();
        await doHttp();
      }
    }
    await col.call({ cmd: 'dropOrg', org: 'direct' });
    await col.call({ cmd: 'dropOrg', org: 'inapp' });
    log(`${engine} ${members}: ingested (HTTP ${httpN} in ${(httpMs / 1000).toFixed(1)} s, raw ${rawN} in ${(rawMs / 1000).toFixed(1)} s, the ingest statement alone ${directN} in ${(directMs / 1000).toFixed(1)} s, the app in-process ${appN} in ${(appMs / 1000).toFixed(1)} s)`);
    const stored = await col.call<number>({ cmd: 'count' });
    if (stored !== members) throw new Error(`${engine}: ${stored} member rows stored, ${members} sent`);

    // Report latency, in four states of the collector's cache of protected weeks (src/collector/report-cache.ts),
    // each timed on its own: cold (the cache emptied before each request: every week read and protected),
    // after a change (one snapshot of the latest week re-sent just before: that week's version moves, so it
    // is read and protected again, the 51 others are hits), and warm (nothing changed since the last request).
    const scopes = { root: 'org', department: teams[0]!.split('/').slice(0, 2).join('/'), team: teams[0]! };
    const report = {} as SizeResult['report'];
    const get = async (team: string) => {
      const t0 = performance.now();
      const r = await fetch(col.url(`/v1/report?team=${encodeURIComponent(team)}&weeks=${opts.weeks}`), { headers: { authorization: `Bearer ${lead}` } });
      const body = (await r.json()) as { weeks?: unknown[] };
      const ms = performance.now() - t0;
      if (r.status !== 200 || !Array.isArray(body.weeks)) throw new Error(`GET /v1/report ${team} → ${r.status}`);
      return ms;
    };
    const lat = (xs: number[]): Latency => (xs.length ? { p50: percentile(xs, 50), p95: percentile(xs, 95), n: xs.length } : NONE);
    const resend = all[0]!;
    for (const [name, team] of Object.entries(scopes) as [keyof typeof scopes, string][]) {
      if (members > opts.reportMaxMembers) {
        report[name] = { coldUnkept: NONE, cold: NONE, changed: NONE, warm: NONE, rawP50: NaN, rawRows: 0 };
        log(`${engine} ${members}: reports not measured above ${opts.reportMaxMembers} members (see the findings)`);
        continue;
      }
      // Up to n requests, at least MIN_REPORTS, and no more once the scope's budget is spent.
      const repeat = async (n: number, before: () => Promise<unknown>) => {
        const xs: number[] = [];
        // The benchmark's own work in the collector's process (seeding, the IPC copies of every snapshot, the
        // raw reads) leaves garbage a running server would not have: collected before each series, not during it.
        await col.call({ cmd: 'gc' });
        const start = performance.now();
        for (let i = 0; i < n && (i < MIN_REPORTS || performance.now() - start < opts.scopeBudgetMs / 3); i++) {
          await before();
          xs.push(await get(team));
        }
        return xs;
      };
      // Cold with nothing kept first: each of its requests protects every week and keeps the closed ones, which
      // the cold requests (a new process: the memory emptied, protected_weeks as the last one left it) read.
      // Above coldMaxMembers one such request protects every week of a large tree for tens of seconds:
      // it is taken once, at the root (each scope protects the whole organisation's tree, so the
      // others cost the same), and the states below start from what it kept.
      const big = members > opts.coldMaxMembers;
      const coldUnkept =
        big && name !== 'root'
          ? []
          : big
            ? [await col.call({ cmd: 'clearReports', kept: false }).then(() => get(team))]
            : await repeat(opts.coldRequests, () => col.call({ cmd: 'clearReports', kept: false }));
      const cold = await repeat(opts.coldRequests, () => col.call({ cmd: 'clearReports' }));
      const changed = await repeat(opts.reportRequests, () => ingest(col, enroll, [resend]));
      await get(team); // warm-up
      const warm = await repeat(opts.reportRequests, async () => {});
      // The baseline after the warm series, not between its requests: its 20,000 parsed rows would leave
      // their garbage to be collected during the next report.
      const raw: number[] = [];
      let rawRows = 0;
      for (let i = 0; i < Math.max(MIN_REPORTS, Math.min(warm.length, 10)); i++) {
        const rr = await col.call<{ ms: number; rows: number }>({ cmd: 'rawRead', team, weeks });
        raw.push(rr.ms);
        rawRows = rr.rows;
      }
      report[name] = { coldUnkept: lat(coldUnkept), cold: lat(cold), changed: lat(changed), warm: lat(warm), rawP50: percentile(raw, 50), rawRows };
      const f = (l: Latency) => `${l.p50.toFixed(0)}/${l.p95.toFixed(0)} ms (${l.n})`;
      log(`${engine} ${members}: report ${name} p50/p95 cold, nothing kept ${f(report[name].coldUnkept)}, cold (closed weeks kept) ${f(report[name].cold)}, after a change ${f(report[name].changed)}, warm ${f(report[name].warm)}; raw read of its ${rawRows} rows p50 ${report[name].rawP50.toFixed(0)} ms`);
    }

    // Fold the latest week once it closes.
    const fold = await col.call<{ ms: number; weeks: string[] }>({ cmd: 'fold', now: weekClosesAt(latest, 14) + 1000 });
    if (!fold.weeks.includes(latest)) throw new Error(`${engine}: the fold did not close ${latest}`);
    const afterRun = col.memory();
    // The memory of a collector serving this organisation, not of the process the benchmark worked in
    // (its seeding, raw reads and IPC copies of every snapshot stay in that heap): a new process on the same
    // database, whose only work is the reports of the three scopes, built (closed weeks from protected_weeks)
    // and served again warm, as a restarted server would after its warm-up.
    await col.stop();
    collector = await Collector.start(database.env);
    await collector.call({ cmd: 'setNow', now });
    const serving = collector;
    const servingLead = await serving.call<string>({ cmd: 'token', role: 'lead', team: 'org' });
    for (const team of members > opts.reportMaxMembers ? [] : Object.values(scopes)) {
      for (let i = 0; i < 2; i++) {
        const r = await fetch(serving.url(`/v1/report?team=${encodeURIComponent(team)}&weeks=${opts.weeks}`), { headers: { authorization: `Bearer ${servingLead}` } });
        if (r.status !== 200) throw new Error(`GET /v1/report ${team} (new process) → ${r.status}`);
        await r.arrayBuffer();
      }
    }
    const mem = serving.memory();
    const r: SizeResult = {
      engine,
      members,
      teams: teams.length,
      ingestPerSecond: httpN / (httpMs / 1000),
      rawInsertPerSecond: rawN / (rawMs / 1000),
      directPerSecond: directN / (directMs / 1000),
      appPerSecond: appN / (appMs / 1000),
      report,
      foldMs: fold.ms,
      foldRawInsertMs: (rawMs / rawN) * members,
      seedMs,
      rss: mem.rss,
      peak: mem.peak,
      rssAfterRun: afterRun.rss,
      peakAfterRun: afterRun.peak,
    };
    log(
      `${engine} ${members} members / ${teams.length} teams: ingest ${r.ingestPerSecond.toFixed(0)}/s vs raw ${r.rawInsertPerSecond.toFixed(0)}/s; ` +
        `report warm p50/p95 root ${report.root.warm.p50.toFixed(0)}/${report.root.warm.p95.toFixed(0)} ms, dept ${report.department.warm.p50.toFixed(0)}/${report.department.warm.p95.toFixed(0)}, team ${report.team.warm.p50.toFixed(0)}/${report.team.warm.p95.toFixed(0)}; ` +
        `fold ${r.foldMs.toFixed(0)} ms; RSS serving ${(r.rss / 2 ** 20).toFixed(0)} MiB (peak ${(r.peak / 2 ** 20).toFixed(0)}), after the run ${(r.rssAfterRun / 2 ** 20).toFixed(0)} MiB (peak ${(r.peakAfterRun / 2 ** 20).toFixed(0)})`,
    );
    return r;
  } finally {
    await collector?.stop();
    await database.drop();
  }
}

/** A setting of the benchmark's PostgreSQL server, as SHOW prints it. */
async function pgSetting(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return String((await c.query(`SELECT current_setting($1) AS v`, [name])).rows[0].v);
  } finally {
    await c.end();
  }
}

const envList = (name: string, dflt: number[]) => (process.env[name] ? process.env[name]!.split(',').map(Number) : dflt);

export const collectorPart: Part = async (ctx) => {
  const reportRequests = ctx.smoke ? 3 : envInt('BENCH_COLLECTOR_REPORTS', 30);
  const coldRequests = ctx.smoke ? 2 : envInt('BENCH_COLLECTOR_COLD_REPORTS', 5);
  const weeks = 52;
  const main = ctx.smoke ? 300 : envInt('BENCH_COLLECTOR_MEMBERS', 10_000);
  const growth = ctx.smoke ? [100, 300] : envList('BENCH_COLLECTOR_GROWTH', [1_000, 10_000, 100_000]);
  const runs: SizeResult[] = [];
  const scopeBudgetMs = ctx.smoke ? 5_000 : envInt('BENCH_COLLECTOR_SCOPE_BUDGET_MS', 90_000);
  // Above this size a cold report with nothing kept (every week protected over the whole organisation) takes
  // tens of seconds: it is taken once, at the root.
  const coldMaxMembers = envInt('BENCH_COLLECTOR_COLD_MAX_MEMBERS', 10_000);
  const reportMaxMembers = envInt('BENCH_COLLECTOR_REPORT_MAX_MEMBERS', 100_000);
  const o = { reportRequests, coldRequests, weeks, scopeBudgetMs, coldMaxMembers, reportMaxMembers };
  if (process.env.BENCH_COLLECTOR_PGLITE !== '0') runs.push(await measure('pglite', main, o, ctx.log));
  for (const m of growth) runs.push(await measure('postgres', m, o, ctx.log));

  const figures: Figure[] = [];
  const findings: string[] = [];
  const pgMain = runs.find((r) => r.engine === 'postgres' && r.members === main) ?? runs.find((r) => r.engine === 'postgres')!;
  const mains = [...runs.filter((r) => r.engine === 'pglite'), pgMain];
  for (const r of mains) {
    const tag = r.engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
    figures.push(
      figure({
        id: `${r.engine}.ingestPerSecond`,
        label: `${tag}: snapshots ingested per second over HTTP (${r.members.toLocaleString('en-US')} members)`,
        value: r.ingestPerSecond,
        unit: '/s',
        baseline: { label: 'raw multi-row INSERT of the same rows, same database', value: r.rawInsertPerSecond },
        target: { on: 'ratio', op: '>=', limit: 0.7 },
      }),
      figure({
        id: `${r.engine}.ingestStatementPerSecond`,
        label: `${tag}: snapshots written per second by the ingest statement alone (writeBatch in the collector's process: no HTTP, JSON or validation)`,
        value: r.directPerSecond,
        unit: '/s',
        baseline: { label: 'raw multi-row INSERT of the same number of rows, same database', value: r.rawInsertPerSecond },
      }),
      figure({
        id: `${r.engine}.ingestAppPerSecond`,
        label: `${tag}: snapshots written per second by the application in the collector's process (app.request, one request at a time: routing, middleware, token, JSON, zod and the statement; no socket)`,
        value: r.appPerSecond,
        unit: '/s',
        baseline: { label: 'raw multi-row INSERT of the same number of rows, same database', value: r.rawInsertPerSecond },
      }),
    );
    const states = [
      ['warm', 'warm (no change since the last request)'],
      ['changed', 'after a change to the latest week (that week protected again)'],
      ['coldUnkept', 'cold, nothing kept (cache and protected_weeks emptied: all 52 weeks read and protected)'],
      ['cold', 'cold, as after a restart (cache emptied: closed weeks read from protected_weeks, the open ones protected)'],
    ] as const;
    for (const scope of ['root', 'department', 'team'] as const) {
      const x = r.report[scope];
      for (const [state, what] of states) {
        const l = x[state];
        figures.push(
          figure({
            id: `${r.engine}.report.${scope}.${state}.p95`,
            label: `${tag}: report p95, ${scope}, ${what} (${r.members.toLocaleString('en-US')} members, ${r.teams} teams, 52 weeks; p50 ${l.p50.toFixed(0)} ms, ${l.n} requests)`,
            value: l.p95,
            unit: 'ms',
            baseline: { label: `raw SQL read of the ${x.rawRows} rows the report covers, p50`, value: x.rawP50 },
            target: { on: 'value', op: '<', limit: r.engine === 'pglite' ? 150 : 50 },
          }),
        );
      }
    }
    figures.push(
      figure({
        id: `${r.engine}.foldMs`,
        label: `${tag}: folding a closed week of ${r.members.toLocaleString('en-US')} members into aggregates`,
        value: r.foldMs,
        unit: 'ms',
        baseline: { label: 'raw INSERT of the same rows', value: r.foldRawInsertMs },
      }),
      figure({
        id: `${r.engine}.rss`,
        label: `${tag}: collector process memory serving this organisation (a new process: each scope's 52-week report built and served again; RSS, peak ${(r.peak / 2 ** 20).toFixed(0)} MiB)`,
        value: r.rss / 2 ** 20,
        unit: 'MiB',
        baseline: { label: `the process the benchmark worked in, at its end (seeding, raw reads and every report state in its heap; peak ${(r.peakAfterRun / 2 ** 20).toFixed(0)} MiB)`, value: r.rssAfterRun / 2 ** 20 },
      }),
    );
  }
  // Growth on PostgreSQL.
  const pgRuns = runs.filter((r) => r.engine === 'postgres');
  const grow = (label: string, id: string, f: (r: SizeResult) => number, unit: string) => {
    const measured = pgRuns.filter((r) => Number.isFinite(f(r)));
    const k = fittedExponent(measured.map((r) => ({ x: r.members, y: f(r) })));
    const first = measured[0]!;
    const last = measured.at(-1)!;
    figures.push(
      figure({
        id: `growth.${id}`,
        label: `PostgreSQL growth ${first.members.toLocaleString('en-US')} → ${last.members.toLocaleString('en-US')} members: ${label} (${measured.map((r) => f(r).toFixed(unit === 'MiB' ? 0 : 1)).join(' → ')} ${unit}; fitted exponent ${k.toFixed(2)})`,
        value: f(last),
        unit,
        baseline: { label: `at ${first.members.toLocaleString('en-US')} members`, value: f(first) },
        note: `y ∝ members^${k.toFixed(2)} (least squares on log–log over ${measured.length} sizes)${measured.length < pgRuns.length ? `; not measured at ${pgRuns.filter((r) => !measured.includes(r)).map((r) => r.members.toLocaleString('en-US')).join(', ')} members (see the findings)` : ''}.`,
      }),
    );
    return k;
  };
  grow('ingest rate', 'ingestPerSecond', (r) => r.ingestPerSecond, '/s');
  const kRoot = grow('report p50 warm, org root', 'report.root.warm.p50', (r) => r.report.root.warm.p50, 'ms');
  const kDepartment = grow('report p50 warm, department', 'report.department.warm.p50', (r) => r.report.department.warm.p50, 'ms');
  const kTeam = grow('report p50 warm, team', 'report.team.warm.p50', (r) => r.report.team.warm.p50, 'ms');
  const kChanged = grow('report p50 after a change, org root', 'report.root.changed.p50', (r) => r.report.root.changed.p50, 'ms');
  const kCold = grow('report p50 cold, org root', 'report.root.cold.p50', (r) => r.report.root.cold.p50, 'ms');
  grow('fold of a closed week', 'foldMs', (r) => r.foldMs, 'ms');
  grow('collector RSS', 'rss', (r) => r.rss / 2 ** 20, 'MiB');

  for (const r of mains) {
    const f = figures.find((x) => x.id === `${r.engine}.ingestPerSecond`)!;
    if (f.met !== false) continue;
    findings.push(
      `${f.label}: ${((f.ratio ?? 0) * 100).toFixed(0)} % of the raw INSERT. A request is one SQL statement (src/collector/ingest.ts: shared week lock, pseudonym check, team paths and upsert in one round trip, its change-log row written by the statement trigger of migration 0002) after a cached token lookup. ` +
        `That statement alone wrote ${r.directPerSecond.toFixed(0)} snapshots/s (${((r.directPerSecond / r.rawInsertPerSecond) * 100).toFixed(0)} % of the raw INSERT), and the whole application in the collector's process, without a socket, ${r.appPerSecond.toFixed(0)}/s (${((r.appPerSecond / r.rawInsertPerSecond) * 100).toFixed(0)} %), in the same run, one request at a time: ` +
        `per 100 snapshots, ${(100_000 / r.rawInsertPerSecond).toFixed(1)} ms for the raw INSERT, ${(100_000 / r.directPerSecond).toFixed(1)} ms for the statement, ${(100_000 / r.appPerSecond).toFixed(1)} ms for the application (routing, token, JSON and zod add ${(100_000 / r.appPerSecond - 100_000 / r.directPerSecond).toFixed(1)} ms) and ${(100_000 / r.ingestPerSecond).toFixed(1)} ms over HTTP with ${IN_FLIGHT} in flight. ` +
        (100_000 / r.ingestPerSecond > 100_000 / r.appPerSecond
          ? `Over HTTP, ${(100_000 / r.ingestPerSecond - 100_000 / r.appPerSecond).toFixed(1)} ms more a request: the socket, HTTP parsing and the client, on the benchmark's two shared cores (on PGlite, the collector's one thread also runs the database).`
          : 'Over HTTP, with requests overlapping, no slower than the application alone: the gap is the application’s own work.'),
    );
  }
  findings.push(
    'What a report costs, by state. Warm: one query for the weeks’ versions (week_changes), then the report rendered from the cached protected tables; no aggregate or member row is read. ' +
      'After a change: the member rows of the teams that changed are grouped again (the other teams’ aggregates of an open week are kept per team version, migration 0004), and that week is protected again over the whole organisation tree (privacy/suppress.ts protect(), with its exact linear audit). Cold: all 52 weeks. ' +
      'Protection is decided over the whole organisation (so a team’s report and its parent’s hide the same cells), so a department’s or a team’s report costs as much as the root’s when a week must be protected.',
  );
  if (Number.isFinite(kChanged) || Number.isFinite(kCold))
    findings.push(
      `Growth of the uncached states (exponents in members): after a change ${kChanged.toFixed(2)}, cold ${kCold.toFixed(2)}. ` +
        (Math.max(kChanged, kCold) > 1.1
          ? 'Above 1, protecting a week costs more per team as the tree grows: each round of the audit (privacy/suppress.ts) eliminates over every hidden cell of the tree, and larger trees take more rounds. '
          : 'Near 1 or below, protecting a week costs about the same per team at every size: the audit eliminates one connected group of hidden cells at a time (about a department). ') +
        '`WEEKS=1 jiti tests/bench/diagnose-report.ts <members>` times and profiles the protection of one week in-process.',
    );
  const skipped = pgRuns.filter((r) => r.members > reportMaxMembers);
  if (skipped.length)
    findings.push(
      `Reports were not measured at ${skipped.map((r) => r.members.toLocaleString('en-US')).join(', ')} members (BENCH_COLLECTOR_REPORT_MAX_MEMBERS=${reportMaxMembers}).`,
    );
  if (Number.isFinite(kRoot)) {
    const last = pgRuns.filter((r) => Number.isFinite(r.report.root.warm.p50)).at(-1);
    const departments = last ? Math.ceil(last.teams / TEAMS_PER_DEPARTMENT) : NaN;
    findings.push(
      `Warm org-root report: exponent ${kRoot.toFixed(2)} in members over the sizes measured. The root's report lists each direct child with its headline for every week (src/contract/report.ts), and this organisation's root has one child per ${TEAMS_PER_DEPARTMENT} teams (${departments.toLocaleString('en-US')} departments at ${last?.members.toLocaleString('en-US')} members), so its body grows with the organisation. A department's and a team's report have a fixed number of children: exponents ${kDepartment.toFixed(2)} and ${kTeam.toFixed(2)}` +
        (Math.max(kDepartment, kTeam) <= 0.2 ? ', flat within this machine’s noise.' : '; above 0.2, something in the warm path grows with the organisation.') +
        ` (A warm report reads one version row per closed week. This run's PostgreSQL has autovacuum ${await pgSetting('autovacuum')}. Where it is off, the collector vacuums itself (src/collector/db/maintain.ts); before it did, the fold’s dead change rows made that read grow with the organisation: exponent 0.34 for a team.)`,
    );
  }
  if (figures.some((f) => f.met === false && /, cold/.test(f.label))) {
    const worst = (state: 'cold' | 'coldUnkept') => Math.max(...mains.map((r) => r.report.root[state].p50).filter(Number.isFinite));
    findings.push(
      `Cold states miss the p95 targets and are not the path a lead takes: with nothing kept, every one of the 52 weeks is protected over the whole tree (root p50 up to ${worst('coldUnkept').toFixed(0)} ms at ${main.toLocaleString('en-US')} members); as after a restart, the closed weeks' protected tables are read back from protected_weeks and the open weeks protected (up to ${worst('cold').toFixed(0)} ms). ` +
        'The server pays both off the request path: at start, and after every fold, it builds each organisation’s 52-week report in the background (src/collector/report-cache.ts warmReportCache), so a lead meets the warm or after-a-change state. Only a request in the first seconds after a start, or after the minimum group size is changed (which changes every week’s tables), is served cold.',
    );
  }
  return {
    title: 'Collector (PGlite and PostgreSQL)',
    method: [
      `The collector (src/collector/app.ts over src/collector/db) in its own process on 127.0.0.1, rate limit lifted (throttling is its defence, not its cost), a fresh database per size (PGlite: a new data folder; PostgreSQL 15 at ${PG_URL.replace(/\/\/[^@]*@/, '//')}: a new schema, dropped after).`,
      `An organisation of N members in N/${MEMBERS_PER_TEAM} teams, ${TEAMS_PER_DEPARTMENT} teams a department: org/dNNN/tNNNNN. The 51 closed weeks before the latest complete week are **seeded directly into the aggregates table** (as the fold leaves them; at 100,000 members posting 5 million snapshots would measure the generator, not the collector); the latest week is ingested through the HTTP endpoint.`,
      `Ingest: ${BATCH} snapshots a request, ${IN_FLIGHT} requests in flight, enroll token; baseline: a raw multi-row INSERT (${BATCH} rows a statement) of the same rows into a table LIKE snapshots INCLUDING ALL, in the same database, chunks alternating ABBA, after a warm-up of ${WARM_UP.toLocaleString('en-US')} snapshots each way in another organisation, dropped before the timed chunks. Beside them, on the same number of other rows: the ingest statement alone (writeBatch) and the whole application in the collector's process (app.request, no socket), one request at a time.`,
      `Report: GET /v1/report?weeks=52 per scope (lead token at the root), in four states timed separately: **cold, nothing kept** (up to ${coldRequests} requests, the collector's report cache and its protected_weeks table emptied over IPC before each: all 52 weeks read and protected; above ${coldMaxMembers.toLocaleString('en-US')} members one request, at the root), **cold** (as many requests, only the in-memory cache emptied before each, as in a restarted process: closed weeks read from protected_weeks), **after a change** (up to ${reportRequests} requests, each just after one snapshot of the latest week was re-sent over HTTP, so that week's version moves) and **warm** (up to ${reportRequests} requests after one warm-up, nothing changed), at least ${MIN_REPORTS} each and no more once a third of ${scopeBudgetMs / 1000} s has gone on that state; before each series the collector's process collects its garbage (started with --expose-gc), so that the benchmark's own work in it (seeding, raw reads, the IPC copies of the snapshots) is not collected during the requests. The baseline is the raw SQL read of the rows the report covers (aggregates of the subtree for 52 weeks, plus the open week's member rows), run after the warm series. Fold: the clock moved past the week's close, foldClosedWeeks timed in the collector's process.`,
      `Memory: VmRSS and VmHWM of a new collector process on the same database once it has built and served each scope's report twice (what a running server holds), beside those of the process the benchmark worked in, at the end of each size. Sizes: PGlite ${main.toLocaleString('en-US')}; PostgreSQL ${growth.map((g) => g.toLocaleString('en-US')).join(', ')}.`,
    ],
    config: { batch: BATCH, inFlight: IN_FLIGHT, reportRequests, coldRequests, coldMaxMembers, reportMaxMembers, scopeBudgetMs, weeks, membersPerTeam: MEMBERS_PER_TEAM, runs },
    figures,
    findings,
  };
};

