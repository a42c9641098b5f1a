/**
 * Part 3, the popup: time from opening popup.html to its first screen on
 * screen, on an empty install against a year of heavy use (50 prompts a day
 * across 4 tools: 1,460 daily rollups, the last 30 days also as raw events),
 * and the popup's bundle sizes.
 *
 * Two headless Chromiums with the built extension, one left empty, one that
 * imported the year through the options page; the popup is opened in each in
 * turn (the order alternating), the first opening of each discarded (it warms
 * the disk cache). The signal: the popup sets the performance mark
 * `leadline:summary-rendered` once its first screen (summary or empty state)
 * is committed to the DOM (src/ui/popup/PopupPage.tsx); an init script waits
 * for the next frame after it, so the figure is the first frame that shows it,
 * in milliseconds since the popup's navigation began.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { localDay } from '../../../src/contract/day';
import { launchChromium, type LaunchedChromium } from '../../support/chromium';
import { CHROME_BUILD, dumpChromium, eventually, EXTENSION_ID, importThroughOptions, serviceWorkerRunning } from '../../support/extension';
import { startFixtureServer } from '../../support/fixture-server';
import { exportOf, heavyYearPlan } from '../../support/history';
import { envInt, figure, median, percentile, sum, type Part } from '../lib';

/** Set by the popup (SUMMARY_RENDERED_MARK in src/ui/popup/PopupPage.tsx). */
const MARK = 'leadline:summary-rendered';
const LIMIT_MS = 120;
const RATIO_LIMIT = 1.3;

/** Before the popup's scripts: the frame after the mark, i.e. when the first screen is painted. */
function watchMark(mark: string): void {
  const w = window as unknown as { __benchPainted?: number; __benchMarked?: number };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name !== mark || w.__benchMarked !== undefined) continue;
      w.__benchMarked = e.startTime;
      requestAnimationFrame(() => setTimeout(() => (w.__benchPainted = performance.now()), 0));
    }
  }).observe({ type: 'mark', buffered: true });
}

async function openPopup(context: BrowserContext): Promise<{ marked: number; painted: number }> {
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await page.waitForFunction(() => (window as unknown as { __benchPainted?: number }).__benchPainted !== undefined, undefined, { timeout: 30_000, polling: 20 });
    return await page.evaluate(() => {
      const w = window as unknown as { __benchPainted: number; __benchMarked: number };
      return { marked: w.__benchMarked, painted: w.__benchPainted };
    });
  } finally {
    await page.close();
  }
}

/** Popup JS: what popup.html loads before its first paint (entry + modulepreloads), and everything reachable from it. */
export function popupBundles(buildDir = CHROME_BUILD): { firstPaint: number; firstPaintGzip: number; total: number; totalGzip: number; files: string[] } {
  const html = readFileSync(path.join(buildDir, 'popup.html'), 'utf8');
  const first = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(path.join(buildDir, file), 'utf8');
    for (const m of src.matchAll(/(?:from|import)\s*\(?\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) visit(path.posix.join(path.posix.dirname(file), m[1]!));
  };
  for (const f of first) visit(f);
  const size = (files: Iterable<string>, gz: boolean) => sum([...files].map((f) => (gz ? gzipSync(readFileSync(path.join(buildDir, f)), { level: 9 }).length : readFileSync(path.join(buildDir, f)).length)));
  const staticFirst = new Set<string>();
  const visitStatic = (file: string) => {
    if (staticFirst.has(file)) return;
    staticFirst.add(file);
    const src = readFileSync(path.join(buildDir, file), 'utf8');
    for (const m of src.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) visitStatic(path.posix.join(path.posix.dirname(file), m[1]!));
  };
  for (const f of first) visitStatic(f);
  return { firstPaint: size(staticFirst, false), firstPaintGzip: size(staticFirst, true), total: size(seen, false), totalGzip: size(seen, true), files: [...seen] };
}

/**
 * The floor: an extension with the same key (so the same id and the same popup.html
 * address) whose popup is an empty page with one module script that sets the mark.
 * What any extension page costs this browser on this machine before a line of Leadline runs.
 */
function blankExtension(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-blank-'));
  const { key } = JSON.parse(readFileSync(path.join(CHROME_BUILD, 'manifest.json'), 'utf8')) as { key: string };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'blank', version: '1.0', key, action: { default_popup: 'popup.html' } }));
  writeFileSync(path.join(dir, 'popup.html'), '<!DOCTYPE html><html><head><meta charset="utf-8"><title>blank</title><script type="module" src="/blank.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(path.join(dir, 'blank.js'), `performance.mark(${JSON.stringify(MARK)});\n`);
  return dir;
}

export const popupPart: Part = async (ctx) => {
  const rounds = ctx.smoke ? 3 : envInt('BENCH_POPUP_ROUNDS', 15);
  const days = ctx.smoke ? 14 : 365;
  const server = await startFixtureServer();
  const times = { empty: [] as number[], heavy: [] as number[], blank: [] as number[], emptyMark: [] as number[], heavyMark: [] as number[] };
  let imported = { rollups: 0, events: 0 };
  const browsers: Partial<Record<'empty' | 'heavy' | 'blank', LaunchedChromium>> = {};
  try {
    for (const k of ['empty', 'heavy'] as const) {
      const b = (browsers[k] = await launchChromium({ extensionDir: CHROME_BUILD, fixturePort: server.port }));
      await b.context.addInitScript(watchMark, MARK);
      const probe = await b.context.newPage();
      await eventually(() => serviceWorkerRunning(b.context, probe), Boolean);
      await probe.close();
    }
    browsers.blank = await launchChromium({ extensionDir: blankExtension(), fixturePort: server.port });
    await browsers.blank.context.addInitScript(watchMark, MARK);
    const today = localDay(Date.now());
    const history = exportOf(heavyYearPlan(today, days), today);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-')), 'year.json');
    writeFileSync(file, JSON.stringify(history));
    const heavy = browsers.heavy!.context;
    const options = await importThroughOptions(heavy, file);
    const dump = await eventually(() => dumpChromium(heavy), (d) => (d.indexedDB.leadline?.rollups ?? []).length === history.rollups.length, 180_000);
    await options.close();
    imported = { rollups: (dump.indexedDB.leadline?.rollups ?? []).length, events: (dump.indexedDB.leadline?.importedEvents ?? []).length + (dump.indexedDB.leadline?.events ?? []).length };
    if (imported.rollups !== history.rollups.length) throw new Error(`the import stored ${imported.rollups} of ${history.rollups.length} rollups`);

    for (let i = 0; i <= rounds; i++) {
      const order = i % 2 === 0 ? (['empty', 'heavy', 'blank'] as const) : (['blank', 'heavy', 'empty'] as const);
      for (const k of order) {
        const t = await openPopup(browsers[k]!.context);
        if (i === 0) continue; // warms the disk cache
        times[k].push(t.painted);
        if (k !== 'blank') times[k === 'empty' ? 'emptyMark' : 'heavyMark'].push(t.marked);
      }
    }
    ctx.log(`first screen: empty ${times.empty.map((x) => x.toFixed(0)).join(' ')} | heavy ${times.heavy.map((x) => x.toFixed(0)).join(' ')} | blank page ${times.blank.map((x) => x.toFixed(0)).join(' ')}`);
  } finally {
    await browsers.blank?.close();
    await browsers.empty?.close();
    await browsers.heavy?.close();
    await server.close();
  }
  const b = popupBundles();
  const emptyMs = median(times.empty);
  const heavyMs = median(times.heavy);
  const blankMs = median(times.blank);
  const figures = [
    figure({
      id: 'firstScreenRatio',
      label: `first screen on screen, a year of heavy use (${imported.rollups} rollups), median`,
      value: heavyMs,
      unit: 'ms',
      baseline: { label: 'empty install, same run', value: emptyMs },
      target: { on: 'ratio', op: '<=', limit: RATIO_LIMIT },
      note: `p95 heavy ${percentile(times.heavy, 95).toFixed(0)} ms, empty ${percentile(times.empty, 95).toFixed(0)} ms; the popup's own mark (DOM committed) at median ${median(times.heavyMark).toFixed(0)} ms heavy, ${median(times.emptyMark).toFixed(0)} ms empty.`,
    }),
    figure({
      id: 'firstScreenHeavyMs',
      label: 'first screen on screen, a year of heavy use, median (absolute)',
      value: heavyMs,
      unit: 'ms',
      baseline: { label: 'empty install, same run', value: emptyMs },
      target: { on: 'value', op: '<', limit: LIMIT_MS },
    }),
    figure({
      id: 'emptyOverBlank',
      label: 'first screen on screen, empty install, median, against a blank extension page (the floor)',
      value: emptyMs,
      unit: 'ms',
      baseline: { label: 'a blank extension popup (same id, one module script that sets the mark), same run', value: blankMs },
      note: 'The difference is what Leadline itself costs; the baseline is what this browser takes to show any extension page on this machine.',
    }),
    figure({ id: 'firstPaintJsGzip', label: 'popup first-paint JS, gzipped (entry and its static imports)', value: b.firstPaintGzip, unit: 'B', baseline: { label: 'all popup JS, gzipped (chart.js loaded after the summary included)', value: b.totalGzip } }),
    figure({ id: 'firstPaintJs', label: 'popup first-paint JS, minified', value: b.firstPaint, unit: 'B', baseline: { label: 'all popup JS, minified', value: b.total } }),
  ];
  const findings: string[] = [];
  if (!figures[0]!.met || !figures[1]!.met) {
    const what =
      `The popup's first screen reads the 12 weeks of rollups a level needs (src/ui/popup/usePopupData.ts → src/metrics/summary.ts), and its first-paint JS is ${(b.firstPaintGzip / 1024).toFixed(0)} KB gzipped (React, Dexie, the tool names); ` +
      'the configuration code (zod), the sync state and every section that opens load after the first screen.';
    findings.push(
      figures[0]!.met
        ? `${what} An empty popup already costs ${emptyMs.toFixed(0)} ms in this run, and the history adds little; a blank extension page (one line of script) takes ${blankMs.toFixed(0)} ms in the same browser, so ${Math.max(0, emptyMs - blankMs).toFixed(0)} ms is Leadline's own and the rest is the browser's floor for an extension page on this machine.${blankMs >= LIMIT_MS ? ` Under ${LIMIT_MS} ms cannot be reached here while the floor itself is above it.` : ''}`
        : `${what} The history's size shows in the ratio: look at the rollup read and the summary first.`,
    );
  }
  return {
    title: 'Popup first screen',
    method: [
      `Two headless Chromiums with the built extension: one empty, one that imported ${days} days of heavy use (50 prompts a day across 4 tools; ${imported.rollups} rollups, ${imported.events} raw events) through the options page.`,
      `The popup opened ${rounds + 1} times in each, alternating; the first of each discarded. The figure is the first frame after the popup's \`${MARK}\` performance mark (set when its first screen, summary or empty state, is committed), in ms since navigation start.`,
      `The floor, in a third Chromium in the same rounds: an extension with the same key (so the same popup.html address) whose popup is an empty page with one module script that sets the same mark.`,
      `Bundles: popup.html's script and modulepreloads with their static imports (first paint), and everything reachable including dynamic imports (total): ${b.files.join(', ')}.`,
    ],
    config: { rounds, days, imported, times },
    figures,
    findings,
  };
};
