/**
 * Reaching into the loaded extension from a test: its id, everything it stored,
 * and stopping its service worker through the DevTools protocol.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROME_EXTENSION_ID } from '../../src/contract/identity';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROME_BUILD = path.join(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = path.join(ROOT, '.output/firefox-mv3');
export const EXTENSION_ID = CHROME_EXTENSION_ID;

export interface StorageDump {
  indexedDB: Record<string, Record<string, unknown[]>>;
  storage: Record<string, unknown>;
}

/**
 * Runs inside an extension page (Chromium or Firefox): every IndexedDB database
 * of the extension's origin, every object store, every row; and every
 * extension storage area. Bytes become arrays so the dump is plain JSON.
 */
export async function dumpInExtensionPage(): Promise<StorageDump> {
  type Area = { get(keys: null): Promise<Record<string, unknown>> };
  const g = globalThis as unknown as { browser?: { storage: Record<string, Area> }; chrome?: { storage: Record<string, Area> } };
  const api = (g.browser ?? g.chrome)!;
  const out: StorageDump = { indexedDB: {}, storage: {} };
  const req = <T>(r: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await req(indexedDB.open(name));
    const tables: Record<string, unknown[]> = {};
    for (const store of Array.from(db.objectStoreNames)) {
      tables[store] = await req(db.transaction(store).objectStore(store).getAll());
    }
    db.close();
    out.indexedDB[name] = tables;
  }
  for (const area of ['local', 'sync', 'session', 'managed'] as const) {
    try {
      out.storage[area] = await api.storage[area]!.get(null);
    } catch (e) {
      out.storage[area] = `unavailable: ${String(e)}`;
    }
  }
  return JSON.parse(
    JSON.stringify(out, (_k, v) => (v instanceof Uint8Array || v instanceof ArrayBuffer ? Array.from(new Uint8Array(v)) : v)),
  );
}

export async function dumpChromium(context: BrowserContext): Promise<StorageDump> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${EXTENSION_ID}/welcome.html`);
    return await page.evaluate(dumpInExtensionPage);
  } finally {
    await page.close();
  }
}

export interface StoredEventRow {
  id: string;
  kind: string;
  tool: string;
  ts: number;
  day: string;
  conv: string | null;
  seq: number;
  [field: string]: unknown;
}

export function eventsOf(dump: StorageDump, tool?: string): StoredEventRow[] {
  const rows = (dump.indexedDB.leadline?.events ?? []) as StoredEventRow[];
  // seq is the write order; times are minute-rounded and cannot order events within a minute.
  return rows.filter((e) => !tool || e.tool === tool).sort((a, b) => a.seq - b.seq);
}

/** Kind plus kind-specific fields, in the order the tests compare them. */
export function shape(e: StoredEventRow): Record<string, unknown> {
  const { id: _i, tool: _t, ts: _ts, day: _d, conv: _c, v: _v, seq: _s, ...rest } = e;
  return rest;
}

/** Polls until `fn` returns a truthy value (events are written in batches, asynchronously). */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await fn();
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    last = await fn();
  }
  return last;
}

/** Stops the extension's MV3 service worker the way the browser does when it idles. */
export async function stopServiceWorker(context: BrowserContext, via: Page): Promise<boolean> {
  const cdp = await context.newCDPSession(via);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const workers = targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${EXTENSION_ID}/`));
    for (const w of workers) await cdp.send('Target.closeTarget', { targetId: w.targetId });
    return workers.length > 0;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export async function serviceWorkerRunning(context: BrowserContext, via: Page): Promise<boolean> {
  const cdp = await context.newCDPSession(via);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${EXTENSION_ID}/`));
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Raw bytes of the extension's own storage on disk (IndexedDB, extension
 * settings), read after the browser has closed: the belt to the logical dump's braces.
 */
export async function extensionDiskBytes(userDataDir: string): Promise<Buffer> {
  const profile = path.join(userDataDir, 'Default');
  const dirs = [
    `IndexedDB/chrome-extension_${EXTENSION_ID}_0.indexeddb.leveldb`,
    `IndexedDB/chrome-extension_${EXTENSION_ID}_0.indexeddb.blob`,
    `Local Extension Settings/${EXTENSION_ID}`,
    `Sync Extension Settings/${EXTENSION_ID}`,
    `Managed Extension Settings/${EXTENSION_ID}`,
  ].map((d) => path.join(profile, d));
  const chunks: Buffer[] = [];
  const walk = async (dir: string): Promise<void> => {
    if (!existsSync(dir)) return;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else chunks.push(await readFile(p));
    }
  };
  for (const d of dirs) await walk(d);
  return Buffer.concat(chunks);
}

/** Whether a string occurs in bytes as UTF-8 or UTF-16 (V8 serialises two-byte strings). */
export function bytesContain(haystack: Buffer, needle: string): boolean {
  return haystack.includes(Buffer.from(needle, 'utf8')) || haystack.includes(Buffer.from(needle, 'utf16le'));
}

/**
 * Loads the build again over the DevTools protocol, as an update does: the
 * extension restarts and every content script already in a tab loses its
 * context. Needs Chromium started with --enable-unsafe-extension-debugging.
 */
export async function reloadExtension(context: BrowserContext, dir = CHROME_BUILD): Promise<void> {
  const browser = context.browser();
  if (!browser) throw new Error('no browser behind this context');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { id } = (await cdp.send('Extensions.loadUnpacked' as never, { path: dir } as never)) as { id: string };
    if (id !== EXTENSION_ID) throw new Error(`reloaded as ${id}, expected ${EXTENSION_ID}`);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Opens one of the extension's pages and waits until `ready` is on it. Right
 * after a profile starts, Chromium can refuse a chrome-extension:// navigation
 * (net::ERR_BLOCKED_BY_CLIENT) or leave the page unrendered while the extension
 * is still being set up; a person would open the page again, and so does this,
 * with each failure logged, until `timeoutMs`.
 */
export async function openExtensionPage(context: BrowserContext, page: string, ready: string, timeoutMs = 60_000): Promise<Page> {
  const end = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const tab = await context.newPage();
    try {
      await tab.goto(`chrome-extension://${EXTENSION_ID}/${page}`);
      await tab.locator(ready).first().waitFor({ timeout: 10_000 });
      return tab;
    } catch (err) {
      await tab.close().catch(() => undefined);
      if (Date.now() > end) throw err;
      console.warn(`${page} was not ready (attempt ${attempt}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}); opening it again`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * Imports a history file through the options page, as a person does. The
 * options page is opened with openExtensionPage; if the page stops being the
 * extension's page before the file is chosen (Chromium can still swap a fresh
 * profile's extension pages for an error page a few seconds after start), the
 * failure is logged with the page's address and the file is chosen again in a
 * new page. Importing the same file twice adds nothing, so a retry is safe.
 * Returns the page the file was chosen in; callers wait for the stored result.
 */
export async function importThroughOptions(context: BrowserContext, file: string, timeoutMs = 90_000): Promise<Page> {
  const end = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const options = await openExtensionPage(context, 'options.html', 'input[type=file]', Math.max(10_000, end - Date.now()));
    try {
      await options.locator('input[type=file]').setInputFiles(file, { timeout: 10_000 });
      return options;
    } catch (err) {
      const where = options.isClosed() ? 'a closed page' : options.url();
      await options.close().catch(() => undefined);
      if (Date.now() > end) throw err;
      console.warn(`choosing ${path.basename(file)} in options.html failed (attempt ${attempt}, on ${where}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}); choosing it again`);
    }
  }
}
