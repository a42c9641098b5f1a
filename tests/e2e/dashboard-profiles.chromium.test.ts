/**
 * The dashboard fed by real extension profiles, end to end: the built
 * extension in seven headless Chromium profiles, each with its own imported
 * history, syncs to a real collector started here (its Hono app over embedded
 * PGlite, serving the built dashboard); then a lead signs in from the
 * keyboard and the page shows what the collector's /v1/report holds.
 *
 * How a profile gets there is what an organisation would do: IT's managed
 * policy (one machine-wide file, /etc/chromium/policies/managed) points every
 * browser at the collector with the organisation's enrollment code; each
 * person enters their own team in the options page and turns sharing on
 * ("Share with my team"), then presses "Send now". Five people are in
 * acme/big and two in acme/small, below k = 5.
 *
 * Nothing below is hard-coded from the histories: what each profile sent is
 * read from its own popup ("See exactly what is sent"), compared with what the
 * collector received and stored, and the organisation's member count and
 * level counts in /v1/report must equal those the profiles' popups showed
 * (counts below k suppressed, as the privacy rules say). The page must then
 * show /v1/report's figures for acme, acme/big and acme/small, the small team
 * suppressed with its explanation. With only two teams, acme/big is withheld
 * as well (acme minus acme/big would give acme/small away); the page is held
 * to whatever the report says about it.
 * Screenshots: tests/artifacts/dashboard-profiles-*.png.
 *
 *   npm run build && npm run build:dashboard && flock /tmp/leadline-browser.lock npx vitest run --project e2e tests/e2e/dashboard-profiles.chromium.test.ts
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/contract/day';
import { LEVELS, type Level } from '../../src/contract/depth';
import type { Figure, TeamReport } from '../../src/contract/report';
import { MemberSnapshot, SnapshotBatch } from '../../src/contract/sync';
import { addWeeks, isoWeekOf } from '../../src/contract/week';
import { formatFigure } from '../../src/dashboard/format';
import { MESSAGES } from '../../src/dashboard/messages';
import { launchChromium } from '../support/chromium';
import { Collector } from '../support/collector';
import { ARTIFACTS, DASHBOARD_DIST, assertDashboardBuilt, expectHeadlineAndLevels, launchBrowser, tabTo } from '../support/dashboard';
import { dumpChromium, eventually, EXTENSION_ID, importThroughOptions, ROOT, serviceWorkerRunning } from '../support/extension';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { exportOf, habitualPlan, heavyYearPlan, steadyPlan, type DayPlan } from '../support/history';
import { removeChromiumPolicy, writeChromiumPolicy } from '../support/policy';

const POPUP_URL = `chrome-extension://${EXTENSION_ID}/popup.html`;
const ORG = 'acme';
const BIG = 'acme/big';
const SMALL = 'acme/small';
const today = localDay(Date.now());
/** The week just completed: the only one a first enable sends. */
const WEEK = addWeeks(isoWeekOf(today), -1);

/**
 * Seven people, each with their own history (as if they had used Leadline
 * before sharing was offered). Five use AI steadily in different ways, so one
 * level of the organisation reaches k and is published; which level each
 * lands on is read from their popups, not assumed here.
 */
const PEOPLE: { name: string; team: string; plan: DayPlan[] }[] = [
  { name: 'big-heavy', team: BIG, plan: heavyYearPlan(today, 100) },
  { name: 'big-habitual', team: BIG, plan: habitualPlan(today) },
  { name: 'big-twice-a-week', team: BIG, plan: steadyPlan({ seed: 3, weeks: 14, daysPerWeek: 2, promptsPerDay: 3, tools: ['claude', 'chatgpt'], features: ['web_search'] }, today) },
  { name: 'big-mondays', team: BIG, plan: steadyPlan({ seed: 4, weeks: 14, daysPerWeek: 1, promptsPerDay: 5, tools: ['gemini'] }, today) },
  { name: 'big-a-prompt-a-day', team: BIG, plan: steadyPlan({ seed: 5, weeks: 14, daysPerWeek: 5, promptsPerDay: 1, tools: ['copilot', 'chatgpt', 'claude'], features: ['image_generation'] }, today) },
  { name: 'small-steady', team: SMALL, plan: steadyPlan({ seed: 6, weeks: 14, daysPerWeek: 3, promptsPerDay: 2, tools: ['chatgpt', 'perplexity'], features: ['file_upload', 'data_analysis'] }, today) },
  { name: 'small-newcomer', team: SMALL, plan: steadyPlan({ seed: 7, weeks: 6, daysPerWeek: 2, promptsPerDay: 2, tools: ['claude'] }, today) },
];

let collector: Collector | undefined;
let fixtures: FixtureServer | undefined;
let browser: Browser | undefined;
let workDir = '';
let enrollToken = '';
/** What each profile's popup showed as sent, by person. */
const shown = new Map<string, { snapshot: MemberSnapshot; popupLevel: string | null }>();

beforeAll(async () => {
  assertDashboardBuilt();
  await mkdir(ARTIFACTS, { recursive: true });
  collector = await Collector.start({ dashboardDir: DASHBOARD_DIST });
  // The organisation's enrollment code, as the README has the admin make it; IT puts it in the policy.
  const made = await collector.api('POST', '/v1/admin/tokens', { role: 'enroll', team: ORG });
  expect(made.status).toBe(201);
  enrollToken = ((await made.json()) as { token: string }).token;
  await writeChromiumPolicy({ collectorUrl: collector.url, enrollmentToken: enrollToken });
  fixtures = await startFixtureServer();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'leadline-dashboard-profiles-'));
});

afterAll(async () => {
  // Each step on its own: a failure in one must not leave the machine-wide policy file behind.
  await removeChromiumPolicy().catch((e: unknown) => console.error(e));
  await browser?.close().catch((e: unknown) => console.error(e));
  await fixtures?.close().catch((e: unknown) => console.error(e));
  await collector?.close().catch((e: unknown) => console.error(e));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/**
 * One person's browser: a fresh profile with the built extension; their
 * history imported in the options page; their team entered and sharing turned
 * on there; "Send now"; then what the popup shows as sent.
 */
async function runProfile(person: (typeof PEOPLE)[number]): Promise<void> {
  const file = path.join(workDir, `${person.name}.json`);
  const exported = exportOf(person.plan, today);
  await writeFile(file, JSON.stringify(exported));
  const chromium = await launchChromium({ extensionDir: path.join(ROOT, '.output/chrome-mv3'), fixturePort: fixtures!.port });
  try {
    const context = chromium.context;
    const probe = await context.newPage();
    expect(await eventually(() => serviceWorkerRunning(context, probe), Boolean)).toBe(true);
    await probe.close();

    const options = await importThroughOptions(context, file);
    const dump = await eventually(() => dumpChromium(context), (d) => (d.indexedDB.leadline?.rollups ?? []).length >= exported.rollups.length);
    expect(dump.indexedDB.leadline?.rollups).toHaveLength(exported.rollups.length);

    // IT's policy fills and locks the collector and the code; the team is the person's to enter.
    await expect(options.locator('#sync-collectorUrl').inputValue()).resolves.toBe(collector!.url);
    await expect(options.locator('#sync-enrollmentToken').getAttribute('readonly')).resolves.not.toBeNull();
    await options.locator('#sync-teamId').fill(person.team);
    await options.locator('#sync-opt-in').click();
    await options.locator('.sync-status[data-sync-on="true"]').waitFor({ timeout: 30_000 });
    await options.locator('#sync-send-now').click();
    await options.locator(`table.sync-weeks tr[data-week="${WEEK}"][data-status="acknowledged"]`).waitFor({ timeout: 60_000 });
    await options.close();

    const popup = await context.newPage();
    await popup.goto(POPUP_URL);
    const popupLevel = await popup.getByTestId('level').getAttribute('data-level').catch(() => null);
    // The sync details sit behind the first screen's sync line.
    await popup.getByTestId('sync-line').click();
    await popup.getByText('See exactly what is sent').click();
    const last = popup.locator(`#sync-last-json[data-week="${WEEK}"]`);
    await last.waitFor();
    shown.set(person.name, { snapshot: MemberSnapshot.parse(JSON.parse(await last.innerText())), popupLevel });
    await popup.screenshot({ path: path.join(ARTIFACTS, `dashboard-profiles-popup-${person.name}.png`), fullPage: true });
    await popup.close();
  } finally {
    await chromium.close();
  }
}

const count = (levels: Level[]) => Object.fromEntries(LEVELS.map((l) => [l, levels.filter((x) => x === l).length]));

async function report(team: string, lead: string): Promise<TeamReport> {
  const res = await fetch(`${collector!.url}/v1/report?team=${encodeURIComponent(team)}&weeks=12`, { headers: { authorization: `Bearer ${lead}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as TeamReport;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-profiles-${name}.png`), fullPage: true });

describe('seven extension profiles sync; a lead reads their teams on the dashboard', () => {
  it('each profile imports its history, joins its team, sends the week just completed, and sends exactly what its popup shows', async () => {
    // Two browsers at a time: the machine's two cores are shared.
    for (let i = 0; i < PEOPLE.length; i += 2) await Promise.all(PEOPLE.slice(i, i + 2).map(runProfile));

    expect([...shown.keys()].sort()).toEqual(PEOPLE.map((p) => p.name).sort());
    const received = collector!.posts().filter((p) => p.status === 200).flatMap((p) => SnapshotBatch.parse(JSON.parse(p.body)).snapshots);
    const stored = await collector!.snapshotsOf(WEEK);
    expect(stored).toHaveLength(PEOPLE.length);
    for (const person of PEOPLE) {
      const { snapshot } = shown.get(person.name)!;
      expect(snapshot).toMatchObject({ week: WEEK, team: person.team });
      // What left the browser is what the popup showed, every field of it.
      const sent = received.filter((s) => s.pseudonym === snapshot.pseudonym);
      expect(sent.length).toBeGreaterThan(0);
      for (const s of sent) expect(s).toEqual(snapshot);
      const row = stored.filter((r) => r.pseudonym === snapshot.pseudonym);
      expect(row).toHaveLength(1);
      expect(row[0]).toMatchObject({ team: person.team, level: LEVELS.indexOf(snapshot.level), active_days: snapshot.activeDays, withdrawal_hash: snapshot.withdrawalHash });
    }
    // The histories differ, and so do the levels the people see.
    const levels = PEOPLE.map((p) => shown.get(p.name)!.snapshot.level);
    expect(new Set(levels).size).toBeGreaterThanOrEqual(3);
    console.log(
      'levels sent (popup level today):',
      PEOPLE.map((p) => `${p.name}=${shown.get(p.name)!.snapshot.level} (${shown.get(p.name)!.popupLevel})`),
    );
  });

  it('a lead of acme signs in from the keyboard: the page shows /v1/report, and acme/small is suppressed with its reason', async () => {
    expect(shown.size).toBe(PEOPLE.length);
    const made = await collector!.api('POST', '/v1/admin/tokens', { role: 'lead', team: ORG });
    expect(made.status).toBe(201);
    const lead = ((await made.json()) as { token: string }).token;

    // The collector's report for acme holds exactly the members and levels the profiles' popups showed,
    // as far as k lets it: a level count from 1 to k-1 suppressed as below k, any count it publishes the
    // popups' count. (A small organisation's other counts may be withheld too, so none can be worked out.)
    const acmeReport = await report(ORG, lead);
    expect(acmeReport.latestWeek).toBe(WEEK);
    const k = acmeReport.k;
    const acmeWeek = acmeReport.weeks.find((w) => w.week === WEEK)!;
    expect(acmeWeek.headline.members.value).toBe(PEOPLE.length);
    const snapshots = PEOPLE.map((p) => shown.get(p.name)!.snapshot);
    /** A figure of the report against the number of snapshots it counts. */
    const holds = (what: string, f: Figure, e: number) => {
      if (f.value !== null) expect([what, f.value]).toEqual([what, e]);
      else expect([what, f.suppressed]).toEqual([what, e > 0 && e < k ? 'below_k' : 'withheld']);
    };
    const expected = count(snapshots.map((s) => s.level));
    for (const l of acmeWeek.levels) holds(l.level, l.count, expected[l.level]!);
    // The tool mix and feature adoption likewise: members who used each, from the snapshots.
    for (const t of acmeWeek.tools) holds(t.tool, t.members, snapshots.filter((s) => s.tools.includes(t.tool)).length);
    for (const f of acmeWeek.features) holds(f.feature, f.members, snapshots.filter((s) => (s.features as string[]).includes(f.feature)).length);
    // Some figure beyond zero and the member count is published, or the checks above prove little.
    const shownCounts = [...acmeWeek.levels.map((l) => l.count), ...acmeWeek.tools.map((t) => t.members)].filter((f) => f.value !== null && f.value > 0);
    expect(shownCounts.length).toBeGreaterThan(0);
    const share = acmeWeek.headline.habitualOrPowerShare;
    if (share.value !== null) expect(share.value).toBeCloseTo((expected.habitual! + expected.power!) / PEOPLE.length, 6);
    // acme/small is below k. acme/big is then withheld too (acme minus acme/big would give acme/small away),
    // unless the collector finds another way: the page is held to whatever the report says.
    const children = new Map(acmeWeek.children.map((c) => [c.team, c]));
    expect(children.get(SMALL)?.headline.status).toBe('below_k');
    const bigChild = children.get(BIG)!;
    if (bigChild.headline.status === 'published') expect(bigChild.headline.members.value).toBe(PEOPLE.filter((p) => p.team === BIG).length);

    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(collector!.url) && !/^(blob|data):/.test(r.url())) foreign.push(r.url());
    });
    await page.goto(collector!.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tabTo(page, /Token/);
    await page.keyboard.type(lead);
    await page.keyboard.press('Enter');
    await page.getByTestId('report').waitFor();
    expect(page.url()).not.toContain(lead);

    /** The page's headline and level table against /v1/report for the team on screen. */
    const matchesReport = async (team: string) => {
      const r = await report(team, lead);
      const latest = r.weeks.find((w) => w.week === r.latestWeek)!;
      const fmt = { locale: 'en' as const, m: MESSAGES.en, k: r.k };
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`Team ${team}`);
      await expectHeadlineAndLevels(page, fmt, latest);
      // The tool mix and feature adoption tables, row by row.
      for (const [table, rows] of [['tools', latest.tools.map((t) => [t.tool, t.members, t.share] as const)], ['features', latest.features.map((f) => [f.feature, f.members, f.share] as const)]] as const) {
        for (const [key, members, share] of rows) {
          const row = page.locator(`[data-testid="table-${table}"] tr[data-row="${key}"]`);
          if (members.value === null && share.value === null) await expect(row.locator('td').first().textContent()).resolves.toBe(formatFigure(fmt, members, 'count'));
          else await expect(row.locator('td[data-col="members"]').textContent()).resolves.toBe(formatFigure(fmt, members, 'count'));
        }
      }
      return r;
    };

    // acme: its children side by side, acme/small with its explanation and no figure of its own.
    const acme = await matchesReport(ORG);
    await expect(page.locator(`[data-testid="table-children"] tr[data-row="${SMALL}"] td`).textContent()).resolves.toBe(MESSAGES.en.childBelowK(acme.k));
    const bigRow = page.locator(`[data-testid="table-children"] tr[data-row="${BIG}"]`);
    if (bigChild.headline.status === 'published') await expect(bigRow.locator('td[data-col="members"]').textContent()).resolves.toBe(formatFigure({ locale: 'en', m: MESSAGES.en, k }, bigChild.headline.members, 'count'));
    else await expect(bigRow.locator('td').textContent()).resolves.toBe(MESSAGES.en.childWithheld);
    await shot(page, 'acme');

    // acme/big on its own: as its report has it.
    await page.getByTestId('team-picker').selectOption(BIG);
    await page.getByRole('heading', { level: 1, name: `Team ${BIG}` }).waitFor();
    await matchesReport(BIG);
    await shot(page, 'big');

    // acme/small: below k, says so with the real k, and that its members still count in acme.
    await page.getByTestId('team-picker').selectOption(SMALL);
    await page.getByTestId('team-status').waitFor();
    await expect(page.getByTestId('team-status').textContent()).resolves.toBe(MESSAGES.en.teamBelowK(SMALL, k, ORG));
    await expect(page.getByTestId('headline-members').textContent()).resolves.toBe(MESSAGES.en.belowK(k));
    await shot(page, 'small');
    expect(foreign).toEqual([]);
    await context.close();
  });
});
