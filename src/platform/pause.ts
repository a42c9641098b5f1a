import { browser } from 'wxt/browser';
import { activePause, newPause, parsePause, type PauseKind, type PauseState } from '../data/pause';
import type { PauseWindow } from '../ingest/types';
import { loadConfig } from './config-store';

export type { PauseKind, PauseState } from '../data/pause';

/** The storage.local key of the person's pause. Absent = recording. */
export const PAUSE_KEY = 'pause';
/** The pause before the current one, as it actually ran: events a tab sends late are still judged by it. */
export const LAST_PAUSE_KEY = 'lastPause';

/** The pause in force now, or null (none, expired, or unreadable). */
export async function readPause(now: number = Date.now()): Promise<PauseState | null> {
  const stored = await browser.storage.local.get(PAUSE_KEY);
  return activePause(stored[PAUSE_KEY], now);
}

/**
 * Pauses recording: for an hour, until the next local midnight, or until the
 * person resumes. Refused when policy does not allow pausing, with the reason
 * to show.
 */
export async function pauseFor(
  kind: PauseKind,
  now: number = Date.now(),
): Promise<{ ok: true; state: PauseState } | { ok: false; reason: 'not_allowed'; error: string }> {
  const config = await loadConfig();
  if (!config.values.allowUserPause) {
    // `reason` is for the popup to say in the person's language; `error` is the English detail.
    return { ok: false, reason: 'not_allowed', error: 'Your organisation does not allow pausing Leadline. Ask your IT team if you need it.' };
  }
  const state = newPause(kind, now);
  await browser.storage.local.set({ [PAUSE_KEY]: state, ...(await endedPause(now)) });
  return { ok: true, state };
}

export async function resume(now: number = Date.now()): Promise<void> {
  await browser.storage.local.set(await endedPause(now));
  await browser.storage.local.remove(PAUSE_KEY);
}

/** The stored pause as it ran (ended now, or earlier if it had run out), to keep as the last one. */
async function endedPause(now: number): Promise<Record<string, PauseState>> {
  const previous = parsePause((await browser.storage.local.get(PAUSE_KEY))[PAUSE_KEY]);
  if (!previous) return {};
  const until = previous.until === null ? now : Math.min(previous.until, now);
  return { [LAST_PAUSE_KEY]: { since: previous.since, until } };
}

/**
 * The pauses the background judges arriving events by: the current one (even
 * if it has run out) and the one before. None when policy does not allow
 * pausing, since then a pause set earlier no longer counts.
 */
export async function pauseWindows(allowUserPause: boolean): Promise<PauseWindow[]> {
  if (!allowUserPause) return [];
  const stored = await browser.storage.local.get([PAUSE_KEY, LAST_PAUSE_KEY]);
  return [parsePause(stored[PAUSE_KEY]), parsePause(stored[LAST_PAUSE_KEY])].filter((p): p is PauseState => p !== null);
}

/**
 * Calls back with the pause in force whenever it changes, and when a timed
 * pause runs out (nothing is written then, so storage alone would never say).
 * Returns a function that stops watching.
 */
export function watchPause(onChange: (state: PauseState | null) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let changed = false;
  const expireLater = (state: PauseState | null) => {
    clearTimeout(timer);
    timer = undefined;
    // setTimeout overflows past ~24.8 days; a longer pause is re-read on the next change instead.
    if (state?.until != null && state.until - Date.now() < 2 ** 31 - 1) {
      timer = setTimeout(() => onChange(null), Math.max(0, state.until - Date.now()));
    }
  };
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(PAUSE_KEY in changes)) return;
    changed = true;
    const state = activePause(changes[PAUSE_KEY]?.newValue, Date.now());
    expireLater(state);
    onChange(state);
  };
  browser.storage.onChanged.addListener(listener);
  // The first read must not undo a timer set by a change that overtook it.
  void readPause().then((state) => changed || expireLater(state), () => undefined);
  return () => {
    clearTimeout(timer);
    browser.storage.onChanged.removeListener(listener);
  };
}
