/**
 * Pausing, as plain data: what the person chose and until when. The platform
 * layer stores it (`src/platform/pause.ts`); everything that decides lives
 * here so it is tested without a browser.
 */
export interface PauseState {
  /** Epoch ms when recording resumes by itself; null = only when the person resumes it. */
  until: number | null;
  /** Epoch ms when the pause began. */
  since: number;
}

export const PAUSE_KINDS = ['hour', 'tomorrow', 'resumed'] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];

const HOUR_MS = 3_600_000;

/**
 * The first instant of the next local day. Built from calendar fields, never
 * as now + 24 h, so a day of 23 or 25 hours (DST) still ends at midnight; where
 * midnight itself is skipped (clocks jump 00:00 → 01:00), the Date constructor
 * lands on the first instant that exists.
 */
export function nextLocalMidnight(now: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 0, 0, 0, 0).getTime();
}

/** When a pause of this kind, started now, ends. */
export function pauseUntil(kind: PauseKind, now: number): number | null {
  switch (kind) {
    case 'hour':
      return now + HOUR_MS;
    case 'tomorrow':
      return nextLocalMidnight(now);
    case 'resumed':
      return null;
  }
}

export function newPause(kind: PauseKind, now: number): PauseState {
  return { until: pauseUntil(kind, now), since: now };
}

/**
 * The stored value as a pause, or null when there is none. A malformed value
 * reads as "not paused": recording is the documented default, and the popup
 * shows the state, so a person is never silently left unrecorded by a bad write.
 */
export function parsePause(raw: unknown): PauseState | null {
  if (!raw || typeof raw !== 'object') return null;
  const { until, since } = raw as Record<string, unknown>;
  if (typeof since !== 'number' || !Number.isFinite(since)) return null;
  if (until !== null && (typeof until !== 'number' || !Number.isFinite(until))) return null;
  return { until, since };
}

/** The pause in force at `now`: an expired one reads as none. */
export function activePause(raw: unknown, now: number): PauseState | null {
  const state = parsePause(raw);
  if (!state) return null;
  return state.until === null || state.until > now ? state : null;
}
