import { browser } from 'wxt/browser';

/**
 * Opens the settings (options) page. Some browsers refuse openOptionsPage in
 * odd states (Firefox private windows, a popup already closing), so the page
 * is then opened as a plain tab: the person clicked a button and must land
 * somewhere.
 */
export async function openSettings(): Promise<void> {
  try {
    await browser.runtime.openOptionsPage();
  } catch {
    await browser.tabs.create({ url: browser.runtime.getURL('/options.html') });
  }
}

/** Opens the welcome page, which says in full what Leadline records, keeps and sends. */
export async function openWelcome(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
}
