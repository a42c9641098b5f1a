/**
 * `demo`: a collector in its own folder (.collector-demo), filled through the
 * real ingest endpoint with a synthetic organisation — clearly demo data —
 * of about 300 members in 15 teams over 12 weeks, some teams below k. Old
 * weeks would be closed by now, so the server starts on a simulated clock
 * that walks week by week (each week's snapshots sent once it is acceptable,
 * weeks folded as they close), then switches to real time and keeps serving.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DIMENSIONS, LEVELS, type Level } from '../contract/depth';
import { FEATURES } from '../contract/events';
import { type MemberSnapshot, weekPromptBucket } from '../contract/sync';
import { weekAcceptedFrom } from '../contract/week';
import type { CollectorConfig } from './config';
import { acquireLock } from './db/lock';
import { foldClosedWeeks } from './fold';
import { reportWeeks } from './report-data';
import { startServer, stopOnSignals } from './server';
import { createToken } from './tokens';

export const DEMO_ORG = 'demo';
export const DEMO_WEEKS = 12;

/** Team path → members reporting directly there. Four teams sit below k = 5. */
export const DEMO_TEAMS: Record<string, number> = {
  'demo/engineering/platform': 45,
  'demo/engineering/web': 35,
  'demo/engineering/mobile': 25,
  'demo/engineering/data': 20,
  'demo/engineering/security': 4,
  'demo/sales/emea': 35,
  'demo/sales/americas': 28,
  'demo/sales/apac': 3,
  'demo/marketing/brand': 12,
  'demo/marketing/growth': 6,
  'demo/support/tier1': 50,
  'demo/support/tier2': 15,
  'demo/finance': 8,
  'demo/finance/payroll': 2,
  'demo/people/recruiting': 4,
};

/** Deterministic, so every demo shows the same organisation. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TOOLS = ['chatgpt', 'claude', 'gemini', 'copilot', 'perplexity', 'mistral'];

/** Every snapshot of the demo organisation, by week (oldest first). */
export function demoSnapshots(weeks: readonly string[], seed = 42): MemberSnapshot[][] {
  const rand = mulberry32(seed);
  const members = Object.entries(DEMO_TEAMS).flatMap(([team, n]) =>
    Array.from({ length: n }, () => ({ team, affinity: rand(), growth: rand() * 0.5, tools: TOOLS.filter(() => rand() < 0.35) })),
  );
  return weeks.map((week, wi) =>
    members
      .filter(() => rand() < 0.92) // not every device syncs every week
      .map((m) => {
        const use = Math.min(1, m.affinity * 0.8 + (m.growth * wi) / weeks.length + rand() * 0.15);
        const level: Level = LEVELS[Math.min(4, Math.floor(use * 5))]!;
        const activeDays = Math.min(7, Math.round(use * 7 * (0.7 + rand() * 0.3)));
        const secret = randomBytes(32).toString('hex');
        return {
          v: 1,
          week,
          team: m.team,
          pseudonym: randomBytes(16).toString('hex'),
          withdrawalHash: createHash('sha256').update(secret).digest('hex'),
          level,
          activeDays,
          prompts: weekPromptBucket(Math.round(use * use * 120 * rand())),
          dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, Math.min(100, Math.round((use * 80 + rand() * 30) / 10) * 10)])) as MemberSnapshot['dimensions'],
          tools: level === 'non_user' ? [] : m.tools.length ? m.tools : ['chatgpt'],
          features: level === 'non_user' ? [] : FEATURES.filter(() => rand() < use * 0.4),
          extensionVersion: '0.1',
        } satisfies MemberSnapshot;
      }),
  );
}

export async function runDemo(config: CollectorConfig, print: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<void> {
  const explicitDir = process.env.DATA_DIR || process.argv.includes('--data-dir');
  const dataDir = explicitDir ? config.dataDir : path.resolve('.collector-demo');
  const port = process.env.PORT || process.argv.includes('--port') ? config.port : 8788;
  if (!config.databaseUrl && existsSync(dataDir)) {
    // The demo's own folder starts afresh each time; refuse if a demo is still running on it.
    acquireLock(dataDir)();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const weeks = reportWeeks(Date.now(), DEMO_WEEKS);
  let simulated: number | undefined = weekAcceptedFrom(weeks[0]!);
  const now = () => simulated ?? Date.now();
  const quiet = () => {};
  const running = await startServer({ ...config, dataDir, port }, { now, log: quiet });
  stopOnSignals(running);
  const enroll = (await createToken(running.store.db, 'enroll', DEMO_ORG)).token;
  print(`DEMO DATA: filling a synthetic organisation "${DEMO_ORG}" through ${running.url}/v1/snapshots (not real people)…`);

  const byWeek = demoSnapshots(weeks);
  let sent = 0;
  for (const [i, week] of weeks.entries()) {
    simulated = weekAcceptedFrom(week) + 3_600_000;
    await foldClosedWeeks(running.store.db, simulated, config.weekOpenDays);
    const snaps = byWeek[i]!;
    for (let j = 0; j < snaps.length; j += 100) {
      const res = await fetch(`${running.url}/v1/snapshots`, {
        method: 'POST',
        headers: { authorization: `Bearer ${enroll}`, 'content-type': 'application/json' },
        body: JSON.stringify({ snapshots: snaps.slice(j, j + 100) }),
      });
      if (!res.ok) throw new Error(`demo ingest answered ${res.status}: ${await res.text()}`);
      sent += snaps.slice(j, j + 100).length;
    }
  }
  simulated = undefined; // real time from here on
  await foldClosedWeeks(running.store.db, Date.now(), config.weekOpenDays);
  const lead = (await createToken(running.store.db, 'lead', DEMO_ORG)).token;
  const members = Object.values(DEMO_TEAMS).reduce((a, b) => a + b, 0);
  print('');
  print(`DEMO DATA — synthetic organisation "${DEMO_ORG}": ${members} members in ${Object.keys(DEMO_TEAMS).length} teams, ${DEMO_WEEKS} weeks (${weeks[0]} to ${weeks.at(-1)}), ${sent} snapshots sent through the ingest endpoint.`);
  print('Some teams are below k = 5 on purpose (engineering/security, sales/apac, finance/payroll, people/recruiting): their figures are suppressed.');
  print(`Collector:   ${running.url}   (data in ${config.databaseUrl ? 'PostgreSQL' : dataDir}; Ctrl+C stops it)`);
  print(`Dashboard:   ${running.url}/   (sign in with the lead token)`);
  print(`Report:      curl -H "Authorization: Bearer <lead token>" "${running.url}/v1/report?team=${DEMO_ORG}"`);
  print('Lead token for the whole demo organisation:');
  print(lead);
}
