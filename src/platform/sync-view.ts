import { browser } from 'wxt/browser';
import { localDay } from '../contract/day';
import type { MemberSnapshot } from '../contract/sync';
import { isoWeekOf } from '../contract/week';
import { isComplete, sameDestination, type SyncState, type SyncWeekRow } from '../sync/queue';
import type { SyncSettings } from '../sync/settings';
import { buildSnapshot, snapshotWindowStart } from '../sync/snapshot';
import { readRollupsSince } from './db';
import { currentSyncSettings, nextSyncAlarm } from './sync-job';
import { readSyncRows, readSyncState } from './sync-store';

/**
 * What the popup and the options page show about sync: whether it runs and
 * who decided, the queue, and the exact JSON of the next snapshot (built the
 * way the job builds it, with the pseudonym it will carry) and of the last
 * one sent. Never the enrollment token or a withdrawal secret.
 */
export interface SyncView {
  settings: Omit<SyncSettings, 'token'>;
  /** The enrollment token, masked: whether one is set and its visible prefix. */
  tokenPrefix: string | null;
  state: SyncState;
  /** One row per week sent or queued, newest first, without secrets. */
  weeks: Array<Omit<SyncWeekRow, 'withdrawalSecret'>>;
  next: { week: string; complete: boolean; snapshot: MemberSnapshot } | null;
  lastSent: { week: string; at: number; snapshot: MemberSnapshot } | null;
  /** The next automatic attempt (retry alarm or hourly check), epoch ms. */
  nextAttemptAt: number | null;
}

export async function readSyncView(now: number = Date.now()): Promise<SyncView> {
  const [{ token, config: _config, ...settings }, state, rows, alarm] = await Promise.all([
    currentSyncSettings(),
    readSyncState(),
    readSyncRows(),
    nextSyncAlarm().catch(() => null),
  ]);
  const today = localDay(now);
  const open = rows
    .filter((r) => (r.status === 'pending' || r.status === 'sent') && sameDestination(r.destination, settings.destination))
    .sort((a, b) => (a.week < b.week ? -1 : 1));
  let next: SyncView['next'] = null;
  const upcoming = settings.on ? open[0] : undefined;
  if (upcoming) {
    const rollups = await readRollupsSince(snapshotWindowStart(upcoming.week));
    next = {
      week: upcoming.week,
      complete: isComplete(upcoming.week, today),
      snapshot: buildSnapshot(rollups, upcoming.week, {
        team: upcoming.destination.team,
        pseudonym: upcoming.pseudonym,
        withdrawalHash: upcoming.withdrawalHash,
        extensionVersion: browser.runtime.getManifest().version,
      }),
    };
  }
  const acknowledged = rows.filter((r) => r.status === 'acknowledged' && r.snapshot).sort((a, b) => (b.acknowledgedAt ?? 0) - (a.acknowledgedAt ?? 0));
  const last = acknowledged[0];
  return {
    settings,
    tokenPrefix: token ? token.slice(0, token.indexOf('_', 3) + 1 || 3) : null,
    state,
    weeks: rows
      .filter((r) => r.status !== 'superseded' && !(r.status === 'pending' && r.sentAt === null && r.week === isoWeekOf(today)))
      .map(({ withdrawalSecret: _secret, ...r }) => r)
      .sort((a, b) => (a.week < b.week ? 1 : -1)),
    next,
    lastSent: last?.snapshot ? { week: last.week, at: last.acknowledgedAt ?? 0, snapshot: last.snapshot } : null,
    nextAttemptAt: settings.on && !state.block ? nextAttemptOf(rows, alarm, now) : null,
  };
}

function nextAttemptOf(rows: readonly SyncWeekRow[], alarm: number | null, now: number): number | null {
  const pending = rows.filter((r) => r.status === 'pending' && r.nextAttemptAt > now).map((r) => r.nextAttemptAt);
  const all = [...pending, ...(alarm !== null ? [alarm] : [])];
  return all.length > 0 ? Math.min(...all) : null;
}
