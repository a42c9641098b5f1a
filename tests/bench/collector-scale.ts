/**
 * Measures the collector at a few sizes, for docs/scaling.md:
 *   npx jiti tests/bench/collector-scale.ts [pglite|postgres] [members...]
 * - ingest: 5,000 snapshots in batches of 100 through the real app (app.request,
 *   no socket), against a raw multi-row INSERT of the same rows into the same table;
 * - report: an organisation of N members in N/50 teams (three levels) over 52
 *   weeks (50 folded into aggregates by the real fold job, 2 open as rows):
 *   p50/p95 of GET /v1/report for the org and for one team, 52 weeks.
 * PostgreSQL runs in a fresh schema that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createApp } from '../../src/collector/app';
import { foldClosedWeeks } from '../../src/collector/fold';
import { toRow } from '../../src/collector/ingest';
import { reportWeeks } from '../../src/collector/report-data';
import { createToken } from '../../src/collector/tokens';
import { openTestStore, snapshot, wire } from '../../src/collector/testkit';
import { weekAcceptedFrom, weekClosesAt } from '../../src/contract/week';

const engine = (process.argv[2] ?? 'pglite') as 'pglite' | 'postgres';
const sizes = process.argv.slice(3).map(Number);
const NOW = Date.parse('2026-12-02T12:00:00Z');

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function ingest() {
  const { store, drop } = await openTestStore(engine);
  const app = createApp({ store, minGroupSize: 5, rateLimitPerMinute: 1e9, weekOpenDays: 14, now: () => NOW, log: () => {}, dashboardDir: undefined, badTokenDelayMs: 1 });
  const enroll = (await createToken(store.db, 'enroll', 'bench')).token;
  const make = () => Array.from({ length: 100 }, (_, i) => wire(snapshot({ team: `bench/t${i % 20}` })));
  const batches = Array.from({ length: 50 }, make);
  const raw = Array.from({ length: 50 }, make);
  // Warm both paths once.
  await app.request('/v1/snapshots', { method: 'POST', headers: { authorization: `Bearer ${enroll}`, 'content-type': 'application/json' }, body: JSON.stringify({ snapshots: make() }) });
  await store.db.insertInto('snapshots').values(make().map(toRow)).execute();
  let t = performance.now();
  for (const b of batches) {
    const res = await app.request('/v1/snapshots', { method: 'POST', headers: { authorization: `Bearer ${enroll}`, 'content-type': 'application/json' }, body: JSON.stringify({ snapshots: b }) });
    if (res.status !== 200) throw new Error(`ingest ${res.status}`);
  }
  const api = performance.now() - t;
  t = performance.now();
  for (const b of raw) await store.db.insertInto('snapshots').values(b.map(toRow)).execute();
  const insert = performance.now() - t;
  console.log(`${engine} ingest 5,000 snapshots: API ${ms(api)} (${Math.round(5000 / (api / 1000))}/s), raw INSERT ${ms(insert)} (${Math.round(5000 / (insert / 1000))}/s), ratio ${(insert / api).toFixed(2)}`);
  await drop();
}

async function report(members: number) {
  const { store, drop } = await openTestStore(engine);
  const app = createApp({ store, minGroupSize: 5, rateLimitPerMinute: 1e9, weekOpenDays: 14, now: () => NOW, log: (l) => (l.level === 'error' ? console.error(l) : undefined), dashboardDir: undefined, badTokenDelayMs: 1 });
  const teams = Math.max(1, Math.round(members / 50));
  const paths = Array.from({ length: teams }, (_, i) => `org/d${i % 5}/g${i % 20}/t${i}`);
  const weeks = reportWeeks(NOW, 52);
  const t0 = performance.now();
  for (const week of weeks) {
    // Members spread over the teams; rows generated in SQL, then the real fold turns closed weeks into aggregates.
    await sql`
      INSERT INTO snapshots (week, pseudonym, team, withdrawal_hash, level, active_days, prompts, dimensions, tools, features, extension_version)
      SELECT ${week}, md5(random()::text), (${paths}::text[])[1 + (i % ${teams})], md5(i::text) || md5(i::text),
        floor(random() * 5)::int, floor(random() * 8)::int, floor(random() * 6)::int,
        ARRAY[(random()*10)::int*10, (random()*10)::int*10, (random()*10)::int*10, (random()*10)::int*10, (random()*10)::int*10, (random()*10)::int*10, (random()*10)::int*10],
        CASE WHEN random() < 0.5 THEN ARRAY['chatgpt'] ELSE ARRAY['chatgpt', 'claude'] END,
        CASE WHEN random() < 0.3 THEN ARRAY['web_search'] ELSE ARRAY[]::text[] END, '0.1'
      FROM generate_series(1, ${members}) AS i`.execute(store.db);
    if (weekClosesAt(week) <= NOW) await foldClosedWeeks(store.db, NOW, 14);
  }
  await sql`INSERT INTO teams (path) SELECT DISTINCT unnest(ARRAY['org'] || ${paths}::text[] || ARRAY(SELECT DISTINCT regexp_replace(p, '/[^/]+$', '') FROM unnest(${paths}::text[]) p) || ARRAY(SELECT DISTINCT regexp_replace(p, '/[^/]+/[^/]+$', '') FROM unnest(${paths}::text[]) p)) ON CONFLICT DO NOTHING`.execute(store.db);
  const fill = performance.now() - t0;
  const lead = (await createToken(store.db, 'admin', null)).token;
  const time = async (team: string, n: number) => {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const res = await app.request(`/v1/report?team=${team}&weeks=52`, { headers: { authorization: `Bearer ${lead}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`report ${res.status}`);
      xs.push(performance.now() - t);
    }
    return xs;
  };
  await time('org', 3);
  const org = await time('org', 30);
  const team = await time(paths[0]!, 30);
  const rows = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM snapshots`.execute(store.db)).rows[0]!.n;
  const aggs = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM aggregates`.execute(store.db)).rows[0]!.n;
  console.log(
    `${engine} ${members.toLocaleString('en')} members, ${teams} teams, 52 weeks (${aggs} aggregate rows, ${rows} open member rows; filled in ${(fill / 1000).toFixed(1)} s): ` +
      `report for the org p50 ${ms(pct(org, 50))} p95 ${ms(pct(org, 95))}; for one team p50 ${ms(pct(team, 50))} p95 ${ms(pct(team, 95))}`,
  );
  await drop();
}

void weekAcceptedFrom;
void randomBytes;
await ingest();
for (const n of sizes) await report(n);
process.exit(0);
