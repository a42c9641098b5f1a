import { browser } from 'wxt/browser';

/**
 * The one thing stored about tips: that the person chose to hide them. Which
 * tip was shown, or which dimension is weakest, is worked out afresh at every
 * opening and never written anywhere.
 */
export const TIPS_HIDDEN_KEY = 'tipsHidden';

export async function readTipsHidden(): Promise<boolean> {
  return (await browser.storage.local.get(TIPS_HIDDEN_KEY))[TIPS_HIDDEN_KEY] === true;
}

/** Hiding stores `true`; showing them again removes the key, so nothing is left behind. */
export async function setTipsHidden(hidden: boolean): Promise<void> {
  if (hidden) await browser.storage.local.set({ [TIPS_HIDDEN_KEY]: true });
  else await browser.storage.local.remove(TIPS_HIDDEN_KEY);
}
