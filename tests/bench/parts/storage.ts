/**
 * Part 2, storage: how fast events are persisted through the real path, and
 * what they cost on disk.
 *
 * Throughput. One headless Chromium with the built extension. Four tabs on four
 * fixture sites (ChatGPT, Claude, Gemini, Copilot): in each, the content
 * script's own isolated world (found over CDP) sends `batch` messages exactly as
 * the content script's outbox does (100 items a message, at most 4 in flight),
 * and the background validates them, HMACs the conversation ids, writes them
 * with Dexie and recomputes the touched daily rollups in the same transaction,
 * and answers only after the commit. The baseline, in the same browser, in an
 * extension page of the same extension: the same records (in their stored
 * form) put into a plain IndexedDB object store with the same indexes, one
 * readwrite transaction per 100. Rounds alternate raw / real (ABBA); each real
 * round writes a heavy day's mix of events on its own local day.
 *
 * Size. The extension's LevelDB directory (IndexedDB of its origin) is measured
 * on disk before and after M more records, raw first, then through the real
 * path: bytes per event. A day of heavy use is that times the events of a heavy
 * day (50 prompts across 4 tools). A year: a fresh profile imports a year of
 * heavy use as another computer exports it after retention (1,460 daily rollups,
 * the last 30 days as raw events), and the directory is measured.
 */
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { localDay } from '../../../src/contract/day';
import type { StoredEvent } from '../../../src/contract/events';
import { launchChromium, type LaunchedChromium } from '../../support/chromium';
import { drivers, type ToolId } from '../../support/drivers';
import { CHROME_BUILD, dumpChromium, eventually, EXTENSION_ID } from '../../support/extension';
import { startFixtureServer, type FixtureServer } from '../../support/fixture-server';
import { eventsOf as planEvents, exportOf, heavyYearPlan } from '../../support/history';
import { envInt, figure, median, sleep, type Figure, type Part } from '../lib';

const TOOLS: ToolId[] = ['chatgpt', 'claude', 'gemini', 'copilot'];
const BATCH = 100;
const IN_FLIGHT = 4;
const DAY_MS = 86_400_000;

type Wire = Record<string, unknown> & { id: string; tool: string; at: number; conv: string | null; kind: string };

let idCounter = 0;
const nextId = (tag: string) => `bench${tag}${String(++idCounter).padStart(14, '0')}`;

/** `n` events per tool of a heavy day's mix, dated `daysAgo` days back (before now, inside the ingest's 3-day window). */
function wireEvents(n: number, daysAgo: number, tag: string): Record<string, Wire[]> {
  const now = Date.now();
  const mix = planEvents(heavyYearPlan(localDay(now), 1));
  const out: Record<string, Wire[]> = {};
  for (const tool of TOOLS) {
    const own = mix.filter((e) => e.tool === tool);
    const list: Wire[] = [];
    // Spread over the last day, not days back: the background refuses events older than 36 hours (what an outbox can hold).
    const base = now - daysAgo * (DAY_MS / 3) - 120_000;
    for (let i = 0; i < n; i++) {
      const e = own[i % own.length]!;
      const { v: _v, ts: _ts, day: _d, seq: _s, conv, ...rest } = e as StoredEvent & { conv: string | null };
      list.push({ ...rest, id: nextId(tag), tool, at: base - i * 1000, conv: conv === null ? null : `${conv}-${tag}-${Math.floor(i / own.length)}` } as Wire);
    }
    out[tool] = list;
  }
  return out;
}

/** The stored form of wire events, as the ingest writes them (the raw baseline's records). */
function storedForm(events: Record<string, Wire[]>): Record<string, unknown>[] {
  let seq = 0;
  return Object.values(events)
    .flat()
    .map((e) => {
      const { at, conv, ...rest } = e;
      const ts = Math.floor(at / 60_000) * 60_000;
      return { ...rest, v: 1, ts, day: localDay(ts), conv: conv === null ? null : '0123456789abcdef0123456789abcdef', seq: ++seq + Math.floor(Math.random() * 1e9) * 1000 };
    });
}

/** In an extension page: put `rows` into a fresh plain object store with the events table's indexes, `batch` per transaction. */
async function rawPut(args: { name: string; rows: Record<string, unknown>[]; batch: number; keep: boolean }): Promise<number> {
  const req = <T>(r: IDBRequest<T>) => new Promise<T>((ok, ko) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => ko(r.error))));
  const open = indexedDB.open(args.name, 1);
  open.onupgradeneeded = () => {
    const s = open.result.createObjectStore('events', { keyPath: 'id' });
    s.createIndex('seq', 'seq', { unique: true });
    s.createIndex('ts', 'ts');
    s.createIndex('day', 'day');
    s.createIndex('tool+day', ['tool', 'day']);
    s.createIndex('kind', 'kind');
    s.createIndex('conv', 'conv');
  };
  const db = await req(open);
  const t0 = performance.now();
  for (let i = 0; i < args.rows.length; i += args.batch) {
    const tx = db.transaction('events', 'readwrite');
    const store = tx.objectStore('events');
    for (const r of args.rows.slice(i, i + args.batch)) store.put(r);
    await new Promise<void>((ok, ko) => ((tx.oncomplete = () => ok()), (tx.onerror = () => ko(tx.error)), (tx.onabort = () => ko(tx.error))));
  }
  const ms = performance.now() - t0;
  db.close();
  if (!args.keep) await new Promise((ok) => ((indexedDB.deleteDatabase(args.name).onsuccess = ok), setTimeout(ok, 5000)));
  return ms;
}

/** In the content script's isolated world: send like the outbox does, resolve once every batch is acknowledged. */
function sendLikeTheOutbox(args: { tool: string; events: Record<string, unknown>[]; batch: number; inFlight: number }): Promise<{ done: number; rejected: number; errors: string[] }> {
  const rt = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; done?: string[]; rejected?: number; error?: string }> } } }).chrome.runtime;
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < args.events.length; i += args.batch) batches.push(args.events.slice(i, i + args.batch).map((event) => ({ item: 'event', event })));
  let next = 0;
  let done = 0;
  let rejected = 0;
  const errors: string[] = [];
  // A refused batch is sent again after a pause, as the outbox does (it keeps items until acknowledged);
  // each refusal is kept for the findings.
  const lane = async () => {
    while (next < batches.length) {
      const b = batches[next++]!;
      for (let attempt = 0; ; attempt++) {
        const ack = await rt.sendMessage({ type: 'batch', tool: args.tool, items: b });
        if (ack?.ok) {
          done += ack.done?.length ?? 0;
          rejected += ack.rejected ?? 0;
          break;
        }
        errors.push(String(ack?.error));
        if (attempt >= 20) throw new Error(`a batch was refused 21 times: ${String(ack?.error)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  return Promise.all(Array.from({ length: args.inFlight }, lane)).then(() => ({ done, rejected, errors }));
}

interface IsolatedTab {
  tool: ToolId;
  page: Page;
  send(events: Wire[]): Promise<{ done: number; rejected: number; errors: string[] }>;
}

/** A fixture tab and a handle on the content script's isolated world in it. */
async function isolatedTab(context: BrowserContext, tool: ToolId): Promise<IsolatedTab> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const worlds: { id: number; origin: string; type: string }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => {
    const aux = e.context.auxData as { type?: string } | undefined;
    worlds.push({ id: e.context.id, origin: e.context.origin, type: aux?.type ?? '' });
  });
  await cdp.send('Runtime.enable');
  await drivers[tool].open(page, '/');
  const world = await eventually(
    async () => worlds.filter((w) => w.type === 'isolated' && w.origin === `chrome-extension://${EXTENSION_ID}`).at(-1),
    Boolean,
    10_000,
  );
  if (!world) throw new Error(`${tool}: the content script's isolated world did not appear`);
  return {
    tool,
    page,
    async send(events) {
      const expr = `(${sendLikeTheOutbox.toString()})(${JSON.stringify({ tool, events, batch: BATCH, inFlight: IN_FLIGHT })})`;
      const r = await cdp.send('Runtime.evaluate', { expression: expr, contextId: world.id, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`${tool}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value as { done: number; rejected: number; errors: string[] };
    },
  };
}

function dirBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else total += statSync(p).size;
    }
  };
  walk(dir);
  return total;
}

const idbDir = (userDataDir: string) => path.join(userDataDir, 'Default/IndexedDB', `chrome-extension_${EXTENSION_ID}_0.indexeddb.leveldb`);

async function estimate(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

async function closeWelcome(b: LaunchedChromium): Promise<void> {
  const welcome = await eventually(async () => b.context.pages().find((p) => p.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)), Boolean, 5_000);
  await welcome?.close();
}

export const storagePart: Part = async (ctx) => {
  const rounds = ctx.smoke ? 2 : envInt('BENCH_STORAGE_ROUNDS', 6);
  const perTool = ctx.smoke ? 20 : envInt('BENCH_STORAGE_EVENTS_PER_TOOL', 300);
  const sizeRecords = ctx.smoke ? 200 : envInt('BENCH_STORAGE_SIZE_EVENTS', 4000);
  const yearDays = ctx.smoke ? 14 : 365;

  const server: FixtureServer = await startFixtureServer();
  const figures: Figure[] = [];
  const findings: string[] = [];
  const real: number[] = [];
  const raw: number[] = [];
  let sizes = { raw: NaN, real: NaN, rawEstimate: NaN, realEstimate: NaN };
  let year = { dir: NaN, estimate: NaN, json: NaN, rollups: 0, events: 0 };
  /** Batches the background refused (and the bench sent again, as the outbox would): message → count. */
  const refusals = new Map<string, number>();
  const heavyDayEvents = planEvents(heavyYearPlan(localDay(Date.now()), 1)).length;
  try {
    const b = await launchChromium({ fixturePort: server.port, extensionDir: CHROME_BUILD });
    try {
      await closeWelcome(b);
      const tabs: IsolatedTab[] = [];
      for (const tool of TOOLS) tabs.push(await isolatedTab(b.context, tool));
      const ext = await b.context.newPage();
      await ext.goto(`chrome-extension://${EXTENSION_ID}/welcome.html`);

      const realRound = async (events: Record<string, Wire[]>) => {
        const t0 = performance.now();
        const acks = await Promise.all(tabs.map((t) => t.send(events[t.tool]!)));
        const ms = performance.now() - t0;
        const rejected = acks.reduce((a, x) => a + x.rejected, 0);
        if (rejected) throw new Error(`the background rejected ${rejected} events`);
        for (const e of acks.flatMap((a) => a.errors)) refusals.set(e, (refusals.get(e) ?? 0) + 1);
        return ms;
      };
      // Warm-up: the worker, the HMAC key, Dexie's open; and IndexedDB in the page.
      await realRound(wireEvents(5, 2, 'w'));
      await ext.evaluate(rawPut, { name: 'bench-raw-warm', rows: storedForm(wireEvents(5, 2, 'w')), batch: BATCH, keep: false });

      for (let r = 0; r < rounds; r++) {
        const events = wireEvents(perTool, r % 3, `r${r}`);
        const n = TOOLS.length * perTool;
        const doRaw = async () => raw.push(n / ((await ext.evaluate(rawPut, { name: `bench-raw-${r}`, rows: storedForm(events), batch: BATCH, keep: false })) / 1000));
        const doReal = async () => real.push(n / ((await realRound(events)) / 1000));
        if (r % 2 === 0) {
          await doRaw();
          await doReal();
        } else {
          await doReal();
          await doRaw();
        }
        ctx.log(`round ${r}: real path ${real.at(-1)!.toFixed(0)} events/s, raw IndexedDB ${raw.at(-1)!.toFixed(0)} events/s`);
      }

      // Bytes on disk: raw records first, then the same number through the real path.
      const dir = idbDir(b.userDataDir);
      await sleep(1000);
      const s0 = dirBytes(dir);
      const e0 = await estimate(ext);
      const sizeEvents = wireEvents(Math.ceil(sizeRecords / TOOLS.length), 1, 'size');
      const m = TOOLS.length * Math.ceil(sizeRecords / TOOLS.length);
      await ext.evaluate(rawPut, { name: 'bench-raw-size', rows: storedForm(sizeEvents), batch: BATCH, keep: true });
      await sleep(1000);
      const s1 = dirBytes(dir);
      const e1 = await estimate(ext);
      await realRound(sizeEvents);
      await sleep(1000);
      const s2 = dirBytes(dir);
      const e2 = await estimate(ext);
      sizes = { raw: (s1 - s0) / m, real: (s2 - s1) / m, rawEstimate: (e1 - e0) / m, realEstimate: (e2 - e1) / m };
      ctx.log(`bytes per event on disk: real path ${sizes.real.toFixed(0)}, raw ${sizes.raw.toFixed(0)} (storage.estimate: ${sizes.realEstimate.toFixed(0)} / ${sizes.rawEstimate.toFixed(0)})`);
    } finally {
      await b.close();
    }

    // A year of heavy use, after retention, in a fresh profile.
    const y = await launchChromium({ fixturePort: server.port, extensionDir: CHROME_BUILD });
    try {
      await closeWelcome(y);
      const today = localDay(Date.now());
      const history = exportOf(heavyYearPlan(today, yearDays), today);
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-')), 'year.json');
      const json = JSON.stringify(history);
      writeFileSync(file, json);
      const options = await y.context.newPage();
      await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
      await options.locator('input[type=file]').setInputFiles(file);
      const dump = await eventually(() => dumpChromium(y.context), (d) => (d.indexedDB.leadline?.rollups ?? []).length === history.rollups.length, 180_000);
      await sleep(1500);
      year = {
        dir: dirBytes(idbDir(y.userDataDir)),
        estimate: await estimate(options),
        json: Buffer.byteLength(json),
        rollups: (dump.indexedDB.leadline?.rollups ?? []).length,
        events: (dump.indexedDB.leadline?.events ?? []).length + (dump.indexedDB.leadline?.importedEvents ?? []).length,
      };
      ctx.log(`a year of heavy use: ${year.rollups} rollups, ${year.events} raw events, ${year.dir} B on disk`);
    } finally {
      await y.close();
    }
  } finally {
    await server.close();
  }

  const realRate = median(real);
  const rawRate = median(raw);
  figures.push(
    figure({
      id: 'eventsPerSecond',
      label: 'events persisted per second, real path (content script → background → Dexie, rollups included)',
      value: realRate,
      unit: 'events/s',
      baseline: { label: 'raw IndexedDB batch put of the same records, same browser', value: rawRate },
      target: { on: 'ratio', op: '>=', limit: 0.8 },
    }),
    figure({
      id: 'bytesPerEvent',
      label: 'bytes per event on disk (LevelDB directory growth)',
      value: sizes.real,
      unit: 'B',
      baseline: { label: 'the same records put raw', value: sizes.raw },
      note: `navigator.storage.estimate() growth: ${sizes.realEstimate.toFixed(0)} B real path, ${sizes.rawEstimate.toFixed(0)} B raw. LevelDB appends to its log and compacts later, so a figure is the cost until the next compaction.`,
    }),
    figure({
      id: 'bytesPerHeavyDay',
      label: `bytes per day of heavy use (${heavyDayEvents} events: 50 prompts across 4 tools)`,
      value: sizes.real * heavyDayEvents,
      unit: 'B',
      baseline: { label: 'the same events put raw', value: sizes.raw * heavyDayEvents },
    }),
    figure({
      id: 'yearBytes',
      label: `database after a year of heavy use, retention applied (${year.rollups} rollups, ${year.events} raw events)`,
      value: year.dir,
      unit: 'B',
      baseline: { label: 'the same data as an export file (JSON)', value: year.json },
      note: `navigator.storage.estimate() for the extension's origin: ${year.estimate} B.`,
    }),
  );
  if (refusals.size)
    findings.push(
      `The background refused ${[...refusals.values()].reduce((a, b) => a + b, 0)} batches under this load and they were sent again (as the content script's outbox does): ${[...refusals].map(([m, n]) => `${n} × "${m}"`).join('; ')}. ` +
        'Dexie raises "Transaction committed too early" when something that is not IndexedDB is awaited inside its transaction: see DexieIngestStore.commit in src/platform/db.ts. The rate above includes those resends.',
    );
  const ratio = figures[0]!.ratio ?? NaN;
  if (!(ratio >= 0.8)) {
    findings.push(
      `The real path reached ${(ratio * 100).toFixed(0)} % of a raw batch put. Per message the background parses every item with zod, computes an HMAC per conversation reference (WebCrypto, one await each), ` +
        'reads the touched days\' events back to recompute their rollups (src/platform/db.ts recomputeLocalRollups, the whole day for every batch), updates adapter health and counters, all inside one Dexie transaction, ' +
        'and each message crosses from the tab to the service worker. The rollup recompute is the part that grows: a batch that touches a day reads every event of that day again.',
    );
  }
  return {
    title: 'Storage',
    method: [
      `Throughput: ${rounds} rounds of ${TOOLS.length} × ${perTool} events (a heavy day's mix), raw and real alternating ABBA, in one Chromium; real = four fixture tabs sending from the content script's isolated world as its outbox does (${BATCH} items a message, ${IN_FLIGHT} in flight), timed until the last acknowledgement (sent after the commit); raw = the same records in their stored form, a plain object store with the events table's indexes, one readwrite transaction per ${BATCH}, in an extension page of the same extension. Medians of the rounds.`,
      `Size: the extension origin's IndexedDB LevelDB directory measured before and after ${sizeRecords} records put raw, then ${sizeRecords} through the real path. A heavy day is that per-event cost × ${heavyDayEvents} events.`,
      `A year: a fresh profile imports ${yearDays} days of heavy use (rollups for every day, raw events for the last 30, what retention leaves) through the options page; the directory is measured once the import is stored.`,
    ],
    config: { rounds, perTool, batch: BATCH, inFlight: IN_FLIGHT, sizeRecords, yearDays, real, raw, sizes, year, refusals: Object.fromEntries(refusals) },
    figures,
    findings,
  };
};
