import { browser } from 'wxt/browser';
import { newPause, parsePause, type PauseKind, type PauseState } from '../data/pause';
import type { PauseWindow } from '../ingest/types';
import { loadConfig } from './config-store';
import { LAST_PAUSE_KEY, PAUSE_KEY } from './pause-read';

export { LAST_PAUSE_KEY, PAUSE_KEY, readPause, watchPause } from './pause-read';

export type { PauseKind, PauseState } from '../data/pause';

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
