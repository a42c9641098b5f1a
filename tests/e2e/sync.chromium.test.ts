/**
 * Team sync end to end: the built extension in real headless Chromium, the
 * real collector (its Hono app over embedded PGlite in a temporary folder, on
 * a random loopback port) started by this test, and policy through a real
 * /etc/chromium/policies/managed file.
 *
 * One story, in order, because each step builds on the state the last one
 * left (as a person's browser would):
 *  1. Policy turns sync on with an enrollment token the admin has already
 *     revoked: the collector answers 401, the popup says so in plain words,
 *     and the job stops asking (a further check sends nothing).
 *  2. A scripted session with a canary on a fixture site, and a 12-week
 *     history imported through the options page.
 *  3. IT fixes the token while the collector is down: the popup shows the
 *     network problem; nothing arrives.
 *  4. The collector comes back. The popup's "See exactly what is sent" shows
 *     the next snapshot; "Send now"; the service worker is stopped while the
 *     collector has stored the snapshot but not yet answered; "Send now"
 *     again: the resend replaces (one snapshot for the week, equal to the
 *     preview, the same pseudonym).
 *  5. The canary, the conversation path and the fixture host are searched for
 *     in every payload the collector received and in its whole database.
 *  6. "Delete everything" withdraws the open week from the collector.
 *
 *   npm run build && flock /tmp/leadline-browser.lock npx vitest run --project e2e tests/e2e/sync.chromium.test.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/contract/day';
import { MemberSnapshot, SnapshotBatch } from '../../src/contract/sync';
import { addWeeks, isoWeekOf } from '../../src/contract/week';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { Collector } from '../support/collector';
import { drivers } from '../support/drivers';
import { dumpChromium, eventually, EXTENSION_ID, ROOT, serviceWorkerRunning, stopServiceWorker } from '../support/extension';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { exportOf, habitualPlan } from '../support/history';
import { removeChromiumPolicy, writeChromiumPolicy } from '../support/policy';

const POPUP_URL = `chrome-extension://${EXTENSION_ID}/popup.html`;
const OPTIONS_URL = `chrome-extension://${EXTENSION_ID}/options.html`;
const TEAM = 'acme/e2e-sync';
const today = localDay(Date.now());
const WEEK = addWeeks(isoWeekOf(today), -1); // the week just completed: the only one a first enable sends
const CANARY = `LLCANARY${randomUUID().replaceAll('-', '')}`;

let collector: Collector | undefined;
let fixtures: FixtureServer | undefined;
let chromium: LaunchedChromium | undefined;
let historyDir = '';
let enrollId = '';
let policy: Record<string, unknown> = {};

beforeAll(async () => {
  collector = await Collector.start();
  // Two enrollment codes for the team's organisation: the first is revoked before anyone uses it.
  const made = await Promise.all([0, 1].map(async () => (await (await collector!.api('POST', '/v1/admin/tokens', { role: 'enroll', team: 'acme' })).json()) as { id: string; token: string }));
  enrollId = made[1]!.token;
  expect((await collector.api('DELETE', `/v1/admin/tokens/${made[0]!.id}`)).status).toBe(204);
  policy = { syncEnabled: true, collectorUrl: collector.url, enrollmentToken: made[0]!.token, teamId: TEAM };
  await writeChromiumPolicy(policy);
  fixtures = await startFixtureServer();
  chromium = await launchChromium({ extensionDir: path.join(ROOT, '.output/chrome-mv3'), fixturePort: fixtures.port });
  const probe = await chromium.context.newPage();
  expect(await eventually(() => serviceWorkerRunning(chromium!.context, probe), Boolean)).toBe(true);
  await probe.close();
  historyDir = await mkdtemp(path.join(os.tmpdir(), 'leadline-sync-history-'));
});

afterAll(async () => {
  // Each step on its own: a failure in one must not leave the machine-wide policy file behind.
  await removeChromiumPolicy().catch((e: unknown) => console.error(e));
  await chromium?.close().catch((e: unknown) => console.error(e));
  await fixtures?.close().catch((e: unknown) => console.error(e));
  await collector?.close().catch((e: unknown) => console.error(e));
  if (historyDir) await rm(historyDir, { recursive: true, force: true });
});

async function open(url: string): Promise<Page> {
  const page = await chromium!.context.newPage();
  await page.goto(url);
  return page;
}

/** Policy applies while the browser runs: Chromium's watcher, or chrome://policy → Reload, whichever comes first. */
async function applyPolicy(context: BrowserContext, next: Record<string, unknown>): Promise<void> {
  await writeChromiumPolicy(next);
  const admin = await context.newPage();
  try {
    await admin.goto('chrome://policy');
    await admin.locator('#reload-policies').click();
  } finally {
    await admin.close();
  }
}

/** The popup with its sync panel open: the first screen's sync line is the button that opens it. */
async function openPopupSync(): Promise<Page> {
  const popup = await open(POPUP_URL);
  await popup.getByTestId('sync-line').click();
  await popup.locator('#sync-state').waitFor();
  return popup;
}

async function localStorageOf(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null));
}

async function syncRows(): Promise<Array<{ week: string; status: string; pseudonym: string; sentAt: number | null }>> {
  const dump = await dumpChromium(chromium!.context);
  return (dump.indexedDB.leadline?.syncWeeks ?? []) as never;
}

describe('team sync in real Chromium with the real collector', () => {
  it('1. a revoked enrollment code: the popup says so in plain words, and the job stops asking', async () => {
    const popup = await openPopupSync();
    const error = popup.locator('#sync-last-error[data-code="unauthorized"]');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.innerText()).toMatch(/refused the enrollment code.*revoked/i);
    expect(await popup.locator('#sync-state').innerText()).toMatch(new RegExp(`your organisation turned it on.*127\\.0\\.0\\.1:${collector!.port}.*${TEAM}`, 'i'));
    expect(collector!.posts().map((p) => p.status)).toEqual([401]);

    // A further check (the hourly alarm, fired now) runs, announces its end, and sends nothing.
    const before = (await localStorageOf(popup)).syncChangedAt;
    await popup.evaluate(() => (globalThis as unknown as { chrome: { alarms: { create(n: string, o: object): void } } }).chrome.alarms.create('leadline-sync-check', { when: Date.now() + 100 }));
    await eventually(() => localStorageOf(popup), (s) => s.syncChangedAt !== before, 30_000);
    expect((await localStorageOf(popup)).syncChangedAt).not.toBe(before);
    expect(collector!.posts()).toHaveLength(1);
    const alarms = await popup.evaluate(() => (globalThis as unknown as { chrome: { alarms: { getAll(): Promise<{ name: string }[]> } } }).chrome.alarms.getAll());
    expect(alarms.map((a) => a.name)).not.toContain('leadline-sync-retry');
    await popup.close();
  });

  let conversationPath = '';
  it('2. a scripted session with a canary, and an imported 12-week history', async () => {
    const page = await chromium!.context.newPage();
    const d = drivers.chatgpt;
    await d.open(page);
    await d.sendPrompt(page, `Please summarise ${CANARY} for the team`);
    await d.waitForResponse(page);
    conversationPath = new URL(page.url()).pathname;
    await page.close();

    const file = path.join(historyDir, 'history.json');
    await writeFile(file, JSON.stringify(exportOf(habitualPlan(today), today)));
    const options = await open(OPTIONS_URL);
    await options.locator('input[type=file]').setInputFiles(file);
    await eventually(
      () => dumpChromium(chromium!.context),
      (dump) => (dump.indexedDB.leadline?.rollups ?? []).length >= exportOf(habitualPlan(today), today).rollups.length,
    );
    await options.close();
  });

  it('3. the code fixed while the collector is down: the popup shows the network problem, nothing arrives', async () => {
    await collector!.down();
    policy = { ...policy, enrollmentToken: enrollId };
    await applyPolicy(chromium!.context, policy);
    const popup = await openPopupSync();
    await popup.locator('#sync-last-error[data-code="network"]').waitFor({ timeout: 60_000 });
    expect(await popup.locator('#sync-last-error').innerText()).toMatch(/could not be reached/i);
    expect(collector!.posts()).toHaveLength(1);
    await popup.close();
  });

  let preview: MemberSnapshot | undefined;
  it('4. back up: "Send now", the worker stopped mid-send, "Send now" again: one snapshot, equal to the preview', async () => {
    // Armed before the collector is reachable: whichever send comes first (a retry alarm or the button) is held.
    const held = collector!.holdNextPost();
    const popup = await openPopupSync();
    await popup.getByText('See exactly what is sent').click();
    const next = popup.locator(`#sync-next-json[data-week="${WEEK}"]`);
    await next.waitFor();
    preview = MemberSnapshot.parse(JSON.parse(await next.innerText()));
    expect(preview).toMatchObject({ week: WEEK, team: TEAM });
    expect(preview.level).not.toBe('non_user'); // the imported history is in it
    await collector!.up();

    const options = await open(OPTIONS_URL);
    await options.locator('#sync-send-now').click();
    await held.arrived;
    expect(await stopServiceWorker(chromium!.context, options)).toBe(true);
    held.release();
    // The collector stored it, but the worker never heard the answer. "Send now" wakes it through
    // storage.onChanged (a retry alarm may beat the click to it: either way it is a resend).
    await options.locator('#sync-send-now').click();
    await options.locator('#sync-last-success').filter({ hasNotText: /not yet/i }).waitFor({ timeout: 60_000 });
    const posts = collector!.posts();
    expect(posts.map((p) => p.status)).toEqual([401, 200, 200]);
    expect(posts[1]!.response).toEqual({ accepted: 1, new: 1, replaced: 0 });
    expect(posts[2]!.response).toEqual({ accepted: 1, new: 0, replaced: 1 });
    for (const p of posts.slice(1)) expect(SnapshotBatch.parse(JSON.parse(p.body)).snapshots).toEqual([preview]);
    const stored = await collector!.snapshotsOf(WEEK);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ pseudonym: preview.pseudonym, team: TEAM, withdrawal_hash: preview.withdrawalHash });
    expect((await syncRows()).find((r) => r.week === WEEK)?.status).toBe('acknowledged');

    // The options page lists the week as received, and the popup shows it as the last one sent.
    await options.locator(`table.sync-weeks tr[data-week="${WEEK}"][data-status="acknowledged"]`).waitFor();
    await popup.reload();
    await popup.getByTestId('sync-line').click();
    await popup.getByText('See exactly what is sent').click();
    expect(MemberSnapshot.parse(JSON.parse(await popup.locator('#sync-last-json').innerText()))).toEqual(preview);
    await popup.close();
    await options.close();
  });

  it('5. no canary, conversation path or site in anything the collector received or stored', async () => {
    const text = JSON.stringify(collector!.received) + (await collector!.databaseText());
    expect(text.length).toBeGreaterThan(200);
    expect(text).toContain(preview!.pseudonym); // the search does reach the payloads
    for (const secret of [CANARY, CANARY.slice(0, 16), conversationPath, drivers.chatgpt.host]) {
      expect(secret.length).toBeGreaterThan(3);
      expect(text).not.toContain(secret);
    }
  });

  it('6. "Delete everything" withdraws the open week from the collector', async () => {
    const options = await open(OPTIONS_URL);
    await options.getByRole('button', { name: 'Delete all my data…' }).click();
    await options.getByRole('button', { name: 'Delete everything', exact: true }).click();
    await options.getByRole('status').filter({ hasText: /was deleted/i }).first().waitFor({ timeout: 30_000 });
    const deletes = collector!.received.filter((r) => r.method === 'DELETE');
    expect(deletes.map((d) => [d.path, d.status])).toEqual([[`/v1/snapshots/${preview!.pseudonym}`, 204]]);
    expect(await collector!.snapshotsOf(WEEK)).toEqual([]);
    // The week's secret is gone from the browser too; policy keeps sync on, so only the current week may be queued.
    const left = await syncRows();
    expect(left.filter((r) => r.week === WEEK || r.pseudonym === preview!.pseudonym)).toEqual([]);
    expect(left.every((r) => r.week === isoWeekOf(today) && r.sentAt === null)).toBe(true);
    await options.close();
  });
});
