import { browser } from 'wxt/browser';
import { activePause, type PauseState } from '../data/pause';

/**
 * Reading the pause, apart from pause.ts: the popup shows whether recording
 * is on in its first paint, and pausing (which checks the organisation's
 * settings, and so loads the configuration contract) is only needed on a click.
 */
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
