/**
 * Limits both sides of capture agree on. Zod-free and value-only, so the
 * content script can import it within its size budget.
 */

/**
 * The oldest event the background accepts, and the oldest an outbox keeps
 * trying to deliver. The outbox lives in the page's memory, so an event can
 * only be old if its tab stayed open: a laptop that slept overnight (up to a
 * day and a half) still delivers, while something dated days back is refused.
 */
export const MAX_EVENT_AGE_MS = 36 * 3600_000;
/** How far in the future an event may be dated (clocks of page and worker agree; this is slack). */
export const MAX_EVENT_SKEW_MS = 5 * 60_000;
/** Items one tab may deliver per minute; the rest are dropped and counted by kind. */
export const TAB_ITEMS_PER_MINUTE = 120;
