import { browser } from 'wxt/browser';
import { localDay } from '../contract/day';

/**
 * The local day Leadline started on this browser. The popup's "recorded for N
 * days" counts from it, not from the oldest day in the data, which an import
 * from another computer can move back by months.
 */
export const INSTALL_DAY_KEY = 'installDay';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function readInstallDay(): Promise<string | null> {
  const value = (await browser.storage.local.get(INSTALL_DAY_KEY))[INSTALL_DAY_KEY];
  return typeof value === 'string' && DAY.test(value) ? value : null;
}

/**
 * On install, today. On an update from a version that did not keep the day,
 * the first recorded day stands in (the best estimate there is), else today.
 * After "delete everything", today again: what came before is gone.
 */
export async function recordInstallDay(reason: 'install' | 'update' | 'reset', firstRecordedDay: () => Promise<string | null>, now = Date.now()): Promise<void> {
  const today = localDay(now);
  if (reason !== 'update') {
    await browser.storage.local.set({ [INSTALL_DAY_KEY]: today });
    return;
  }
  if ((await readInstallDay()) !== null) return;
  const first = await firstRecordedDay().catch(() => null);
  await browser.storage.local.set({ [INSTALL_DAY_KEY]: first && first < today ? first : today });
}
