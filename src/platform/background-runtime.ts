import { browser, type Browser } from 'wxt/browser';
import { CAPTURE_PORT, type PortReply, type PortRequest } from '../contract/port';
import type { Ingest } from '../ingest/ingest';
import type { SenderInfo } from '../ingest/types';
import { allToolHostPatterns } from '../tools/registry';
import { readFirstRollupDay } from './db';
import { recordInstallDay } from './install-day';

/** Wires the ingest to runtime messages. The listener is registered synchronously at worker start. */
export function listenForContentMessages(ingest: Ingest): void {
  // sendResponse + `return true` rather than a returned promise: it works the
  // same under the polyfill in every browser and under WXT's fakeBrowser.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void ingest.handle(message, senderInfo(sender)).then(sendResponse);
    return true;
  });
  // Capture's batches come on a port (src/platform/content-messaging.ts: opening a channel per
  // message cost the page more than anything else the content script did). Every message is
  // judged as above, by the port's sender record, which the browser fills in, not the page.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== CAPTURE_PORT) return port.disconnect();
    const sender = senderInfo(port.sender ?? {});
    port.onMessage.addListener((m: unknown) => {
      const request = m as Partial<PortRequest> | null;
      // An envelope without its number cannot be answered: it is judged as a malformed message (and counted).
      const id = typeof request?.id === 'number' ? request.id : null;
      void ingest.handle(id === null ? null : request!.message, sender).then((reply) => {
        if (id === null) return;
        try {
          port.postMessage({ id, reply } satisfies PortReply);
        } catch {
          // The tab went, or its content script: the batch is sent again by the next one, and deduped here.
        }
      });
    });
  });
}

function senderInfo(sender: Browser.runtime.MessageSender): SenderInfo {
  return { id: sender.id, url: sender.url, frameId: sender.frameId, tabId: sender.tab?.id, incognito: sender.tab?.incognito === true };
}

/**
 * Calls back when the browser starts with the extension in it, or the extension
 * is installed or updated: the moments when what was stored may be stale
 * (policy changed while the browser was closed, a day passed), as opposed to
 * every worker start, which happens for every batch of events.
 */
export function onBrowserStart(fn: () => void): void {
  browser.runtime.onStartup.addListener(fn);
  browser.runtime.onInstalled.addListener(() => fn());
}

export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js' as const;

/**
 * First run and updates: open the welcome page on install, and put the content
 * script into AI tool tabs that were already open (the browser only injects
 * manifest content scripts into pages loaded after install). The old script
 * in an updated tab sees its context invalidated and stops itself.
 */
export function onInstallOrUpdate(): void {
  browser.runtime.onInstalled.addListener(async ({ reason }) => {
    if (reason === 'install' || reason === 'update') {
      await recordInstallDay(reason, () => readFirstRollupDay()).catch(() => undefined);
    }
    if (reason === 'install') {
      await browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') }).catch(() => undefined);
    }
    if (reason === 'install' || reason === 'update') {
      const tabs = await browser.tabs.query({ url: allToolHostPatterns() }).catch(() => []);
      for (const tab of tabs) {
        if (tab.id === undefined) continue;
        // On install, a tab that loaded after the extension already has its manifest-injected
        // script; a second copy would replace it mid-session and drop what it had not sent yet.
        // (After an update the old copy is dead, so it is always replaced.)
        if (reason === 'install' && (await captureRunning(tab.id))) continue;
        await browser.scripting
          .executeScript({ target: { tabId: tab.id }, files: [CONTENT_SCRIPT_FILE] })
          .catch(() => undefined); // a discarded or restricted tab: it gets the script on its next load
      }
    }
  });
}

/** Whether a live capture already runs in the tab (the flag lives in the extension's isolated world). */
async function captureRunning(tabId: number): Promise<boolean> {
  const [result] = await browser.scripting
    .executeScript({ target: { tabId }, func: () => (globalThis as { __leadlineCapture?: boolean }).__leadlineCapture === true })
    .catch(() => []);
  return result?.result === true;
}

const CUSTOM_SCRIPT_ID = 'leadline-custom-tools';
let syncing: Promise<void> = Promise.resolve();

/**
 * Registers the content script for the tools IT added, on the hosts the person
 * (or the browser) has granted. Serialised: config and permission changes can
 * arrive together, and registration is not atomic.
 */
export function syncCustomContentScripts(matches: string[]): Promise<void> {
  syncing = syncing.then(async () => {
    const granted: string[] = [];
    for (const pattern of matches) {
      if (await browser.permissions.contains({ origins: [pattern] }).catch(() => false)) granted.push(pattern);
    }
    await promptForMissingAccess(matches.filter((m) => !granted.includes(m)));
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [CUSTOM_SCRIPT_ID] }).catch(() => []);
    // The worker restarts often; leave a registration that is already right alone.
    if (sameSet(existing[0]?.matches ?? [], granted) && existing.length === (granted.length > 0 ? 1 : 0)) return;
    if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
    if (granted.length > 0) {
      await browser.scripting.registerContentScripts([
        { id: CUSTOM_SCRIPT_ID, matches: granted, js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true },
      ]);
    }
  }).catch(() => undefined); // a failed sync is retried on the next change or worker start
  return syncing;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

const PROMPTED_KEY = 'hostAccessPrompted';

/**
 * A custom tool whose hosts are not granted records nothing, and only the
 * person can grant them. Say so on the toolbar icon, and open the settings page
 * (where the "Allow" button is) once per newly configured host, not on every start.
 */
async function promptForMissingAccess(missing: string[]): Promise<void> {
  const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  await action?.setBadgeText({ text: missing.length > 0 ? '!' : '' }).catch(() => undefined);
  await action
    ?.setTitle({ title: missing.length > 0 ? 'Leadline needs your permission for a tool your organisation added: open its settings' : 'Leadline' })
    .catch(() => undefined);
  if (missing.length === 0) return;
  const stored = (await browser.storage.local.get(PROMPTED_KEY))[PROMPTED_KEY];
  const prompted = new Set(Array.isArray(stored) ? (stored as string[]) : []);
  const fresh = missing.filter((m) => !prompted.has(m));
  if (fresh.length === 0) return;
  await browser.storage.local.set({ [PROMPTED_KEY]: [...prompted, ...fresh] });
  await browser.runtime.openOptionsPage().catch(() => undefined);
}

export function extensionId(): string {
  return browser.runtime.id;
}
