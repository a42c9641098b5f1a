/**
 * Part 1, page overhead: what Leadline's content script costs an AI page that
 * holds a long conversation and streams long answers into it.
 *
 * Two headless Chromiums run side by side against the HTTPS fixture sites, one
 * without the extension and one with the built extension; for each built-in
 * site they take turns (the order alternates from site to site, so drift lands
 * on both). One session per site and variant, in a fresh tab:
 *   1. open the site's home, send one short prompt (warm-up: the conversation
 *      gets its id and the content script its state), then inject TURNS
 *      finished turns with the fixture's own markup (about 80k DOM nodes at 200);
 *   2. start CDP Performance metrics and the CPU profiler;
 *   3. send STREAMS prompts with the real keyboard, each answered by a stream of
 *      WORDS words (about 2,000 tokens at 1,500 words), WORDS_PER_TICK words per
 *      40 ms tick;
 *   4. stop after a tail longer than the content script's 150 ms check throttle.
 * Measured: CDP TaskDuration and ScriptDuration deltas; long tasks (a buffered
 * PerformanceObserver installed before the page's scripts); and from the CPU
 * profile, the time of samples with the content script's URL on their stack.
 * A long task is attributed to the extension when, without the content
 * script's samples inside it, it would not be long (≤ 50 ms).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium, type LaunchedChromium } from '../../support/chromium';
import { ALL_TOOLS, drivers, SITE_SELECTORS, type ToolId } from '../../support/drivers';
import { CHROME_BUILD, dumpChromium, eventsOf, eventually, EXTENSION_ID } from '../../support/extension';
import { startFixtureServer } from '../../support/fixture-server';
import { envInt, figure, median, sleep, sum, type Figure, type Part } from '../lib';

const CONTENT_SCRIPT_PATH = 'content-scripts/content.js';
const CONTENT_SCRIPT_URL = `chrome-extension://${EXTENSION_ID}/${CONTENT_SCRIPT_PATH}`;
const PROMPT = 'Summarise the thread above';
const TAIL_MS = 500;
const PROFILE_INTERVAL_US = 500;
const LONG_TASK_MS = 50;
const CS_GZIP_LIMIT = 15 * 1024;
const CS_SHARE_LIMIT = 0.01;

type Variant = 'without' | 'with';

interface Session {
  tool: ToolId;
  variant: Variant;
  domNodes: number;
  streams: number;
  words: number;
  wallMs: number;
  taskMs: number;
  scriptMs: number;
  longTasks: number;
  tbtMs: number;
  longestTaskMs: number;
  /** Long tasks that would not be long without the content script's samples inside them. */
  extLongTasks: number;
  /** The most content-script time inside any single long task. */
  extMsInLongestShare: number;
  csCpuMs: number;
  busyMs: number;
  /** Where the content script's time went: leaf frame → ms. */
  csHot: Record<string, number>;
}

// ---------------------------------------------------------------- page side

/** In the page's main world before its scripts: long-task log, stream length, bigger ticks. */
function pageInit(o: { words: number; perTick: number }): void {
  const w = window as unknown as Record<string, unknown>;
  w.__fixtureWords = o.words;
  const longtasks: { start: number; dur: number }[] = [];
  w.__benchLongtasks = longtasks;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longtasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no longtask support: counts stay 0 */
  }
  // The fixture engine appends one word per 40 ms tick; run its tick `perTick` times per
  // tick. Only the main world's timers are touched; the content script has its own world.
  if (o.perTick > 1) {
    const si = window.setInterval.bind(window);
    const ci = window.clearInterval.bind(window);
    const cleared = new Set<unknown>();
    window.clearInterval = ((id?: number) => {
      cleared.add(id);
      ci(id);
    }) as typeof window.clearInterval;
    window.setInterval = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => {
      if (ms !== 40 || typeof fn !== 'function') return si(fn, ms, ...rest);
      let id = 0;
      id = si(() => {
        for (let k = 0; k < o.perTick && !cleared.has(id); k++) (fn as () => void)();
      }, ms);
      return id;
    }) as typeof window.setInterval;
  }
}

/** Appends `turns` finished turns (user/assistant alternating) in the fixture's own markup. */
function injectThread(turns: number): number {
  type Cfg = {
    messageList: string;
    userTurnHTML(o: { n: number; id: string }): string;
    assistantTurnHTML(o: { n: number; id: string }): string;
    userText: string;
    assistantContent: string;
    actionBarHTML: string;
    actionSlot?: string;
    streamingMarker?: { selector?: string; attr: string; on: string | null; off: string | null };
  };
  const cfg = (window as unknown as { __fixtureConfig: Cfg }).__fixtureConfig;
  const el = (html: string) => {
    const t = document.createElement('template');
    t.innerHTML = html.trim();
    return t.content.firstElementChild as Element;
  };
  const rich = (i: number) => {
    let h = '';
    for (let k = 0; k < 9; k++) {
      h += `<p>Point ${k} of answer ${i}: the figures for this quarter need a closer look before the review, since the regional split moved. <strong>Note ${k}.</strong> Use <code>fn_${k}()</code>, see <a href="#r${i}-${k}">ref ${k}</a>, then <em>check</em> it.</p>`;
    }
    h += `<h3>Steps for item ${i}</h3><ol>`;
    for (let k = 0; k < 8; k++) h += `<li><p>Step ${k}: run <code>task_${k}</code> and <strong>verify</strong> the output.</p></li>`;
    h += '</ol><pre><code class="language-python">';
    for (let k = 0; k < 18; k++) h += `<span class="hljs-keyword">def</span> <span class="hljs-title">f${k}</span>(x): <span class="hljs-keyword">return</span> x * <span class="hljs-number">${k}</span>\n`;
    h += '</code></pre><table><thead><tr><th>Region</th><th>Q1</th><th>Q2</th></tr></thead><tbody>';
    for (let k = 0; k < 4; k++) h += `<tr><td>R${k}</td><td>${k * 3}</td><td>${k * 5}</td></tr>`;
    return `${h}</tbody></table>`;
  };
  const list = document.querySelector(cfg.messageList)!;
  const frag = document.createDocumentFragment();
  for (let n = 1; n <= turns; n++) {
    const id = crypto.randomUUID();
    if (n % 2 === 1) {
      const u = el(cfg.userTurnHTML({ n: 1000 + n, id }));
      (u.querySelector(cfg.userText) ?? u).textContent = `Question ${n}: how should we read the latest numbers for the regional review?`;
      frag.appendChild(u);
    } else {
      const a = el(cfg.assistantTurnHTML({ n: 1000 + n, id }));
      const m = cfg.streamingMarker;
      const target = m ? (m.selector ? (a.matches(m.selector) ? a : a.querySelector(m.selector)) : a) : null;
      if (m && target) {
        if (m.off === null) target.removeAttribute(m.attr);
        else target.setAttribute(m.attr, m.off);
      }
      a.querySelector(cfg.assistantContent)!.innerHTML = rich(n);
      const bar = el(cfg.actionBarHTML);
      bar.setAttribute('data-fixture-action-bar', '');
      ((cfg.actionSlot && a.querySelector(cfg.actionSlot)) || a).appendChild(bar);
      frag.appendChild(a);
    }
  }
  // Before the warm-up turns, so the conversation reads in order and new answers stream at the end.
  list.insertBefore(frag, list.firstChild);
  let nodes = 0;
  const tw = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (tw.nextNode()) nodes++;
  return nodes;
}

// ---------------------------------------------------------------- CPU profile

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

interface Attributed {
  csMs: number;
  busyMs: number;
  /** [time in the page's performance.now() clock, ms; content script on the stack] per sample, with its duration. */
  samples: { t: number; dt: number; cs: boolean }[];
  hot: Record<string, number>;
}

/** Samples with the content script's URL anywhere on their stack are the content script's time, DOM work it calls included. */
export function attribute(profile: CpuProfile, perfNowAtStart: number): Attributed {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, boolean>();
  const isCs = (id: number): boolean => {
    let hit = memo.get(id);
    if (hit !== undefined) return hit;
    const p = parent.get(id);
    hit = byId.get(id)!.callFrame.url === CONTENT_SCRIPT_URL || (p !== undefined && isCs(p));
    memo.set(id, hit);
    return hit;
  };
  const samples: Attributed['samples'] = [];
  const hot: Record<string, number> = {};
  let csUs = 0;
  let busyUs = 0;
  let t = profile.startTime;
  const ids = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < ids.length; i++) {
    const dt = Math.max(0, deltas[i] ?? 0);
    t += dt;
    const node = byId.get(ids[i]!)!;
    const idle = node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)';
    if (!idle) busyUs += dt;
    const cs = isCs(ids[i]!);
    if (cs) {
      csUs += dt;
      const f = node.callFrame;
      const where = f.url === CONTENT_SCRIPT_URL ? `content.js:${f.lineNumber}` : f.url ? path.basename(f.url) : 'native';
      const key = `${f.functionName || '(anonymous)'} @ ${where}`;
      hot[key] = (hot[key] ?? 0) + dt / 1000;
    }
    // The profile's clock is the page's monotonic clock in µs; performance.now() counts from
    // the page's time origin. The offset is taken once, just after the profiler started.
    samples.push({ t: (t - profile.startTime) / 1000 + perfNowAtStart, dt: dt / 1000, cs });
  }
  return { csMs: csUs / 1000, busyMs: busyUs / 1000, samples, hot };
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

// ---------------------------------------------------------------- one session

interface Sizes {
  turns: number;
  streams: number;
  words: number;
  perTick: number;
}

async function session(context: BrowserContext, tool: ToolId, variant: Variant, z: Sizes): Promise<Session> {
  const s = SITE_SELECTORS[tool];
  const driver = drivers[tool];
  const page: Page = await context.newPage();
  const ended = () => page.evaluate(() => ((window as unknown as { __fixtureEvents?: { type: string }[] }).__fixtureEvents ?? []).filter((e) => e.type === 'stream-end').length);
  const sendAndWait = async (n: number) => {
    await page.focus(s.composer);
    await page.keyboard.type(PROMPT);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (want) => ((window as unknown as { __fixtureEvents?: { type: string }[] }).__fixtureEvents ?? []).filter((e) => e.type === 'stream-end').length >= want,
      n,
      { polling: 100, timeout: 120_000 },
    );
  };
  try {
    await page.addInitScript(pageInit, { words: z.words, perTick: z.perTick });
    await driver.open(page, '/');
    await sendAndWait(1); // warm-up: the conversation gets its id
    const domNodes = await page.evaluate(injectThread, z.turns);
    await sleep(800); // the page, and the content script, settle after the injection

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
    const m0 = await metrics(cdp);
    await cdp.send('Profiler.start');
    const perfNowAtStart = await page.evaluate(() => performance.now());
    const wall0 = Date.now();
    for (let i = 0; i < z.streams; i++) await sendAndWait(2 + i);
    await sleep(TAIL_MS);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    // For finding where the time goes (chrome://inspect or any .cpuprofile viewer opens it).
    if (process.env.BENCH_PAGE_PROFILE_DIR) writeFileSync(path.join(process.env.BENCH_PAGE_PROFILE_DIR, `${tool}-${variant}.cpuprofile`), JSON.stringify(profile));
    const m1 = await metrics(cdp);
    const wallMs = Date.now() - wall0;
    const perfNowAtEnd = await page.evaluate(() => performance.now());
    await sleep(100); // the longtask observer delivers
    const lts = await page.evaluate(
      ({ a, b }) => ((window as unknown as { __benchLongtasks: { start: number; dur: number }[] }).__benchLongtasks ?? []).filter((e) => e.start >= a && e.start < b),
      { a: perfNowAtStart, b: perfNowAtEnd },
    );
    const streamsDone = (await ended()) - 1;
    await cdp.detach().catch(() => undefined);
    const att = attribute(profile, perfNowAtStart);
    let extLongTasks = 0;
    let extMsInLongestShare = 0;
    for (const lt of lts) {
      const inside = sum(att.samples.filter((x) => x.cs && x.t >= lt.start && x.t <= lt.start + lt.dur).map((x) => x.dt));
      extMsInLongestShare = Math.max(extMsInLongestShare, inside);
      if (inside > 0 && lt.dur - inside <= LONG_TASK_MS) extLongTasks++;
    }
    const d = (k: string) => ((m1[k] ?? 0) - (m0[k] ?? 0)) * 1000;
    return {
      tool,
      variant,
      domNodes,
      streams: streamsDone,
      words: z.words,
      wallMs,
      taskMs: d('TaskDuration'),
      scriptMs: d('ScriptDuration'),
      longTasks: lts.length,
      tbtMs: sum(lts.map((e) => Math.max(0, e.dur - LONG_TASK_MS))),
      longestTaskMs: lts.reduce((m, e) => Math.max(m, e.dur), 0),
      extLongTasks,
      extMsInLongestShare,
      csCpuMs: att.csMs,
      busyMs: att.busyMs,
      csHot: att.hot,
    };
  } finally {
    await page.close({ runBeforeUnload: true }).catch(() => undefined);
  }
}

// ---------------------------------------------------------------- the part

export const pagePart: Part = async (ctx) => {
  const z: Sizes = ctx.smoke
    ? { turns: 10, streams: 2, words: 40, perTick: 20 }
    : { turns: envInt('BENCH_PAGE_TURNS', 200), streams: envInt('BENCH_PAGE_STREAMS', 20), words: envInt('BENCH_PAGE_WORDS', 1500), perTick: envInt('BENCH_PAGE_WORDS_PER_TICK', 60) };
  const sites: ToolId[] = ctx.smoke ? ['chatgpt', 'claude'] : process.env.BENCH_PAGE_SITES ? (process.env.BENCH_PAGE_SITES.split(',') as ToolId[]) : ALL_TOOLS;

  const js = readFileSync(path.join(CHROME_BUILD, CONTENT_SCRIPT_PATH));
  const gz = gzipSync(js, { level: 9 }).length;

  const server = await startFixtureServer();
  const browsers = {} as Record<Variant, LaunchedChromium>;
  const sessions: Session[] = [];
  // 5 answers of the same length at 6 words a tick: about 10 s an answer.
  const paced: Sizes = { turns: z.turns, streams: 5, words: z.words, perTick: 6 };
  const pacedSessions: Session[] = [];
  let recorded: Record<string, { prompts: number; responses: number }> = {};
  try {
    browsers.without = await launchChromium({ fixturePort: server.port });
    browsers.with = await launchChromium({ fixturePort: server.port, extensionDir: CHROME_BUILD });
    const welcome = await eventually(async () => browsers.with.context.pages().find((p) => p.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)), Boolean, 5_000);
    await welcome?.close();
    for (const [i, tool] of sites.entries()) {
      const order: Variant[] = i % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
      for (const v of order) {
        const r = await session(browsers[v].context, tool, v, z);
        sessions.push(r);
        ctx.log(
          `${tool.padEnd(10)} ${v.padEnd(7)} task ${r.taskMs.toFixed(0).padStart(6)} ms  script ${r.scriptMs.toFixed(0).padStart(6)} ms  long ${r.longTasks} (ext ${r.extLongTasks})  ` +
            `content script ${r.csCpuMs.toFixed(1)} ms  (${r.streams} streams, ${r.domNodes} nodes, ${(r.wallMs / 1000).toFixed(1)} s)`,
        );
      }
    }
    // The site that cost most, again at a tenth of the pace: the fixture streams an answer in about a
    // second, far faster than the sites do, and the content script's work grows with the answers and
    // with time (the looks when a stream starts and ends, two batches an answer), not with the words.
    if (!ctx.smoke && sites.length > 1 && envInt('BENCH_PAGE_PACED', 1) > 0) {
      const share = (t: ToolId) => {
        const w = sessions.find((x) => x.tool === t && x.variant === 'with')!;
        return w.csCpuMs / Math.max(1, w.taskMs);
      };
      const worst = sites.reduce((a, b) => (share(b) > share(a) ? b : a));
      for (const v of ['without', 'with'] as Variant[]) {
        const r = await session(browsers[v].context, worst, v, paced);
        pacedSessions.push(r);
        ctx.log(`${worst.padEnd(10)} ${v.padEnd(7)} paced: task ${r.taskMs.toFixed(0)} ms  content script ${r.csCpuMs.toFixed(1)} ms  (${r.streams} streams, ${(r.wallMs / 1000).toFixed(1)} s)`);
      }
    }
    // The extension under test really recorded: a prompt and an answer per stream, warm-up included.
    const want = z.streams + 1;
    const dump = await eventually(
      () => dumpChromium(browsers.with.context),
      (dd) => sites.every((t) => eventsOf(dd, t).filter((e) => e.kind === 'response_completed').length >= want),
      20_000,
    );
    recorded = Object.fromEntries(
      sites.map((t) => {
        const ev = eventsOf(dump, t);
        return [t, { prompts: ev.filter((e) => e.kind === 'prompt_sent').length, responses: ev.filter((e) => e.kind === 'response_completed').length }];
      }),
    );
  } finally {
    await browsers.with?.close();
    await browsers.without?.close();
    await server.close();
  }

  const figures: Figure[] = [];
  const findings: string[] = [];
  for (const tool of sites) {
    const w = sessions.find((x) => x.tool === tool && x.variant === 'with')!;
    const wo = sessions.find((x) => x.tool === tool && x.variant === 'without')!;
    figures.push(
      figure({
        id: `${tool}.contentScriptCpu`,
        label: `${tool}: content-script CPU (CPU profile) ÷ page task time`,
        value: w.csCpuMs,
        unit: 'ms',
        baseline: { label: 'page task time, with the extension', value: w.taskMs },
        target: { on: 'ratio', op: '<=', limit: CS_SHARE_LIMIT },
      }),
      figure({ id: `${tool}.taskMs`, label: `${tool}: main-thread task time`, value: w.taskMs, unit: 'ms', baseline: { label: 'without the extension', value: wo.taskMs } }),
      figure({ id: `${tool}.scriptMs`, label: `${tool}: script time`, value: w.scriptMs, unit: 'ms', baseline: { label: 'without the extension', value: wo.scriptMs } }),
      figure({ id: `${tool}.longTasks`, label: `${tool}: long tasks (> 50 ms)`, value: w.longTasks, unit: 'count', baseline: { label: 'without the extension', value: wo.longTasks } }),
      figure({ id: `${tool}.tbtMs`, label: `${tool}: total blocking time`, value: w.tbtMs, unit: 'ms', baseline: { label: 'without the extension', value: wo.tbtMs } }),
      figure({
        id: `${tool}.extensionLongTasks`,
        label: `${tool}: long tasks attributable to the extension`,
        value: w.extLongTasks,
        unit: 'count',
        baseline: { label: 'long tasks with the extension', value: w.longTasks },
        target: { on: 'value', op: '==', limit: 0 },
      }),
    );
    const share = w.taskMs > 0 ? w.csCpuMs / w.taskMs : NaN;
    if (!(share <= CS_SHARE_LIMIT)) {
      const hot = Object.entries(w.csHot)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, ms]) => `${k} ${ms.toFixed(1)} ms`)
        .join('; ');
      findings.push(
        `${tool}: the content script took ${(share * 100).toFixed(2)} % of the page's task time (${w.csCpuMs.toFixed(1)} of ${w.taskMs.toFixed(0)} ms, ` +
          `${(w.csCpuMs / Math.max(1, w.streams)).toFixed(1)} ms per streamed answer). Where it went (leaf frames under the content script): ${hot}.`,
      );
    }
    if (w.extLongTasks > 0) findings.push(`${tool}: ${w.extLongTasks} long task(s) would not have been long without the content script (at most ${w.extMsInLongestShare.toFixed(1)} ms of its time inside one).`);
    const rec = recorded[tool];
    if (!rec || rec.responses < z.streams + 1) findings.push(`${tool}: the extension recorded only ${rec?.responses ?? 0} of ${z.streams + 1} answers: its figures are not trustworthy.`);
  }
  const pw = pacedSessions.find((x) => x.variant === 'with');
  const pwo = pacedSessions.find((x) => x.variant === 'without');
  if (pw && pwo) {
    const tool = pw.tool;
    const pace = `at ${paced.perTick} words a tick (${paced.streams} answers of ${paced.words} words, ~${((paced.words / paced.perTick) * 0.04).toFixed(0)} s each)`;
    figures.push(
      figure({
        id: `${tool}.paced.contentScriptCpu`,
        label: `${tool} ${pace}: content-script CPU ÷ page task time`,
        value: pw.csCpuMs,
        unit: 'ms',
        baseline: { label: 'page task time, with the extension', value: pw.taskMs },
      }),
      figure({ id: `${tool}.paced.taskMs`, label: `${tool} ${pace}: main-thread task time`, value: pw.taskMs, unit: 'ms', baseline: { label: 'without the extension', value: pwo.taskMs } }),
    );
    findings.push(
      `${tool}, the site whose share was highest, again at a tenth of the pace, ${pace}: the content script took ${((pw.csCpuMs / Math.max(1, pw.taskMs)) * 100).toFixed(2)} % of the page's task time ` +
        `(${(pw.csCpuMs / Math.max(1, pw.streams)).toFixed(1)} ms per answer, against ${(sessions.find((x) => x.tool === tool && x.variant === 'with')!.csCpuMs / z.streams).toFixed(1)} ms at full pace). ` +
        'Its work grows with the answers and with time (the looks when a stream starts and ends, the turns it appended counted once it has ended, two batches an answer on the capture port, a look every 5 s), not with the words, ' +
        'while the page works for every word it paints: at the fixture’s pace (about a second for 2,000 tokens, where a site streams tens of tokens a second) the share is at its highest.',
    );
  }
  figures.push(
    figure({
      id: 'contentScript.gzipBytes',
      label: 'content script, gzipped (level 9)',
      value: gz,
      unit: 'B',
      baseline: { label: 'content script, minified, not compressed', value: js.length },
      target: { on: 'value', op: '<=', limit: CS_GZIP_LIMIT },
    }),
  );
  const taskRatios = sites.map((t) => figures.find((f) => f.id === `${t}.taskMs`)!.ratio ?? NaN);
  return {
    title: 'Page overhead while answers stream',
    method: [
      `Every built-in site's fixture (${sites.join(', ')}) on the HTTPS fixture server; two headless Chromiums (one without, one with the built extension), sessions taken in turn per site, the order alternating.`,
      `Each session: a ${z.turns}-turn conversation (fixture markup, ~${sessions[0]?.domNodes ?? '?'} DOM nodes), then ${z.streams} prompts typed with the real keyboard, each answered by a ${z.words}-word stream (~${Math.round(z.words * 1.33)} tokens), ${z.perTick} words per 40 ms tick.`,
      'Task and script time are CDP Performance.getMetrics deltas over the streams; long tasks come from a buffered PerformanceObserver; the content script\'s CPU is the CPU-profile time (500 µs sampling) of samples with content-scripts/content.js on their stack, DOM work it calls included.',
      'A long task is attributed to the extension when it would not be long (≤ 50 ms) without the content script\'s samples inside it.',
      `Median task-time ratio with/without across sites: ${median(taskRatios.filter(Number.isFinite)).toFixed(3)}.`,
      ...(pw ? [`Then the site whose content-script share was highest (${pw.tool}) once more in each browser, at ${paced.perTick} words a tick: ${paced.streams} answers of the same length, each streamed over ~${((paced.words / paced.perTick) * 0.04).toFixed(0)} s (BENCH_PAGE_PACED=0 leaves it out).`] : []),
    ],
    config: { ...z, sites, tickMs: 40, profileIntervalUs: PROFILE_INTERVAL_US, recorded, paced: pw ? { ...paced, site: pw.tool } : null },
    figures,
    findings,
  };
};
