/**
 * The weekly queue: which weeks to send, to where, and what an answer does
 * to them. Pure: the platform reads the rows and the state, calls these, and
 * writes back what they return.
 *
 * A row is one week for one destination (collector URL + team). A week's
 * pseudonym and withdrawal secret belong to its row, so a resend of the week
 * to the same destination reuses them (the collector replaces its copy),
 * while a new destination gets a new row, built afresh (a snapshot is never
 * sent anywhere it was not built for).
 */
import type { MemberSnapshot } from '../contract/sync';
import { MAX_SNAPSHOTS_PER_BATCH } from '../contract/sync';
import { addWeeks, isoWeekOf, weekAcceptedFrom, weekClosesAt, weekEnd, weeksBetween } from '../contract/week';
import { backoffDelay } from './backoff';
import type { Outcome, SyncError } from './errors';
import type { WeekIdentity } from './identity';

export interface Destination {
  /** The collector's base URL, as configured (no trailing slash). */
  url: string;
  team: string;
}

export type WeekStatus =
  /** Waiting: the week is not over, or the next attempt is later. */
  | 'pending'
  /** Handed to the network; no answer yet. A worker stopped here resends (same pseudonym: it replaces). */
  | 'sent'
  /** The collector answered 200: done. */
  | 'acknowledged'
  /** The destination changed before it was acknowledged; kept only so it can be withdrawn. */
  | 'superseded'
  /** The week closed at the collector before it got there. */
  | 'dropped';

export interface SyncWeekRow extends WeekIdentity {
  /** `${week}|${url}|${team}`. */
  id: string;
  week: string;
  destination: Destination;
  status: WeekStatus;
  createdAt: number;
  /** Failures in a row since the last success (the backoff exponent). */
  failures: number;
  /** Epoch ms; 0 = as soon as the week is complete. */
  nextAttemptAt: number;
  lastError: SyncError | null;
  /** Last time it went to the network (null: never, so nothing to withdraw). */
  sentAt: number | null;
  acknowledgedAt: number | null;
  /** The snapshot as last sent. */
  snapshot: MemberSnapshot | null;
}

export interface SyncState {
  /** The earliest week that may be sent; null while sync is off. */
  firstWeek: string | null;
  /** A 4xx that is not retried until the configuration (fingerprint) changes. */
  block: { fingerprint: string; error: SyncError } | null;
  lastSuccessAt: number | null;
  lastError: SyncError | null;
}

export const EMPTY_STATE: SyncState = { firstWeek: null, block: null, lastSuccessAt: null, lastError: null };

export function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

export function rowId(week: string, d: Destination): string {
  return `${week}|${normaliseUrl(d.url)}|${d.team}`;
}

export function sameDestination(a: Destination, b: Destination): boolean {
  return normaliseUrl(a.url) === normaliseUrl(b.url) && a.team === b.team;
}

/** The week to start from when sync is turned on: the week just completed is sent too; nothing older, ever. */
export function firstWeekOnEnable(today: string): string {
  return addWeeks(isoWeekOf(today), -1);
}

/** A week is complete once the person's local Sunday has ended. */
export function isComplete(week: string, today: string): boolean {
  return today > weekEnd(week);
}

/** Weeks from `first` through the current one, oldest first. */
export function weeksFrom(first: string, today: string): string[] {
  const current = isoWeekOf(today);
  const n = weeksBetween(first, current);
  if (n < 0) return [current];
  return Array.from({ length: n + 1 }, (_, i) => addWeeks(first, i));
}

export interface Plan {
  /** Rows to write (new, superseded, dropped). */
  upserts: SyncWeekRow[];
  /** Rows to send now, oldest week first, at most one batch. */
  due: SyncWeekRow[];
  /** When a pending row next becomes due, for the retry alarm (null: only the hourly check). */
  wakeAt: number | null;
}

export interface PlanInput {
  rows: readonly SyncWeekRow[];
  state: SyncState;
  destination: Destination;
  now: number;
  /** The person's local day. */
  today: string;
  /** Whether a blocked 4xx still applies (the configuration did not change since). */
  blocked: boolean;
  newIdentity: () => Promise<WeekIdentity>;
}

/**
 * Decides, for every week from `state.firstWeek` through the current week,
 * what to do. The current week gets its row early (so the preview shows the
 * pseudonym that will be used) but is never due before its Sunday has ended.
 */
export async function planSync(input: PlanInput): Promise<Plan> {
  const { rows, state, destination, now, today } = input;
  const upserts: SyncWeekRow[] = [];
  const due: SyncWeekRow[] = [];
  let wakeAt: number | null = null;
  if (state.firstWeek === null) return { upserts, due, wakeAt };
  const byWeek = new Map<string, SyncWeekRow[]>();
  for (const r of rows) byWeek.set(r.week, [...(byWeek.get(r.week) ?? []), r]);

  for (const week of weeksFrom(state.firstWeek, today)) {
    const mine = byWeek.get(week) ?? [];
    if (mine.some((r) => r.status === 'acknowledged' || r.status === 'dropped')) continue;
    // Anything open for another destination is superseded: it never goes anywhere again.
    for (const r of mine) {
      if ((r.status === 'pending' || r.status === 'sent') && !sameDestination(r.destination, destination)) {
        upserts.push({ ...r, status: 'superseded' });
      }
    }
    let row = mine.find((r) => (r.status === 'pending' || r.status === 'sent') && sameDestination(r.destination, destination));
    if (now >= weekClosesAt(week)) {
      if (row) upserts.push({ ...row, status: 'dropped', lastError: { kind: 'http', code: 'week_closed', at: now } });
      continue;
    }
    if (!row) {
      row = newRow(week, destination, now, await input.newIdentity());
      upserts.push(row);
    }
    if (!isComplete(week, today)) continue;
    const from = Math.max(row.nextAttemptAt, weekAcceptedFrom(week));
    if (input.blocked) continue;
    if (from <= now) due.push(row);
    else wakeAt = wakeAt === null ? from : Math.min(wakeAt, from);
  }
  return { upserts, due: due.slice(0, MAX_SNAPSHOTS_PER_BATCH), wakeAt };
}

export function newRow(week: string, destination: Destination, now: number, id: WeekIdentity): SyncWeekRow {
  return {
    ...id,
    id: rowId(week, destination),
    week,
    destination: { url: normaliseUrl(destination.url), team: destination.team },
    status: 'pending',
    createdAt: now,
    failures: 0,
    nextAttemptAt: 0,
    lastError: null,
    sentAt: null,
    acknowledgedAt: null,
    snapshot: null,
  };
}

/** The rows as they go out: 'sent', with the snapshot each carries. */
export function markSent(rows: readonly SyncWeekRow[], snapshots: readonly MemberSnapshot[], now: number): SyncWeekRow[] {
  return rows.map((r, i) => ({ ...r, status: 'sent', sentAt: now, snapshot: snapshots[i] ?? null }));
}

/** What an answer does to the rows of the batch and to the state. */
export function applyOutcome(
  batch: readonly SyncWeekRow[],
  outcome: Outcome,
  state: SyncState,
  fingerprint: string,
  now: number,
  random: () => number = Math.random,
): { rows: SyncWeekRow[]; state: SyncState } {
  switch (outcome.kind) {
    case 'ok':
      return {
        rows: batch.map((r) => ({ ...r, status: 'acknowledged', acknowledgedAt: now, failures: 0, lastError: null, nextAttemptAt: 0 })),
        state: { ...state, lastSuccessAt: now, lastError: null, block: null },
      };
    case 'retry': {
      const rows = batch.map((r): SyncWeekRow => {
        const failures = r.failures + 1;
        const delay = outcome.retryAfterMs ?? backoffDelay(failures, random);
        return { ...r, status: 'pending', failures, nextAttemptAt: now + delay, lastError: outcome.error };
      });
      return { rows, state: { ...state, lastError: outcome.error } };
    }
    case 'closed': {
      const closed = new Set(outcome.indexes ?? batch.map((_, i) => i));
      const rows = batch.map((r, i): SyncWeekRow =>
        closed.has(i)
          ? { ...r, status: 'dropped', lastError: outcome.error }
          : // The others were refused with the batch: send them again at once, without the closed week.
            { ...r, status: 'pending', nextAttemptAt: 0 },
      );
      return { rows, state: { ...state, lastError: outcome.error } };
    }
    case 'blocked':
      return {
        rows: batch.map((r) => ({ ...r, status: 'pending', lastError: outcome.error })),
        state: { ...state, lastError: outcome.error, block: { fingerprint, error: outcome.error } },
      };
  }
}

/** Whether a recorded block still holds: it does until the configuration it was met under changes. */
export function stillBlocked(state: SyncState, fingerprint: string): boolean {
  return state.block !== null && state.block.fingerprint === fingerprint;
}

/** Rows that may be at a collector now and can still be withdrawn there (by its own destination's URL). */
export function withdrawable(rows: readonly SyncWeekRow[], now: number): SyncWeekRow[] {
  return rows.filter((r) => r.sentAt !== null && r.status !== 'dropped' && now < weekClosesAt(r.week));
}
