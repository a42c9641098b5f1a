import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addDays, localDay } from '../contract/day';
import { DexieIngestStore, LeadlineDB, readPrunedBefore } from './db';
import { RETENTION_ALARM, scheduleRetention } from './retention';
import { BASE_TS, event } from './store.testkit';

describe('scheduled retention', () => {
  let db: LeadlineDB;
  beforeEach(() => {
    fakeBrowser.reset();
    db = new LeadlineDB(`retention-${Math.random()}`);
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  it('prunes at browser start with the configured retention, sets a daily alarm once, and prunes again when it fires', async () => {
    await new DexieIngestStore(db).commit({ events: [event(1)], links: [], health: [], counters: {} });
    let days = 60;
    let now = BASE_TS + 40 * 86_400_000;
    scheduleRetention(() => days, { db, now: () => now });
    await fakeBrowser.runtime.onStartup.trigger(); // the browser starts
    await vi.waitFor(async () => expect(await readPrunedBefore(db)).toBe(addDays(localDay(now), -60)));
    expect(await db.events.count()).toBe(1);
    const alarm = await fakeBrowser.alarms.get(RETENTION_ALARM);
    expect(alarm?.periodInMinutes).toBe(24 * 60);

    days = 30;
    now += 86_400_000;
    await fakeBrowser.alarms.onAlarm.trigger(alarm!);
    await vi.waitFor(async () => expect(await db.events.count()).toBe(0));
    expect(await db.rollups.count()).toBe(1);

    // A second worker start keeps the existing alarm (and so its schedule).
    await fakeBrowser.alarms.create(RETENTION_ALARM, { periodInMinutes: 24 * 60, when: 123 });
    await scheduleRetention(() => days, { db, now: () => now }).ready;
    expect((await fakeBrowser.alarms.get(RETENTION_ALARM))?.scheduledTime).toBe(123);
  });

  it('does not prune at a worker start that is not a browser start (the worker wakes for every batch)', async () => {
    const { ready } = scheduleRetention(() => 30, { db, now: () => BASE_TS });
    await ready; // its start-up work is done, and it did not prune
    expect(await readPrunedBefore(db)).toBeUndefined();
    // The same worker does prune once the browser starts: the absence above was not a slow start.
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(async () => expect(await readPrunedBefore(db)).toBe(addDays(localDay(BASE_TS), -30)));
  });

  it('survives a failed run without throwing into the worker, and the next run prunes', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let fail = true;
    const { run } = scheduleRetention(() => (fail ? Promise.reject(new Error('config unreadable')) : 30), { db, now: () => BASE_TS });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update' } as never);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringMatching(/retried/), expect.any(Error)));
    fail = false;
    await expect(run()).resolves.toMatchObject({ prunedBefore: addDays(localDay(BASE_TS), -30) });
    warn.mockRestore();
  });
});
