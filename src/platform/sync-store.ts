import { browser } from 'wxt/browser';
import { EMPTY_STATE, type SyncState, type SyncWeekRow } from '../sync/queue';
import { defaultDb, type LeadlineDB } from './db';

/**
 * The sync job's state in IndexedDB (Dexie version 5): one row per week and
 * destination, and one state row. It survives worker and browser restarts,
 * which is what makes a resend reuse the week's pseudonym.
 */
const STATE_KEY = 'state';
/**
 * Set after "Delete everything": the weeks before this one are never sent, even if policy keeps
 * sync on. Kept in storage.local, outside the tables "Delete everything" empties: it is a week
 * number and says nothing about the person.
 */
const NOT_BEFORE_KEY = 'syncNotBefore';

export async function readSyncState(db: LeadlineDB = defaultDb()): Promise<SyncState> {
  const v = (await db.syncState.get(STATE_KEY))?.value as Partial<SyncState> | undefined;
  return { ...EMPTY_STATE, ...(v ?? {}) };
}

export async function writeSyncState(state: SyncState, db: LeadlineDB = defaultDb()): Promise<void> {
  await db.syncState.put({ key: STATE_KEY, value: state });
}

export async function readNotBefore(): Promise<string | null> {
  const v = (await browser.storage.local.get(NOT_BEFORE_KEY))[NOT_BEFORE_KEY];
  return typeof v === 'string' ? v : null;
}

export async function writeNotBefore(week: string): Promise<void> {
  await browser.storage.local.set({ [NOT_BEFORE_KEY]: week });
}

export async function readSyncRows(db: LeadlineDB = defaultDb()): Promise<SyncWeekRow[]> {
  return db.syncWeeks.orderBy('week').toArray();
}

export async function putSyncRows(rows: readonly SyncWeekRow[], db: LeadlineDB = defaultDb()): Promise<void> {
  if (rows.length > 0) await db.syncWeeks.bulkPut([...rows]);
}

// ---- signals between the pages and the background (storage.onChanged wakes the worker) ----------

const REQUEST_KEY = 'syncRequest';
const CHANGED_KEY = 'syncChangedAt';

/** Asks the background to run the job now ("Send now"). */
export async function requestSyncNow(): Promise<void> {
  await browser.storage.local.set({ [REQUEST_KEY]: Date.now() });
}

export function onSyncRequested(cb: () => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && changes[REQUEST_KEY]?.newValue !== undefined) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Tells open pages that the queue changed (they re-read it from IndexedDB). */
export async function announceSyncChanged(): Promise<void> {
  await browser.storage.local.set({ [CHANGED_KEY]: Date.now() }).catch(() => undefined);
}

export function onSyncChanged(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && CHANGED_KEY in changes) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
