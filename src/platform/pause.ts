import { browser } from 'wxt/browser';
import { activePause, newPause, type PauseKind, type PauseState } from '../data/pause';
import { loadConfig } from './config-store';

export type { PauseKind, PauseState } from '../data/pause';

/** The storage.local key of the person's pause. Absent = recording. */
export const PAUSE_KEY = 'pause';

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
): Promise<{ ok: true; state: PauseState } | { ok: false; error: string }> {
  const config = await loadConfig();
  if (!config.values.allowUserPause) {
    return { ok: false, error: 'Your organisation does not allow pausing Leadline. Ask your IT team if you need it.' };
  }
  const state = newPause(kind, now);
  await browser.storage.local.set({ [PAUSE_KEY]: state });
  return { ok: true, state };
}

export async function resume(): Promise<void> {
  await browser.storage.local.remove(PAUSE_KEY);
}

/** Whether the background should drop events now: a pause is in force and policy allows pausing. */
export async function isRecordingPaused(allowUserPause: boolean, now: number = Date.now()): Promise<boolean> {
  return allowUserPause && (await readPause(now)) !== null;
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
