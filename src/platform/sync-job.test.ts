import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { localDay } from '../contract/day';
import { MemberSnapshot, SnapshotBatch } from '../contract/sync';
import { addWeeks, isoWeekOf, weekStart } from '../contract/week';
import { makeRollup } from '../metrics/arbitraries.testkit';
import { sha256Hex } from '../sync/identity';
import { LeadlineDB } from './db';
import { CHECK_ALARM, RETRY_ALARM, afterDeletion, runSync, withdrawOpenWeeks } from './sync-job';
import { readSyncRows, readSyncState } from './sync-store';

const URL_ = 'https://collector.example';
const SETTINGS = { syncEnabled: true, collectorUrl: URL_, enrollmentToken: 'll_enroll_abc', teamId: 'acme/sales' };
const LAST_WEEK = addWeeks(isoWeekOf(localDay(Date.now())), -1);

let db: LeadlineDB;
beforeEach(async () => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  // The Chrome build: no data-collection consent to ask for (Firefox's is an e2e run).
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Leadline', version: '0.1.0' });
  db = new LeadlineDB(`sync-${Math.random()}`);
  await db.rollups.bulkPut([makeRollup(weekStart(LAST_WEEK), { prompts: 6, conversations: 2, features: { web_search: 1 } }, { tool: 'claude' })]);
  await fakeBrowser.storage.local.set({ userSettings: SETTINGS });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

interface Call {
  url: string;
  method: string;
  auth: string | null;
  body: unknown;
}
/** A fetch that records what was asked and answers from a script (the last answer repeats). */
function fakeFetch(...answers: Array<(call: Call) => Response>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const call: Call = { url: String(url), method: init?.method ?? 'GET', auth: headers.get('authorization'), body: init?.body ? JSON.parse(String(init.body)) : null };
    calls.push(call);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return answer(call);
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}
const ok = () => Response.json({ accepted: 1, new: 1, replaced: 0 });
const error = (status: number, code: string, headers: Record<string, string> = {}) => () =>
  Response.json({ error: { code, message: code } }, { status, headers });
const down = () => {
  throw new TypeError('Failed to fetch');
};

describe('the sync job', () => {
  it('on the first run sends the week just completed, once, as a valid batch with the token; the row keeps what was sent', async () => {
    const net = fakeFetch(ok);
    expect(await runSync({ db, fetch: net.fetch })).toMatchObject({ on: true, sent: 1, outcome: 'ok' });
    expect(net.calls).toHaveLength(1);
    expect(net.calls[0]).toMatchObject({ url: `${URL_}/v1/snapshots`, method: 'POST', auth: 'Bearer ll_enroll_abc' });
    const batch = SnapshotBatch.parse(net.calls[0]!.body);
    expect(batch.snapshots.map((s) => [s.week, s.team, s.prompts, s.tools, s.features])).toEqual([[LAST_WEEK, 'acme/sales', '5-14', ['claude'], ['web_search']]]);
    const row = (await readSyncRows(db)).find((r) => r.week === LAST_WEEK)!;
    expect(row).toMatchObject({ status: 'acknowledged', pseudonym: batch.snapshots[0]!.pseudonym });
    expect(row.snapshot).toEqual(batch.snapshots[0]);
    expect(await sha256Hex(row.withdrawalSecret)).toBe(batch.snapshots[0]!.withdrawalHash);
    expect(await fakeBrowser.alarms.get(CHECK_ALARM)).toMatchObject({ periodInMinutes: 60 });
    // Acknowledged: the next runs send nothing, even "Send now".
    await runSync({ db, fetch: net.fetch });
    await runSync({ db, fetch: net.fetch, force: true });
    expect(net.calls).toHaveLength(1);
    expect((await readSyncState(db)).lastSuccessAt).not.toBeNull();
  });

  it('after a network failure schedules a retry and resends the same pseudonym', async () => {
    const net = fakeFetch(down, ok);
    expect(await runSync({ db, fetch: net.fetch })).toMatchObject({ outcome: 'retry' });
    const row = (await readSyncRows(db)).find((r) => r.week === LAST_WEEK)!;
    expect(row).toMatchObject({ status: 'pending', failures: 1, lastError: { kind: 'network' } });
    expect((await fakeBrowser.alarms.get(RETRY_ALARM))?.scheduledTime).toBe(row.nextAttemptAt);
    await runSync({ db, fetch: net.fetch, force: true });
    const [first, second] = net.calls.map((c) => SnapshotBatch.parse(c.body).snapshots[0]!);
    expect(second!.pseudonym).toBe(first!.pseudonym);
    expect(second).toEqual(first);
  });

  it('a revoked token (401) is not retried until the configuration changes', async () => {
    const net = fakeFetch(error(401, 'unauthorized'), ok);
    await runSync({ db, fetch: net.fetch });
    expect((await readSyncState(db)).lastError).toMatchObject({ status: 401, code: 'unauthorized' });
    await runSync({ db, fetch: net.fetch });
    await runSync({ db, fetch: net.fetch });
    expect(net.calls).toHaveLength(1);
    expect(await fakeBrowser.alarms.get(RETRY_ALARM)).toBeUndefined();
    await fakeBrowser.storage.local.set({ userSettings: { ...SETTINGS, enrollmentToken: 'll_enroll_new' } });
    expect(await runSync({ db, fetch: net.fetch })).toMatchObject({ outcome: 'ok' });
    expect(net.calls.map((c) => c.auth)).toEqual(['Bearer ll_enroll_abc', 'Bearer ll_enroll_new']);
  });

  it('honours Retry-After on 429', async () => {
    const net = fakeFetch(error(429, 'rate_limited', { 'retry-after': '600' }));
    const before = Date.now();
    await runSync({ db, fetch: net.fetch });
    const row = (await readSyncRows(db)).find((r) => r.week === LAST_WEEK)!;
    expect(row.nextAttemptAt).toBeGreaterThanOrEqual(before + 600_000);
    expect(row.nextAttemptAt).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('sends nothing while off, and turning it off clears its alarms and the weeks never sent', async () => {
    const net = fakeFetch(down);
    await runSync({ db, fetch: net.fetch });
    await fakeBrowser.storage.local.set({ userSettings: { ...SETTINGS, syncEnabled: false } });
    expect(await runSync({ db, fetch: net.fetch, force: true })).toMatchObject({ on: false });
    expect(net.calls).toHaveLength(1);
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    // The week that went out (it may have reached the collector) stays, to be withdrawn; the current week's row goes.
    expect((await readSyncRows(db)).map((r) => r.week)).toEqual([LAST_WEEK]);
    expect((await readSyncState(db)).firstWeek).toBeNull();
  });

  it('a team change rebuilds the pending week for the new team, with a new pseudonym', async () => {
    const net = fakeFetch(down, ok);
    await runSync({ db, fetch: net.fetch });
    await fakeBrowser.storage.local.set({ userSettings: { ...SETTINGS, teamId: 'acme/support' } });
    await runSync({ db, fetch: net.fetch, force: true });
    const [a, b] = net.calls.map((c) => SnapshotBatch.parse(c.body).snapshots[0]!);
    expect([a!.team, b!.team]).toEqual(['acme/sales', 'acme/support']);
    expect(b!.pseudonym).not.toBe(a!.pseudonym);
    expect(b!.withdrawalHash).not.toBe(a!.withdrawalHash);
  });

  it('"Delete everything": withdraws each week from its own destination with its secret, and says which could not be', async () => {
    const net = fakeFetch(down, ok);
    await runSync({ db, fetch: net.fetch }); // reached nobody, but it went out
    await fakeBrowser.storage.local.set({ userSettings: { ...SETTINGS, teamId: 'acme/support' } });
    await runSync({ db, fetch: net.fetch, force: true });
    const rows = (await readSyncRows(db)).filter((r) => r.sentAt !== null);
    expect(rows).toHaveLength(2);
    const gone = fakeFetch(() => new Response(null, { status: 204 }), down);
    const report = await withdrawOpenWeeks({ db, fetch: gone.fetch });
    expect(gone.calls.map((c) => [c.method, c.url, c.auth]).sort()).toEqual(
      rows.map((r) => ['DELETE', `${URL_}/v1/snapshots/${r.pseudonym}`, `Bearer ${r.withdrawalSecret}`]).sort(),
    );
    expect(report.withdrawn).toEqual([LAST_WEEK]);
    expect(report.failed).toEqual([LAST_WEEK]);
  });

  it('after "Delete everything" with sync still on, the week just completed is not sent again', async () => {
    await runSync({ db, fetch: fakeFetch(ok).fetch });
    await db.syncWeeks.clear();
    await db.syncState.clear();
    await afterDeletion(Date.now());
    const net = fakeFetch(ok);
    await runSync({ db, fetch: net.fetch, force: true });
    expect(net.calls).toEqual([]);
  });

  it('every snapshot it sends passes the contract', async () => {
    const net = fakeFetch(ok);
    await runSync({ db, fetch: net.fetch });
    for (const s of SnapshotBatch.parse(net.calls[0]!.body).snapshots) expect(MemberSnapshot.safeParse(s).success).toBe(true);
  });
});
