/**
 * The leads' dashboard end to end: a real collector (embedded PGlite in a
 * temporary folder, a random port) started here, serving the built dashboard;
 * members of two teams, one of them below k, reported through the ingest
 * endpoint; leads signing in from the keyboard in real headless Chromium.
 * The page must show exactly the figures of the collector's /v1/report, the
 * small team suppressed with its explanation, nothing of another team to a
 * lead who may not see it (API and UI), a CSV whose every line is a line of
 * /v1/report.csv, a printable A4 PDF, and no serious axe finding in light or
 * dark. Screenshots go to tests/artifacts/dashboard-e2e-*.png.
 *
 * Where the members come from is one list (POPULATION) sent by one function
 * (reportMembers): extension profiles that sync for themselves can be added
 * beside it, because every check below reads the collector, not the list.
 * Built extension profiles that sync for themselves, with the dashboard read
 * afterwards, are tests/e2e/dashboard-profiles.chromium.test.ts.
 *
 *   npm run build:dashboard && flock /tmp/leadline-browser.lock npx vitest run --project e2e tests/e2e/dashboard.chromium.test.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, type Level } from '../../src/contract/depth';
import type { TeamReport, TeamTree } from '../../src/contract/report';
import type { MemberSnapshot } from '../../src/contract/sync';
import { latestCompleteWeek } from '../../src/collector/report-data';
import { startServer, type Running } from '../../src/collector/server';
import { formatFigure } from '../../src/dashboard/format';
import { MESSAGES } from '../../src/dashboard/messages';
import { ARTIFACTS, DASHBOARD_DIST, assertDashboardBuilt, axeLightAndDark, expectHeadlineAndLevels, launchBrowser, tabTo } from '../support/dashboard';

const K = 5;
const BIG = 'acme/big';
const SMALL = 'acme/small';

/** Who reports this week: 8 members of acme/big, 3 of acme/small (below k = 5). */
const POPULATION: { team: string; level: Level; activeDays: number; tools: string[] }[] = [
  ...(['power', 'power', 'habitual', 'habitual', 'habitual', 'novice', 'novice', 'low'] as Level[]).map((level, i) => ({
    team: BIG,
    level,
    activeDays: [6, 5, 4, 4, 3, 2, 1, 1][i]!,
    tools: i % 2 ? ['chatgpt'] : ['chatgpt', 'claude'],
  })),
  ...(['power', 'novice', 'non_user'] as Level[]).map((level) => ({ team: SMALL, level, activeDays: level === 'non_user' ? 0 : 3, tools: level === 'non_user' ? [] : ['gemini'] })),
];

function snapshot(m: (typeof POPULATION)[number], week: string, i: number): MemberSnapshot {
  return {
    v: 1,
    week,
    team: m.team,
    pseudonym: randomBytes(16).toString('hex'),
    withdrawalHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
    level: m.level,
    activeDays: m.activeDays,
    prompts: m.activeDays === 0 ? '0' : m.level === 'power' ? '50-149' : '5-14',
    dimensions: Object.fromEntries(DIMENSIONS.map((d, j) => [d, ((i + j) * 10) % 110])) as MemberSnapshot['dimensions'],
    tools: m.tools,
    features: m.level === 'power' ? ['web_search', 'file_upload'] : [],
    extensionVersion: '0.1',
  };
}

let collector: Running;
let dataDir: string;
let browser: Browser;
let adminToken: string;
const tokens: Record<string, string> = {};
let week: string;

async function api<T>(token: string, url: string, init: RequestInit = {}): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${collector.url}${url}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV
  }
  return { status: res.status, body: body as T, text };
}

async function makeToken(role: 'enroll' | 'lead', team: string): Promise<string> {
  const r = await api<{ token: string }>(adminToken, '/v1/admin/tokens', { method: 'POST', body: JSON.stringify({ role, team }) });
  expect(r.status).toBe(201);
  return r.body.token;
}

/** Sends the members' snapshots through the real ingest endpoint, as the extension's sync does. */
async function reportMembers(enroll: string, members: typeof POPULATION, w: string) {
  const r = await api<{ accepted: number }>(enroll, '/v1/snapshots', { method: 'POST', body: JSON.stringify({ snapshots: members.map((m, i) => snapshot(m, w, i)) }) });
  expect(r.status, r.text).toBe(200);
  expect(r.body.accepted).toBe(members.length);
}

beforeAll(async () => {
  assertDashboardBuilt();
  await mkdir(ARTIFACTS, { recursive: true });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadline-dashboard-e2e-'));
  collector = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined, minGroupSize: K, rateLimitPerMinute: 100_000, weekOpenDays: 14 },
    { log: () => {}, dashboardDir: DASHBOARD_DIST },
  );
  adminToken = collector.firstAdminToken!;
  week = latestCompleteWeek(Date.now());
  await reportMembers(await makeToken('enroll', 'acme'), POPULATION, week);
  tokens.acme = await makeToken('lead', 'acme');
  tokens.big = await makeToken('lead', BIG);
  browser = await launchBrowser();
});

afterAll(async () => {
  expect(foreign).toEqual([]);
  await browser?.close();
  await collector?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-e2e-${name}.png`), fullPage: true });

/** A fresh browser context (its own cookies), signed in with `token` from the keyboard alone. */
async function signIn(token: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(collector.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  await page.goto(collector.url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await tabTo(page, /Token/);
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
  await page.getByTestId('report').waitFor();
  expect(page.url()).not.toContain(token);
  return page;
}

const fmt = { locale: 'en' as const, m: MESSAGES.en, k: K };
/** Every request any page made outside the collector: none is allowed (no fonts, CDN or analytics). */
const foreign: string[] = [];

describe('the dashboard against a real collector', () => {
  it('a lead of acme sees the figures of /v1/report, and the small team suppressed with its reason', async () => {
    const page = await signIn(tokens.acme!);
    const report = (await api<TeamReport>(tokens.acme!, `/v1/report?team=acme&weeks=12`)).body;
    expect(report.latestWeek).toBe(week);
    const latest = report.weeks.find((w) => w.week === report.latestWeek)!;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Team acme');
    await expectHeadlineAndLevels(page, fmt, latest);
    // acme/small: 3 members, below k, in the children table with its explanation.
    const small = latest.children.find((c) => c.team === SMALL)!;
    expect(small.headline.status).toBe('below_k');
    await expect(page.locator(`[data-testid="table-children"] tr[data-row="${SMALL}"] td`).textContent()).resolves.toBe(MESSAGES.en.childBelowK(K));
    expect(await page.locator('body').textContent()).not.toMatch(/\b3 members\b/);
    const axe = await axeLightAndDark(page);
    expect(axe).toEqual({ light: [], dark: [] });
    await shot(page, 'acme');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'acme-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The small team on its own: it says it is below k and that its members still count in acme.
    await page.getByTestId('team-picker').selectOption(SMALL);
    await page.getByTestId('team-status').waitFor();
    await expect(page.getByTestId('team-status').textContent()).resolves.toBe(MESSAGES.en.teamBelowK(SMALL, K, 'acme'));
    await expect(page.getByTestId('headline-members').textContent()).resolves.toBe(MESSAGES.en.belowK(K));
    expect(await axeLightAndDark(page)).toEqual({ light: [], dark: [] });
    await shot(page, 'small');
    await page.context().close();
  });

  it('the CSV download holds only lines of /v1/report.csv for the same team and weeks', async () => {
    const page = await signIn(tokens.acme!);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const mine = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
    const theirs = new Set((await api<unknown>(tokens.acme!, '/v1/report.csv?team=acme&weeks=12')).text.trimEnd().split('\r\n'));
    expect(mine.length).toBeGreaterThan(40);
    // The one line that may differ is when each report was made: the two were generated by two requests.
    const made = /^,,acme,report,,generated_at,/;
    expect(mine.filter((l) => made.test(l))).toHaveLength(1);
    expect(mine.filter((l) => !made.test(l) && !theirs.has(l))).toEqual([]);
    expect(download.suggestedFilename()).toBe(`leadline-acme-${week}-12w.csv`);
    await page.context().close();
  });

  it('prints a clean A4 report with the charts as SVG', async () => {
    const page = await signIn(tokens.acme!);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('team-picker').isVisible()).resolves.toBe(false);
    await expect(page.locator('svg[data-testid="level-bar"]').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('k-line').isVisible()).resolves.toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(ARTIFACTS, 'dashboard-e2e-acme.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await shot(page, 'acme-print');
    await page.context().close();
  });

  it('a lead of acme/big cannot see acme/small, in the API or the page', async () => {
    expect((await api(tokens.big!, `/v1/report?team=${encodeURIComponent(SMALL)}`)).status).toBe(403);
    expect((await api(tokens.big!, `/v1/report.csv?team=${encodeURIComponent(SMALL)}`)).status).toBe(403);
    const tree = (await api<TeamTree>(tokens.big!, '/v1/teams')).body;
    expect(tree.teams.map((t) => t.path)).toEqual([BIG]);
    const page = await signIn(tokens.big!);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Team ${BIG}`);
    const options = await page.getByTestId('team-picker').locator('option').allTextContents();
    expect(options.map((o) => o.trim())).toEqual([BIG]);
    // The same session asking for the other team directly is refused by the collector.
    const status = await page.evaluate(async (team) => (await fetch(`/v1/report?team=${encodeURIComponent(team)}`)).status, SMALL);
    expect(status).toBe(403);
    await shot(page, 'big');
    // Sign-out ends the session on the server: the cookie no longer opens anything.
    await page.getByTestId('sign-out').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/v1/session')).status)).toBe(401);
    await page.context().close();
  });
});
