/**
 * "`npm run demo` followed by a browser visit shows a populated dashboard",
 * with the README's own words: the demo command is read out of README.md's
 * shell block (so the test breaks when the README changes it), run as a child
 * process in its own process group, and the dashboard it prints is visited in
 * real headless Chromium, signed in from the keyboard with the printed lead
 * token. The page must show the organisation's report (the headline figures
 * of the collector's /v1/report, the level table, child teams, some of them
 * suppressed), not the empty state of a new collector.
 *
 * PORT=0 and a temporary DATA_DIR (settings the README documents) keep it off
 * a demo a person may be running on 8788.
 *
 *   npm run build:dashboard && flock /tmp/leadline-browser.lock npx vitest run --project e2e tests/e2e/demo.chromium.test.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamReport } from '../../src/contract/report';
import { formatFigure } from '../../src/dashboard/format';
import { MESSAGES } from '../../src/dashboard/messages';
import { ARTIFACTS, ROOT, assertDashboardBuilt, launchBrowser, tabTo } from '../support/dashboard';

/** The README's demo command: the line of its first ```sh block that runs `npm run demo`, without its comment. */
function readmeDemoCommand(readme: string): string {
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  const lines = blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim());
  const found = lines.filter((l) => /^npm run demo\b/.test(l));
  if (found.length !== 1) throw new Error(`README.md should give the demo command once in a sh block, found ${JSON.stringify(found)}`);
  return found[0]!;
}

const COMMAND = readmeDemoCommand(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-demo-e2e-'));
let child: ChildProcess | undefined;
let exited: Promise<unknown> = Promise.resolve();
let output = '';
let browser: Browser | undefined;

/** The whole process group (npm, its shell, node): nothing of the demo outlives the test, also on failure. */
function killDemo(signal: NodeJS.Signals): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
// A test run killed part-way (Ctrl+C, a vitest timeout that ends the worker) still takes the demo with it.
process.once('exit', () => killDemo('SIGKILL'));

/** Starts the README's words in a shell and waits for the printed lead token. */
function startDemo(): Promise<{ url: string; dashboard: string; leadToken: string }> {
  return new Promise((resolve, reject) => {
    child = spawn('sh', ['-c', COMMAND], { cwd: ROOT, detached: true, env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '' } });
    exited = new Promise((r) => child!.once('exit', r));
    const seen = () => {
      const token = /^(ll_lead_[A-Za-z0-9_-]{32})$/m.exec(output);
      const url = /^Collector:\s+(http:\/\/\S+)/m.exec(output);
      const dashboard = /^Dashboard:\s+(http:\/\/\S+)/m.exec(output);
      if (token && url && dashboard) resolve({ url: url[1]!, dashboard: dashboard[1]!, leadToken: token[1]! });
    };
    child.stdout!.on('data', (d: Buffer) => {
      output += d;
      seen();
    });
    child.stderr!.on('data', (d: Buffer) => (output += d));
    child.once('exit', (code) => reject(new Error(`\`${COMMAND}\` exited ${code} before printing a lead token:\n${output.slice(-3000)}`)));
  });
}

let demo: { url: string; dashboard: string; leadToken: string };

beforeAll(async () => {
  assertDashboardBuilt();
  await mkdir(ARTIFACTS, { recursive: true });
  demo = await startDemo();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch((e: unknown) => console.error(e));
  killDemo('SIGTERM');
  // SIGTERM lets the collector close its database; one that does not stop in time is killed.
  const timer = setTimeout(() => killDemo('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`the README's \`${COMMAND}\`, then a browser visit`, () => {
  it('prints the dashboard, and a lead signed in there sees the populated report of the demo organisation', async () => {
    expect(COMMAND).toBe('npm run demo'); // what a newcomer types; a change in the README is looked at here
    expect(output).toContain('DEMO DATA');
    expect(demo.dashboard).toBe(`${demo.url}/`);

    const context = await browser!.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(demo.url) && !/^(blob|data):/.test(r.url())) foreign.push(r.url());
    });
    await page.goto(demo.dashboard);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tabTo(page, /Token/);
    await page.keyboard.type(demo.leadToken);
    await page.keyboard.press('Enter');
    await page.getByTestId('report').waitFor();

    // The team the page opens on, and the collector's report for it.
    const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    const team = /^Team (.+)$/.exec(heading)?.[1];
    expect(team, heading).toBeTruthy();
    const res = await fetch(`${demo.url}/v1/report?team=${encodeURIComponent(team!)}&weeks=12`, { headers: { authorization: `Bearer ${demo.leadToken}` } });
    expect(res.status).toBe(200);
    const report = TeamReport.parse(await res.json());
    const latest = report.weeks.find((w) => w.week === report.latestWeek)!;
    // Populated: a published headline with members, not the empty state of a brand-new collector.
    expect(latest.headline.status).toBe('published');
    expect(latest.headline.members.value).toBeGreaterThan(0);
    expect(await page.getByTestId('empty-state').count()).toBe(0);

    const fmt = { locale: 'en' as const, m: MESSAGES.en, k: report.k };
    await expect(page.getByTestId('headline-members').textContent()).resolves.toBe(formatFigure(fmt, latest.headline.members, 'count'));
    await expect(page.getByTestId('headline-share').textContent()).resolves.toBe(formatFigure(fmt, latest.headline.habitualOrPowerShare, 'share'));
    for (const l of latest.levels.filter((x) => x.count.value !== null)) {
      await expect(page.locator(`[data-testid="table-levels"] tr[data-row="${l.level}"] td[data-col="members"]`).textContent()).resolves.toBe(formatFigure(fmt, l.count, 'count'));
    }
    // The child teams side by side: the published ones, and the ones below k with their explanation.
    const children = page.locator('[data-testid="table-children"] tr[data-row]');
    expect(await children.count()).toBeGreaterThan(1);
    const below = latest.children.filter((c) => c.headline.status === 'below_k');
    expect(below.length).toBeGreaterThan(0);
    for (const c of below) {
      await expect(page.locator(`[data-testid="table-children"] tr[data-row="${c.team}"] td`).textContent()).resolves.toBe(MESSAGES.en.childBelowK(report.k));
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-dashboard.png'), fullPage: true });
    expect(foreign).toEqual([]);
    await context.close();
  });
});
