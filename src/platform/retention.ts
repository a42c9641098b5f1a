import { browser } from 'wxt/browser';
import { onBrowserStart } from './background-runtime';
import { LeadlineDB, pruneRawEvents, type PruneResult } from './db';

export const RETENTION_ALARM = 'leadline-retention';
const DAY_MINUTES = 24 * 60;

/**
 * Prunes raw events when the browser starts or the extension is installed or
 * updated, and once a day (browser.alarms, which survives the service worker
 * being stopped). Not at every worker start: the worker wakes for every batch
 * of events, and a prune's write lock would hold up the commit it woke for.
 * The listeners are added synchronously, as MV3 requires for events that wake
 * the worker. The retention is read on every run, so a changed setting applies
 * at the next run.
 */
export function scheduleRetention(
  getRetentionDays: () => Promise<number> | number,
  opts: { db?: LeadlineDB; now?: () => number } = {},
): {
  run: () => Promise<PruneResult | undefined>;
  /** Settles once the daily alarm is checked (or made): the start-up work is done. */
  ready: Promise<void>;
} {
  let running: Promise<PruneResult | undefined> | null = null;
  const run = () =>
    (running ??= (async () => {
      try {
        return await pruneRawEvents((opts.now ?? Date.now)(), await getRetentionDays(), opts.db);
      } catch (e) {
        // Nothing is lost by waiting: the next start or alarm prunes what this run could not.
        console.warn('Leadline: pruning old raw events failed; it is retried at the next start or daily run.', e);
        return undefined;
      } finally {
        running = null;
      }
    })());

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETENTION_ALARM) void run();
  });
  // Re-creating the alarm at every worker start would push the daily run back each time.
  const ready = browser.alarms
    .get(RETENTION_ALARM)
    .then(async (existing) => {
      if (!existing) await browser.alarms.create(RETENTION_ALARM, { delayInMinutes: DAY_MINUTES, periodInMinutes: DAY_MINUTES });
    })
    .catch(() => undefined); // without the alarm, pruning still runs at every browser start
  onBrowserStart(() => void run());
  return { run, ready };
}
