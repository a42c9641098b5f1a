import { browser } from 'wxt/browser';
import { localDay } from '../contract/day';
import type { MemberSnapshot } from '../contract/sync';
import { isoWeekOf } from '../contract/week';
import { classifyResponse, networkFailure, type Outcome } from '../sync/errors';
import { newWeekIdentity, sha256Hex } from '../sync/identity';
import {
  applyOutcome,
  firstWeekOnEnable,
  markSent,
  planSync,
  stillBlocked,
  withdrawable,
  type SyncState,
  type SyncWeekRow,
} from '../sync/queue';
import { fingerprintSource, syncSettings, type SyncSettings } from '../sync/settings';
import { buildSnapshot, snapshotWindowStart } from '../sync/snapshot';
import { loadConfig } from './config-store';
import { defaultDb, readRollupsSince, type LeadlineDB } from './db';
import {
  announceSyncChanged,
  putSyncRows,
  readNotBefore,
  readSyncRows,
  readSyncState,
  writeNotBefore,
  writeSyncState,
} from './sync-store';

/**
 * The weekly sync job, run in the background by alarms (an hourly check whose
 * minute is random per install, so a fleet does not arrive at once, plus a
 * one-off alarm for the next retry), at browser start, when the configuration
 * changes, and on "Send now". Every decision is in src/sync; this file reads,
 * writes, fetches and schedules.
 */
export const CHECK_ALARM = 'leadline-sync-check';
export const RETRY_ALARM = 'leadline-sync-retry';
const CHECK_PERIOD_MINUTES = 60;
const REQUEST_TIMEOUT_MS = 30_000;
/** More than 100 weeks waiting cannot happen (weeks close after 14 days), but a loop must end. */
const MAX_BATCHES_PER_RUN = 5;

const DATA_COLLECTION = { data_collection: ['websiteActivity'] } as unknown as Parameters<typeof browser.permissions.contains>[0];

/** Firefox declares optional data-collection permissions in its manifest; other browsers have none to ask for. */
export function asksDataConsent(): boolean {
  type Gecko = { browser_specific_settings?: { gecko?: { data_collection_permissions?: unknown } } };
  try {
    return (browser.runtime.getManifest() as Gecko).browser_specific_settings?.gecko?.data_collection_permissions !== undefined;
  } catch {
    return false; // no manifest to read (not an extension page)
  }
}

/** Whether sending is consented: always outside Firefox; in Firefox, the optional websiteActivity permission or IT's pre-grant. */
export async function hasDataConsent(preGranted: boolean): Promise<boolean> {
  if (!asksDataConsent() || preGranted) return true;
  try {
    return await browser.permissions.contains(DATA_COLLECTION);
  } catch {
    return false;
  }
}

/** Must be the first thing a click handler awaits: Firefox needs the user gesture for its prompt. */
export function requestDataConsent(): Promise<boolean> {
  if (!asksDataConsent()) return Promise.resolve(true);
  return browser.permissions.request(DATA_COLLECTION).catch(() => false);
}

export async function currentSyncSettings(): Promise<SyncSettings & { config: Awaited<ReturnType<typeof loadConfig>> }> {
  const config = await loadConfig();
  const consent = await hasDataConsent(config.values.consentPreGranted);
  return { ...syncSettings(config.values, config.sources, consent), config };
}

/** One run at a time across the worker and the pages (the options page withdraws under the same lock). */
export async function withSyncLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request('leadline-sync', fn) as Promise<T>;
  const run = chain.then(fn, fn);
  chain = run.catch(() => undefined);
  return run;
}
let chain: Promise<unknown> = Promise.resolve();

let inFlight: AbortController | null = null;
/** Turning sync off stops a send that is under way (its week stays queued, with the same pseudonym). */
export function abortSyncInFlight(): void {
  inFlight?.abort();
}

export interface RunOptions {
  /** "Send now": ignores the backoff and a standing 4xx, once. */
  force?: boolean;
  now?: () => number;
  db?: LeadlineDB;
  fetch?: typeof fetch;
  extensionVersion?: string;
}

export interface RunReport {
  on: boolean;
  sent: number;
  outcome: Outcome['kind'] | null;
}

export function runSync(opts: RunOptions = {}): Promise<RunReport> {
  return withSyncLock(() => runUnlocked(opts)).finally(() => void announceSyncChanged());
}

async function runUnlocked(opts: RunOptions): Promise<RunReport> {
  const now = opts.now ?? Date.now;
  const db = opts.db ?? defaultDb();
  const settings = await currentSyncSettings();
  // Policy not read yet (or its read failed): neither send nor turn off, since policy may say either; the next check decides.
  if (settings.config.policyUnknown) return { on: false, sent: 0, outcome: null };
  let state = await readSyncState(db);
  if (!settings.on) {
    if (state.firstWeek !== null) await turnOff(db, state);
    await browser.alarms.clear(RETRY_ALARM);
    await browser.alarms.clear(CHECK_ALARM);
    return { on: false, sent: 0, outcome: null };
  }
  await ensureCheckAlarm(settings.config.values.syncIntervalMinutes);
  const today = localDay(now());
  if (state.firstWeek === null) {
    const notBefore = await readNotBefore();
    const first = firstWeekOnEnable(today);
    state = { ...state, firstWeek: notBefore !== null && notBefore > first ? notBefore : first, lastError: null, block: null };
    await writeSyncState(state, db);
  }
  const fingerprint = await sha256Hex(fingerprintSource(settings));
  if (state.block && !stillBlocked(state, fingerprint)) {
    // The configuration changed since the 4xx: try again.
    state = { ...state, block: null };
    await writeSyncState(state, db);
  }
  let sent = 0;
  let outcome: Outcome['kind'] | null = null;
  let wakeAt: number | null = null;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const stored = await readSyncRows(db);
    const rows = opts.force && batch === 0 ? stored.map((r) => ({ ...r, nextAttemptAt: 0 })) : stored;
    const plan = await planSync({
      rows,
      state,
      destination: settings.destination,
      now: now(),
      today,
      blocked: stillBlocked(state, fingerprint) && !(opts.force && batch === 0),
      newIdentity: newWeekIdentity,
    });
    await putSyncRows(plan.upserts, db);
    wakeAt = plan.wakeAt;
    if (plan.due.length === 0) break;
    // Built at send time from the rollups as they are now, for the destination of the row.
    const oldest = plan.due[0]!.week;
    const rollups = await readRollupsSince(snapshotWindowStart(oldest), db);
    const version = opts.extensionVersion ?? browser.runtime.getManifest().version;
    const snapshots = plan.due.map((r) =>
      buildSnapshot(rollups, r.week, { team: r.destination.team, pseudonym: r.pseudonym, withdrawalHash: r.withdrawalHash, extensionVersion: version }),
    );
    // Turned off while this run was reading: nothing leaves.
    if (!(await currentSyncSettings()).on) break;
    const going = markSent(plan.due, snapshots, now());
    await putSyncRows(going, db);
    const result = await post(settings, snapshots, now, opts.fetch ?? fetch);
    if (result === 'aborted') {
      await putSyncRows(going.map((r) => ({ ...r, status: 'pending' })), db);
      break;
    }
    const applied = applyOutcome(going, result, state, fingerprint, now());
    state = applied.state;
    await putSyncRows(applied.rows, db);
    await writeSyncState(state, db);
    outcome = result.kind;
    if (result.kind === 'ok') sent += going.length;
    if (result.kind === 'retry' || result.kind === 'blocked') break;
  }
  await scheduleRetry(db, wakeAt);
  return { on: true, sent, outcome };
}

async function post(settings: SyncSettings, snapshots: MemberSnapshot[], now: () => number, doFetch: typeof fetch): Promise<Outcome | 'aborted'> {
  const controller = new AbortController();
  inFlight = controller;
  try {
    const res = await doFetch(`${settings.destination.url}/v1/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${settings.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ snapshots }),
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    const body: unknown = await res.json().catch(() => null);
    return classifyResponse(res.status, body, res.headers.get('retry-after'), now());
  } catch {
    if (controller.signal.aborted) return 'aborted';
    return networkFailure(now());
  } finally {
    if (inFlight === controller) inFlight = null;
  }
}

/** Sync turned off: weeks never sent leave the queue; weeks that may be at a collector stay, to be withdrawn. */
async function turnOff(db: LeadlineDB, state: SyncState): Promise<void> {
  await db.transaction('rw', db.syncWeeks, db.syncState, async () => {
    await db.syncWeeks.filter((r) => r.sentAt === null && r.status === 'pending').delete();
    await writeSyncState({ ...state, firstWeek: null, block: null }, db);
  });
}

/**
 * The check (hourly unless policy sets syncIntervalMinutes), at a moment within the period that is
 * random per install, so a fleet does not arrive at once; created again at every start, and left
 * alone when it exists with the right period (its random phase is kept).
 */
export async function ensureCheckAlarm(periodInMinutes: number = CHECK_PERIOD_MINUTES): Promise<void> {
  const existing = await browser.alarms.get(CHECK_ALARM);
  if (existing && existing.periodInMinutes === periodInMinutes) return;
  await browser.alarms.create(CHECK_ALARM, { delayInMinutes: 1 + Math.random() * (periodInMinutes - 1), periodInMinutes });
}

async function scheduleRetry(db: LeadlineDB, wakeAt: number | null): Promise<void> {
  const rows = await readSyncRows(db);
  const state = await readSyncState(db);
  const times = state.block ? [] : rows.filter((r) => r.status === 'pending' && r.nextAttemptAt > 0).map((r) => r.nextAttemptAt);
  if (wakeAt !== null) times.push(wakeAt);
  await browser.alarms.clear(RETRY_ALARM);
  if (times.length > 0) await browser.alarms.create(RETRY_ALARM, { when: Math.max(Date.now() + 1000, Math.min(...times)) });
}

/** When the next automatic attempt is: the retry alarm, else the hourly check. */
export async function nextSyncAlarm(): Promise<number | null> {
  const [retry, check] = await Promise.all([browser.alarms.get(RETRY_ALARM), browser.alarms.get(CHECK_ALARM)]);
  const times = [retry?.scheduledTime, check?.scheduledTime].filter((t): t is number => typeof t === 'number');
  return times.length > 0 ? Math.min(...times) : null;
}

/** Runs the job when one of its alarms fires. Registered synchronously at worker start. */
export function onSyncAlarm(run: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CHECK_ALARM || alarm.name === RETRY_ALARM) run();
  });
}

/** At every worker start: alarms may not survive a restart, so the hourly check is made again if sync is on. */
export async function restoreSyncAlarm(): Promise<void> {
  const s = await currentSyncSettings();
  if (s.on) await ensureCheckAlarm(s.config.values.syncIntervalMinutes);
}

// ---- withdrawal ("Delete everything") -------------------------------------------------------------

export interface WithdrawReport {
  withdrawn: string[];
  /** Weeks still at a collector that could not be reached (or answered an error). */
  failed: string[];
}

/**
 * Withdraws every snapshot that may still be open at a collector, each from
 * the destination it was sent to, with its own withdrawal secret. 404 counts
 * as withdrawn (it is not there, or no longer open).
 */
export function withdrawOpenWeeks(opts: WithdrawOptions = {}): Promise<WithdrawReport> {
  return withSyncLock(() => withdrawUnlocked(opts));
}

interface WithdrawOptions {
  now?: number;
  db?: LeadlineDB;
  fetch?: typeof fetch;
}

async function withdrawUnlocked(opts: WithdrawOptions): Promise<WithdrawReport> {
  const db = opts.db ?? defaultDb();
  const doFetch = opts.fetch ?? fetch;
  abortSyncInFlight();
  const rows = withdrawable(await readSyncRows(db), opts.now ?? Date.now());
  const results = await Promise.all(rows.map(async (r) => [r, await withdrawOne(r, doFetch)] as const));
  const withdrawn = new Set<string>();
  const failed = new Set<string>();
  for (const [r, ok] of results) (ok ? withdrawn : failed).add(r.week);
  return { withdrawn: [...withdrawn].sort(), failed: [...failed].sort() };
}

/**
 * "Delete everything" with sync: withdraw from the collector first, then
 * delete (which forgets the secrets), then mark the current week as the
 * first that may ever be sent, all under the sync lock so the job cannot
 * slip a send of the old weeks in between.
 */
export async function withdrawThenDelete(deleteAll: () => Promise<void>, opts: WithdrawOptions = {}): Promise<WithdrawReport> {
  const report = await withSyncLock(async () => {
    const r = await withdrawUnlocked(opts);
    await deleteAll();
    // Only where sync stays on (policy): otherwise nothing is kept, and turning it on later is a new start.
    if ((await currentSyncSettings()).on) await afterDeletion(opts.now ?? Date.now());
    return r;
  });
  if (report.withdrawn.length + report.failed.length > 0) await announceSyncChanged();
  return report;
}

/** After "Delete everything": weeks before the current one are never sent, even where policy keeps sync on. */
export async function afterDeletion(now: number = Date.now()): Promise<void> {
  await writeNotBefore(isoWeekOf(localDay(now)));
}


async function withdrawOne(r: SyncWeekRow, doFetch: typeof fetch): Promise<boolean> {
  try {
    const res = await doFetch(`${r.destination.url}/v1/snapshots/${r.pseudonym}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${r.withdrawalSecret}` },
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // 404: not there (never arrived) or no longer open: either way nothing of it can be read as open.
    return res.status === 204 || res.status === 200 || res.status === 404;
  } catch {
    return false;
  }
}
