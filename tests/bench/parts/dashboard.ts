/**
 * Part 5, the dashboard: first meaningful render for a 10,000-member
 * organisation — from navigation to the headline figures on screen — against
 * a static page of the same size served by the same server; and the
 * dashboard's JS, gzipped.
 *
 * The collector (its own process, PostgreSQL, a fresh schema) serves a copy of
 * dist/dashboard. The organisation: 10,000 members in 200 teams, 51 closed
 * weeks seeded as aggregates and the latest week ingested over HTTP (as in the
 * collector part). A lead signs in once (POST /v1/session, the cookie lands in
 * the browser); the rendered page is then saved, scripts removed, as
 * static-baseline.html beside the app (same markup, same stylesheet, same
 * size). Then, alternating, a new tab opens / (the app: session check, team
 * tree, report, render) and /static-baseline.html; an init script notes the
 * first frame after `[data-testid="headline"]` holds its figures, in ms since
 * navigation start.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, type LaunchedChromium } from '../../support/chromium';
import { ROOT } from '../../support/extension';
import { envInt, figure, median, percentile, sum, type Part } from '../lib';
import { Collector, freshDatabase, ingest, latestCompleteWeek, orgTeams, snapshotsFor } from './collector';

const DIST = path.join(ROOT, 'dist/dashboard');
const HEADLINE = '[data-testid="headline"]';
const LIMIT_MS = 1000;
const GZIP_LIMIT = 150 * 1024;

/** Before the page's scripts: the first frame after the headline figures are in the DOM. */
function watchHeadline(selector: string): void {
  const w = window as unknown as { __benchPainted?: number; __benchSeen?: number };
  const check = () => {
    if (w.__benchSeen !== undefined) return;
    const el = document.querySelector(selector);
    if (!el || !(el.textContent ?? '').trim()) return;
    w.__benchSeen = performance.now();
    requestAnimationFrame(() => setTimeout(() => (w.__benchPainted = performance.now()), 0));
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  document.addEventListener('DOMContentLoaded', check);
}

async function firstRender(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __benchPainted?: number }).__benchPainted !== undefined, undefined, { timeout: 60_000, polling: 20 });
    return await page.evaluate(() => (window as unknown as { __benchPainted: number }).__benchPainted);
  } finally {
    await page.close();
  }
}

export function dashboardBundle(dir = DIST): { gzip: number; bytes: number; files: string[] } {
  const assets = path.join(dir, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const read = (f: string) => readFileSync(path.join(assets, f));
  return { gzip: sum(files.map((f) => gzipSync(read(f), { level: 9 }).length)), bytes: sum(files.map((f) => read(f).length)), files };
}

export const dashboardPart: Part = async (ctx) => {
  const members = ctx.smoke ? 300 : envInt('BENCH_DASHBOARD_MEMBERS', 10_000);
  const rounds = ctx.smoke ? 2 : envInt('BENCH_DASHBOARD_ROUNDS', 10);
  readFileSync(path.join(DIST, 'index.html')); // a clear error when the dashboard is not built
  const served = mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-dashboard-'));
  cpSync(DIST, served, { recursive: true });
  const database = await freshDatabase('postgres');
  let col: Collector | undefined;
  let browser: LaunchedChromium | undefined;
  const app: number[] = [];
  const stat: number[] = [];
  let staticBytes = 0;
  try {
    col = await Collector.start({ ...database.env, BENCH_DASHBOARD_DIR: served });
    const now = Date.now();
    await col.call({ cmd: 'setNow', now });
    const teams = orgTeams(members);
    const latest = latestCompleteWeek(now);
    const { weekRange } = await import('../../../src/contract/week');
    const weeks = weekRange(latest, 52);
    await col.call({ cmd: 'seedClosedWeeks', teams, weeks: weeks.slice(0, -1), membersPerTeam: 50 });
    const enroll = await col.call<string>({ cmd: 'token', role: 'enroll', team: 'org' });
    await ingest(col, enroll, snapshotsFor(members, teams, latest));
    const lead = await col.call<string>({ cmd: 'token', role: 'lead', team: 'org' });

    browser = await launchChromium({ fixturePort: 1 });
    const context = browser.context;
    await context.addInitScript(watchHeadline, HEADLINE);
    const signIn = await context.request.post(col.url('/v1/session'), { data: { token: lead } });
    if (signIn.status() !== 200) throw new Error(`POST /v1/session → ${signIn.status()}`);

    // The baseline: the rendered page itself, scripts removed, served by the same server.
    const page = await context.newPage();
    await page.goto(col.url('/'));
    await page.locator(HEADLINE).waitFor({ timeout: 60_000 });
    const html = await page.evaluate(() => {
      const doc = document.documentElement.cloneNode(true) as HTMLElement;
      for (const s of Array.from(doc.querySelectorAll('script, link[rel="modulepreload"]'))) s.remove();
      return `<!doctype html>\n${doc.outerHTML}`;
    });
    await page.close();
    staticBytes = Buffer.byteLength(html);
    writeFileSync(path.join(served, 'static-baseline.html'), html);

    await firstRender(context, col.url('/')); // warm-up: caches, connections
    await firstRender(context, col.url('/static-baseline.html'));
    for (let i = 0; i < rounds; i++) {
      const pair = [async () => app.push(await firstRender(context, col!.url('/'))), async () => stat.push(await firstRender(context, col!.url('/static-baseline.html')))];
      for (const f of i % 2 === 0 ? pair : pair.reverse()) await f();
    }
    ctx.log(`first meaningful render: app ${app.map((x) => x.toFixed(0)).join(' ')} | static ${stat.map((x) => x.toFixed(0)).join(' ')} ms`);
  } finally {
    await browser?.close();
    await col?.stop();
    await database.drop();
    rmSync(served, { recursive: true, force: true });
  }
  const b = dashboardBundle();
  const appMs = median(app);
  const figures = [
    figure({
      id: 'firstMeaningfulRender',
      label: `first meaningful render, ${members.toLocaleString('en-US')}-member organisation (navigation → headline figures painted), median`,
      value: appMs,
      unit: 'ms',
      baseline: { label: `static page of the same markup (${(staticBytes / 1024).toFixed(0)} KB), same server`, value: median(stat) },
      target: { on: 'value', op: '<', limit: LIMIT_MS },
      note: `p95 ${percentile(app, 95).toFixed(0)} ms (static ${percentile(stat, 95).toFixed(0)} ms).`,
    }),
    figure({
      id: 'bundleGzip',
      label: `dashboard JS, gzipped (${b.files.join(', ')})`,
      value: b.gzip,
      unit: 'B',
      baseline: { label: 'minified, not compressed', value: b.bytes },
      target: { on: 'value', op: '<=', limit: GZIP_LIMIT },
    }),
  ];
  const findings: string[] = [];
  if (figures[0]!.met === false) findings.push(`The dashboard waits for three round trips before its headline (GET /v1/session, GET /v1/teams, GET /v1/report) after its ${(b.gzip / 1024).toFixed(0)} KB of JS; the report itself is the collector part's org-root figure.`);
  if (figures[1]!.met === false) findings.push(`The dashboard's JS is ${(b.gzip / 1024).toFixed(0)} KB gzipped, above 150 KB.`);
  return {
    title: 'Dashboard',
    method: [
      `The collector in its own process on PostgreSQL (fresh schema), serving a copy of dist/dashboard; ${members.toLocaleString('en-US')} members in ${orgTeams(members).length} teams, 51 closed weeks seeded as aggregates, the latest week ingested over HTTP.`,
      'A lead session (POST /v1/session; the cookie in the browser), then in alternating fresh tabs: / (the app) and /static-baseline.html (the rendered app saved with its scripts removed: same markup, same stylesheet). The figure is the first frame after [data-testid="headline"] holds text, in ms since navigation start.',
      `${rounds} rounds after one warm-up each; medians.`,
    ],
    config: { members, rounds, app, static: stat, staticBytes },
    figures,
    findings,
  };
};
