/**
 * Team sync in real Firefox ESR, the person's own opt-in: the options page's
 * "Share with my team" asks Firefox for the optional `websiteActivity`
 * data-collection permission, and only once it is granted does the first
 * snapshot (the week just completed) reach the real collector (PGlite, random
 * loopback port). Headless Firefox cannot click a permission prompt, so the
 * profile runs with `extensions.webextOptionalPermissionPrompts` off, which
 * grants an optional permission request as if accepted; the request itself
 * is still the extension's own, from the click.
 *
 *   npm run build && flock /tmp/leadline-browser.lock npx vitest run --project e2e tests/e2e/sync.firefox.test.ts
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/contract/day';
import { SnapshotBatch } from '../../src/contract/sync';
import { addWeeks, isoWeekOf } from '../../src/contract/week';
import { Collector } from '../support/collector';
import { eventually, FIREFOX_BUILD } from '../support/extension';
import { findExtensionPage, launchFirefox, type LaunchedFirefox } from '../support/firefox';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

const TEAM = 'acme/e2e-firefox';
const WEEK = addWeeks(isoWeekOf(localDay(Date.now())), -1);

let collector: Collector | undefined;
let fixtures: FixtureServer | undefined;
let ff: LaunchedFirefox | undefined;
let enrollment = '';

beforeAll(async () => {
  collector = await Collector.start();
  const res = await collector.api('POST', '/v1/admin/tokens', { role: 'enroll', team: 'acme' });
  enrollment = ((await res.json()) as { token: string }).token;
  fixtures = await startFixtureServer();
  ff = await launchFirefox({
    fixturePort: fixtures.port,
    extensionDir: FIREFOX_BUILD,
    prefs: {
      'extensions.webextOptionalPermissionPrompts': false,
      // The collector is on loopback: straight there, not through the fixture proxy.
      'network.proxy.allow_hijacking_localhost': false,
      'network.proxy.no_proxies_on': '127.0.0.1',
    },
  });
});

afterAll(async () => {
  await ff?.close().catch((e: unknown) => console.error(e));
  await fixtures?.close().catch((e: unknown) => console.error(e));
  await collector?.close().catch((e: unknown) => console.error(e));
});

type Api = { browser: { permissions: { contains(p: object): Promise<boolean> }; runtime: { openOptionsPage(): Promise<void> } } };

async function optionsPage(): Promise<Page> {
  const ext = await ff!.extensionPage();
  await ext.evaluate(() => (globalThis as unknown as Api).browser.runtime.openOptionsPage());
  return findExtensionPage(ff!.browser, `${ff!.extensionBase}/options.html`);
}

const consented = (page: Page) => page.evaluate(() => (globalThis as unknown as Api).browser.permissions.contains({ data_collection: ['websiteActivity'] }));

describe('team sync in real Firefox ESR', () => {
  it('opts in through the data-collection permission, then sends the week just completed to the collector', async () => {
    const page = await optionsPage();
    await page.bringToFront();
    await page.waitForSelector('#sync-opt-in');
    expect(await consented(page)).toBe(false);
    expect(collector!.posts()).toEqual([]);

    await page.type('#sync-collectorUrl', collector!.url);
    await page.type('#sync-enrollmentToken', enrollment);
    await page.type('#sync-teamId', TEAM);
    await page.click('#sync-opt-in');

    await page.waitForSelector('#sync-last-success', { timeout: 60_000 });
    expect(await consented(page)).toBe(true);
    await eventually(async () => collector!.posts().length, (n) => n > 0, 60_000);
    const [post] = collector!.posts();
    expect(post!.status).toBe(200);
    const [snapshot] = SnapshotBatch.parse(JSON.parse(post!.body)).snapshots;
    expect(snapshot).toMatchObject({ week: WEEK, team: TEAM, level: 'non_user', prompts: '0' });
    expect(await collector!.snapshotsOf(WEEK)).toHaveLength(1);
    // The page shows it as received.
    await page.waitForSelector(`table.sync-weeks tr[data-week="${WEEK}"][data-status="acknowledged"]`, { timeout: 30_000 });
  });
});
