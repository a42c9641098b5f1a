/**
 * When to try again after a failure that may pass (a network error, 429 or a
 * 5xx): full-jitter exponential backoff, sleep = random(0, min(cap, base·2ⁿ)),
 * so a fleet that failed together does not come back together; a
 * Retry-After from the collector wins, since it knows its own load.
 */

/** Alarms fire at most every 30 s (MV3), so nothing shorter can be honoured anyway. */
export const BACKOFF_BASE_MS = 30_000;
/** The hourly check runs anyway; six hours keeps a long outage from being hammered. */
export const BACKOFF_CAP_MS = 6 * 3_600_000;
/** A Retry-After longer than a day is read as a day: a week must still get through before it closes. */
export const RETRY_AFTER_MAX_MS = 24 * 3_600_000;
export const MIN_DELAY_MS = 30_000;

/** The delay before attempt `failures + 1`, after `failures` failures in a row (≥ 1). */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(MIN_DELAY_MS, Math.floor(random() * exp));
}

/**
 * Retry-After in milliseconds from `now`: delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Null when absent or unreadable (backoff applies).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (!Number.isFinite(at) || !/[a-z]/i.test(text)) return null;
    ms = at - now;
  }
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(MIN_DELAY_MS, ms));
}
