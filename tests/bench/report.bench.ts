/**
 * buildReport for a synthetic organisation: 201 teams (an org, 10 departments,
 * 19 teams each), about 4,700 members a week with sizes skewed small (many
 * teams below k), 52 weeks, 2 tools and 1 feature in use. Seeded, so runs compare.
 *
 *   npx jiti tests/bench/report.bench.ts
 */
import { buildReport, ReportCache } from '../../src/collector/report/build';
import { fold, type Member } from '../../src/collector/report/fixtures.testkit';
import { LEVELS } from '../../src/contract/depth';
// 200 teams (org / 10 departments / 19 teams each + departments), 10,000 members a week, 52 weeks; seeded.
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const teams: string[] = [];
for (let d = 0; d < 10; d++) { teams.push(`acme/d${d}`); for (let t = 0; t < 19; t++) teams.push(`acme/d${d}/t${t}`); }
const weeks: string[] = [];
for (let w = 1; w <= 52; w++) weeks.push(`2026-W${String(w).padStart(2, '0')}`);
const members: Member[] = [];
const size = teams.map(() => Math.floor(rnd() * rnd() * 100));
for (const week of weeks) teams.forEach((team, i) => {
  const n = Math.max(0, size[i]! + Math.floor(rnd() * 5) - 2);
  for (let j = 0; j < n; j++) members.push({ team, week, level: LEVELS[Math.floor(rnd() * 5)]!, activeDays: Math.floor(rnd() * 8), dimensions: { habit: Math.floor(rnd() * 11) * 10 }, tools: rnd() < 0.7 ? ['chatgpt'] : ['claude', 'chatgpt'], features: rnd() < 0.3 ? ['web_search'] : [] });
});
const aggregates = fold(members);
console.log('teams', teams.length + 1, 'members per week ~', Math.round(members.length / 52), 'aggregates', aggregates.length);
const input = { k: 5, team: 'acme', teams, weeks, openWeeks: new Set<string>(), aggregates, now: new Date() };
const times: number[] = [];
for (let r = 0; r < 7; r++) {
  // CPU time of this process, so that other work on a shared machine does not count.
  const t0 = process.cpuUsage();
  const rep = buildReport(input);
  const used = process.cpuUsage(t0);
  const ms = (used.user + used.system) / 1000;
  times.push(ms);
  const last = rep.weeks.at(-1)!;
  console.log(`buildReport ${ms.toFixed(0)} ms CPU; latest week: ${last.children.filter((c) => c.headline.status === 'published').length}/${last.children.length} departments published`);
}
times.sort((a, b) => a - b);
console.log(`median of 7: ${times[3]!.toFixed(0)} ms CPU (min ${times[0]!.toFixed(0)}, max ${times[6]!.toFixed(0)})`);
// The default report: the latest 12 weeks.
const twelve: number[] = [];
for (let r = 0; r < 7; r++) {
  const t0 = process.cpuUsage();
  buildReport({ ...input, weeks: weeks.slice(-12) });
  const used = process.cpuUsage(t0);
  twelve.push((used.user + used.system) / 1000);
}
twelve.sort((a, b) => a - b);
console.log(`12 weeks, median of 7: ${twelve[3]!.toFixed(0)} ms CPU (min ${twelve[0]!.toFixed(0)})`);
// With the collector's cache: the first build fills it (cold), the next ones hit every week.
const cache = new ReportCache();
const cold = process.cpuUsage();
buildReport(input, { cache });
const coldUsed = process.cpuUsage(cold);
console.log(`52 weeks, cache cold: ${((coldUsed.user + coldUsed.system) / 1000).toFixed(0)} ms CPU`);
for (const [label, w] of [['52 weeks', weeks], ['12 weeks', weeks.slice(-12)]] as const) {
  const warm: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.cpuUsage();
    buildReport({ ...input, weeks: w }, { cache });
    const used = process.cpuUsage(t0);
    warm.push((used.user + used.system) / 1000);
  }
  warm.sort((a, b) => a - b);
  console.log(`${label}, cache warm, median of 7: ${warm[3]!.toFixed(1)} ms CPU (min ${warm[0]!.toFixed(1)}, max ${warm[6]!.toFixed(1)})`);
}
