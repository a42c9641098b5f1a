/**
 * Where the report builder's time goes, for the org root of an organisation
 * of N members (50 a team, 10 teams a department, 52 weeks): buildReport in
 * this process under the V8 CPU profiler, aggregates as the collector
 * part seeds them. Prints the time per scope and the top self-time frames.
 *
 *   [WEEKS=52] jiti tests/bench/diagnose-report.ts [members=10000]
 */
import { Session } from 'node:inspector/promises';
import { buildReport, ReportCache } from '../../src/collector/report/build';
import type { TeamWeekAggregate } from '../../src/collector/report/input';
import { toAggregate } from '../../src/collector/aggregate-sql';
import { weekRange } from '../../src/contract/week';
import { rng } from '../support/history';
import { latestCompleteWeek, orgTeams } from './parts/collector';
import { seededAggregateRow } from './seed';

const members = Number(process.argv[2] ?? 10_000);
const teams = orgTeams(members);
const all = [...new Set(teams.flatMap((t) => t.split('/').map((_, i, a) => a.slice(0, i + 1).join('/'))))].sort();
const weeks = weekRange(latestCompleteWeek(Date.now()), Number(process.env.WEEKS ?? 52));
// The same closed weeks as the collector part seeds (tests/bench/seed.ts): random splits, so that cells are hidden.
const random = rng(11);
const aggregates: TeamWeekAggregate[] = weeks.flatMap((week) => teams.map((team) => toAggregate(seededAggregateRow(team, week, 50, random))));
const within = (t: string, scope: string) => t === scope || t.startsWith(`${scope}/`);
const run = (scope: string, cache?: ReportCache) =>
  buildReport({ k: 5, team: scope, teams: all.filter((t) => within(t, scope)), weeks, openWeeks: new Set([weeks.at(-1)!]), aggregates: aggregates.filter((a) => within(a.team, scope)), now: new Date() }, { cache });

for (const scope of ['org', teams[0]!.split('/').slice(0, 2).join('/'), teams[0]!]) {
  const t0 = performance.now();
  run(scope);
  console.log(`${scope}: ${(performance.now() - t0).toFixed(0)} ms (${aggregates.filter((a) => within(a.team, scope)).length} aggregates)`);
}
// The collector keeps one cache per process: after the first report, closed weeks are hits.
const cache = new ReportCache();
for (const pass of ['cold', 'warm', 'warm']) {
  const t0 = performance.now();
  run('org', cache);
  console.log(`org, cache ${pass}: ${(performance.now() - t0).toFixed(1)} ms`);
}
const session = new Session();
const profileCache = process.env.PROFILE_WARM ? cache : undefined;
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
run('org', profileCache);
const { profile } = await session.post('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
(profile.samples ?? []).forEach((id, i) => {
  const f = byId.get(id)!.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`org root under the profiler: ${total.toFixed(0)} ms; top self time:`);
for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(0).padStart(3)} %  ${k}`);
