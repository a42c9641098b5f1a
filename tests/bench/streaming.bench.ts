/**
 * Benchmark (not a test: nothing here fails on a timing) — what Leadline's content
 * script costs a page that streams a long answer into a long conversation.
 *
 *   npm run bench            (builds .output/chrome-mv3 first, then runs this file with jiti)
 *
 * Two real headless Chromiums run side by side against the HTTPS fixture sites: one
 * without the extension, one with the built extension. Rounds alternate between them
 * (ABBA order) so that machine drift lands on both. Each round, in a fresh tab:
 *   1. open an existing conversation (/c/<uuid>) on the fixture site and inject a large
 *      thread (TURNS turns, ~80k DOM nodes) using the fixture's own turn markup;
 *   2. type a prompt with the real keyboard; snapshot CDP Performance.getMetrics, start
 *      the CDP CPU profiler, press Enter;
 *   3. the fixture streams WORDS words (WORDS_PER_TICK per 40 ms tick); wait for its end
 *      plus a short tail (so the extension's throttled check runs), snapshot again.
 * Collected: long tasks (PerformanceObserver 'longtask', buffered, installed by
 * addInitScript) — count, longest, total blocking time (Σ duration−50 ms); CDP
 * TaskDuration / ScriptDuration / Layout / RecalcStyle deltas; and, from the CPU
 * profile, the time of every sample with a chrome-extension:// frame on its stack —
 * the content script's own cost, including the DOM work it calls into.
 *
 * The results are ratios taken in one run (with ÷ without), medians of the rounds.
 * A ratio near 1.0 means the extension adds little to the page.
 *
 * Knobs (environment): BENCH_ROUNDS (5), BENCH_CLAUDE_ROUNDS (3, 0 to skip claude),
 * BENCH_TURNS (300), BENCH_WORDS (1500), BENCH_WORDS_PER_TICK (12).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { SITE_SELECTORS, type ToolId } from '../support/drivers';
import { CHROME_BUILD, dumpChromium, eventsOf, eventually, EXTENSION_ID, ROOT } from '../support/extension';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

const ROUNDS = envInt('BENCH_ROUNDS', 5);
const CLAUDE_ROUNDS = envInt('BENCH_CLAUDE_ROUNDS', 3);
const TURNS = envInt('BENCH_TURNS', 300);
const WORDS = envInt('BENCH_WORDS', 1500);
const WORDS_PER_TICK = envInt('BENCH_WORDS_PER_TICK', 12);
/** The discarded warm-up round per browser streams a short answer. */
const WARMUP_WORDS = 300;
/** After the stream ends: longer than the content script's 150 ms check throttle. */
const TAIL_MS = 500;
const PROFILE_INTERVAL_US = 250;
const PROMPT = 'Summarise the whole thread above and list the open questions';
const RESULTS = path.join(ROOT, 'tests/bench/results/latest.json');

function envInt(name: string, dflt: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 && process.env[name] !== '' && process.env[name] !== undefined ? Math.floor(v) : dflt;
}

type Variant = 'without' | 'with';
const HOST: Record<string, string> = { chatgpt: 'chatgpt.com', claude: 'claude.ai' };
const CONV_PATH: Record<string, (id: string) => string> = {
  chatgpt: (id) => `/c/${id}`,
  claude: (id) => `/chat/${id}`,
};

interface Round {
  tool: ToolId;
  variant: Variant;
  round: number;
  domNodes: number;
  domElements: number;
  streamWallMs: number;
  wordsStreamed: number;
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  longTasks: number;
  longestTaskMs: number;
  tbtMs: number;
  /** CPU-profile time with a chrome-extension:// frame on the stack. */
  extensionCpuMs: number;
  /** CPU-profile time that was not idle. */
  profiledBusyMs: number;
}

// ---------------------------------------------------------------- page side

/** Runs in the page's main world before any of its scripts. */
function pageInit(o: { words: number; perTick: number }): void {
  const w = window as unknown as Record<string, unknown>;
  w.__fixtureWords = o.words;
  // Long tasks, buffered from the start of the page.
  const longtasks: { start: number; dur: number }[] = [];
  w.__benchLongtasks = longtasks;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longtasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no longtask support: counts stay 0 */
  }
  // Bigger stream chunks: the fixture engine appends one word per 40 ms tick; run its
  // tick callback `perTick` times per tick (stopping as soon as it clears its interval).
  // Only the main world's timers are touched; the content script lives in its own world.
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

/** Injects `turns` finished turns (user/assistant alternating) with the fixture's own markup. */
function injectThread(turns: number): { nodes: number; elements: number } {
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
  const sentence = (i: number, k: number) =>
    `Point ${k} of answer ${i}: the figures for this quarter need a closer look before the review, ` +
    `since the regional split moved and the forecast assumed otherwise.`;
  const rich = (i: number) => {
    let h = '';
    for (let k = 0; k < 9; k++) {
      h += `<p>${sentence(i, k)} <strong>Note ${k}.</strong> Use <code>fn_${k}()</code> here, see <a href="#r${i}-${k}">ref ${k}</a>, then <em>check</em> it.</p>`;
    }
    h += `<h3>Steps for item ${i}</h3><ol>`;
    for (let k = 0; k < 8; k++) h += `<li><p>Step ${k}: run <code>task_${k}</code> and <strong>verify</strong> the output.</p></li>`;
    h += '</ol><pre><div class="code-header"><span>python</span><button type="button">Copy code</button></div><code class="language-python">';
    for (let k = 0; k < 18; k++) {
      h += `<span class="hljs-keyword">def</span> <span class="hljs-title">f${k}</span>(<span class="hljs-params">x</span>): <span class="hljs-keyword">return</span> x * <span class="hljs-number">${k}</span>\n`;
    }
    h += '</code></pre>';
    h += '<table><thead><tr><th>Region</th><th>Q1</th><th>Q2</th></tr></thead><tbody>';
    for (let k = 0; k < 4; k++) h += `<tr><td>R${k}</td><td>${k * 3}</td><td>${k * 5}</td></tr>`;
    h += '</tbody></table>';
    return h;
  };
  const frag = document.createDocumentFragment();
  for (let n = 1; n <= turns; n++) {
    const id = crypto.randomUUID();
    if (n % 2 === 1) {
      const u = el(cfg.userTurnHTML({ n, id }));
      const text = u.querySelector(cfg.userText) ?? u;
      text.textContent = `Question ${n}: how should we read the latest numbers for the regional review?`;
      frag.appendChild(u);
    } else {
      const a = el(cfg.assistantTurnHTML({ n, id }));
      const m = cfg.streamingMarker;
      if (m) {
        const target = m.selector ? (a.matches(m.selector) ? a : a.querySelector(m.selector)) : a;
        if (target) {
          if (m.off === null) target.removeAttribute(m.attr);
          else target.setAttribute(m.attr, m.off);
        }
      }
      a.querySelector(cfg.assistantContent)!.innerHTML = rich(n);
      const bar = el(cfg.actionBarHTML);
      bar.setAttribute('data-fixture-action-bar', '');
      ((cfg.actionSlot && a.querySelector(cfg.actionSlot)) || a).appendChild(bar);
      frag.appendChild(a);
    }
  }
  document.querySelector(cfg.messageList)!.appendChild(frag);
  let nodes = 0;
  const tw = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (tw.nextNode()) nodes++;
  return { nodes, elements: document.getElementsByTagName('*').length };
}

// ---------------------------------------------------------------- CDP helpers

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** µs of samples with an extension frame anywhere on the stack, and µs of non-idle samples. */
function attribute(profile: CpuProfile): { extUs: number; busyUs: number } {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, boolean>();
  const isExt = (id: number): boolean => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const n = byId.get(id)!;
    const p = parent.get(id);
    const v = n.callFrame.url.startsWith('chrome-extension://') || (p !== undefined && isExt(p));
    memo.set(id, v);
    return v;
  };
  let extUs = 0;
  let busyUs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    const dt = Math.max(0, deltas[i] ?? 0);
    if (byId.get(id)!.callFrame.functionName !== '(idle)') busyUs += dt;
    if (isExt(id)) extUs += dt;
  }
  return { extUs, busyUs };
}

// ---------------------------------------------------------------- one round

async function runRound(context: BrowserContext, tool: ToolId, variant: Variant, round: number, words = WORDS): Promise<Round> {
  const s = SITE_SELECTORS[tool];
  const page: Page = await context.newPage();
  try {
    await page.addInitScript(pageInit, { words, perTick: WORDS_PER_TICK });
    await page.goto(`https://${HOST[tool]}${CONV_PATH[tool]!(crypto.randomUUID())}`, { waitUntil: 'load' });
    await page.locator(s.composer).waitFor({ state: 'visible' });
    const dom = await page.evaluate(injectThread, TURNS);
    await page.waitForTimeout(800); // the page (and the content script) settle after the injection

    await page.locator(s.composer).click();
    await page.keyboard.type(PROMPT);
    await page.waitForTimeout(300);

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
    const t0 = await page.evaluate(() => performance.now());
    const m0 = await metrics(cdp);
    await cdp.send('Profiler.start');
    const wall0 = Date.now();

    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => ((window as unknown as { __fixtureEvents?: { type: string }[] }).__fixtureEvents ?? []).some((e) => e.type === 'stream-end'),
      undefined,
      { polling: 250, timeout: 120_000 },
    );
    const streamWallMs = Date.now() - wall0;
    await page.waitForTimeout(TAIL_MS);

    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const m1 = await metrics(cdp);
    const t1 = await page.evaluate(() => performance.now());
    await page.waitForTimeout(100); // let the longtask observer deliver
    const lts = await page.evaluate(
      ({ a, b }) =>
        ((window as unknown as { __benchLongtasks: { start: number; dur: number }[] }).__benchLongtasks ?? []).filter(
          (e) => e.start >= a && e.start < b,
        ),
      { a: t0, b: t1 },
    );
    const wordsStreamed = await page.evaluate(
      ({ turn, content }) => {
        const turns = document.querySelectorAll(turn);
        const last = turns[turns.length - 1]?.querySelector(content);
        return (last?.textContent ?? '').trim().split(/\s+/).filter(Boolean).length;
      },
      { turn: s.assistantTurn, content: s.assistantContent },
    );
    await cdp.detach().catch(() => undefined);
    const { extUs, busyUs } = attribute(profile);
    const d = (k: string) => ((m1[k] ?? 0) - (m0[k] ?? 0)) * 1000;
    return {
      tool,
      variant,
      round,
      domNodes: dom.nodes,
      domElements: dom.elements,
      streamWallMs,
      wordsStreamed,
      taskMs: d('TaskDuration'),
      scriptMs: d('ScriptDuration'),
      layoutMs: d('LayoutDuration'),
      styleMs: d('RecalcStyleDuration'),
      longTasks: lts.length,
      longestTaskMs: lts.reduce((m, e) => Math.max(m, e.dur), 0),
      tbtMs: lts.reduce((sum, e) => sum + Math.max(0, e.dur - 50), 0),
      extensionCpuMs: extUs / 1000,
      profiledBusyMs: busyUs / 1000,
    };
  } finally {
    // runBeforeUnload: pagehide makes the content script flush what it holds.
    await page.close({ runBeforeUnload: true }).catch(() => undefined);
  }
}

// ---------------------------------------------------------------- summary

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
};
const ratio = (withV: number, without: number): number | null =>
  without > 0 && Number.isFinite(withV) ? withV / without : withV === 0 && without === 0 ? 1 : null;

const METRICS = [
  ['taskMs', 'task duration (ms, CDP TaskDuration)'],
  ['scriptMs', 'script duration (ms, CDP ScriptDuration)'],
  ['tbtMs', 'total blocking time (ms, Σ longtask−50)'],
  ['longTasks', 'long tasks (>50 ms, count)'],
  ['longestTaskMs', 'longest task (ms)'],
  ['layoutMs', 'layout (ms, CDP LayoutDuration)'],
  ['styleMs', 'style recalc (ms, CDP RecalcStyleDuration)'],
  ['streamWallMs', 'stream wall time (ms)'],
  ['extensionCpuMs', 'content-script CPU (ms, CPU profile)'],
] as const;
type MetricKey = (typeof METRICS)[number][0];

function summarise(rounds: Round[], tool: ToolId) {
  const of = (v: Variant) => rounds.filter((r) => r.tool === tool && r.variant === v);
  const w = of('with');
  const wo = of('without');
  const medians = { without: {} as Record<MetricKey, number>, with: {} as Record<MetricKey, number> };
  const ratios = {} as Record<MetricKey, number | null>;
  for (const [k] of METRICS) {
    medians.without[k] = median(wo.map((r) => r[k]));
    medians.with[k] = median(w.map((r) => r[k]));
    ratios[k] = k === 'extensionCpuMs' ? null : ratio(medians.with[k], medians.without[k]);
  }
  // Paired ratios (round i of each variant ran back to back), a cross-check on drift.
  const pairedTaskRatio = median(w.map((r, i) => (wo[i] ? r.taskMs / wo[i]!.taskMs : NaN)).filter(Number.isFinite));
  const pairedScriptRatio = median(w.map((r, i) => (wo[i] ? r.scriptMs / wo[i]!.scriptMs : NaN)).filter(Number.isFinite));
  const extShareOfTask = median(w.map((r) => (r.taskMs > 0 ? r.extensionCpuMs / r.taskMs : NaN)).filter(Number.isFinite));
  const extPerSecond = median(w.map((r) => r.extensionCpuMs / (r.streamWallMs / 1000)));
  return {
    tool,
    rounds: w.length,
    domNodes: median(rounds.filter((r) => r.tool === tool).map((r) => r.domNodes)),
    domElements: median(rounds.filter((r) => r.tool === tool).map((r) => r.domElements)),
    wordsStreamed: median(rounds.filter((r) => r.tool === tool).map((r) => r.wordsStreamed)),
    medians,
    ratios,
    pairedTaskRatio,
    pairedScriptRatio,
    extensionCpuShareOfTask: extShareOfTask,
    extensionCpuMsPerStreamSecond: extPerSecond,
    taskDeltaMs: medians.with.taskMs - medians.without.taskMs,
    scriptDeltaMs: medians.with.scriptMs - medians.without.scriptMs,
  };
}

const fmt = (n: number | null, digits = 1) => (n === null || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));

function printTable(s: ReturnType<typeof summarise>): void {
  const rows = METRICS.map(([k, label]) => [
    label,
    fmt(s.medians.without[k], k === 'longTasks' ? 0 : 1),
    fmt(s.medians.with[k], k === 'longTasks' ? 0 : 1),
    k === 'extensionCpuMs'
      ? '—'
      : s.medians.with[k] === 0 && s.medians.without[k] === 0
        ? '1.00× (both 0)'
        : s.medians.without[k] === 0
          ? 'n/a (none without)'
          : `${fmt(s.ratios[k], 2)}×`,
  ]);
  const head = ['metric (median of rounds)', 'without ext', 'with ext', 'ratio with/without'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(
    `paired per-round ratios (median): task ${fmt(s.pairedTaskRatio, 2)}×, script ${fmt(s.pairedScriptRatio, 2)}×; ` +
      `differences of medians: task ${fmt(s.taskDeltaMs)} ms, script ${fmt(s.scriptDeltaMs)} ms`,
  );
  console.log(
    `content script's own CPU: ${fmt(s.medians.with.extensionCpuMs)} ms per stream ` +
      `(${fmt(s.extensionCpuMsPerStreamSecond, 2)} ms per streamed second, ${fmt(s.extensionCpuShareOfTask * 100, 2)}% of the page's task time)`,
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  const contentJs = readFileSync(path.join(CHROME_BUILD, 'content-scripts/content.js'));
  const bundle = { file: '.output/chrome-mv3/content-scripts/content.js', bytes: contentJs.length, gzipBytes: gzipSync(contentJs, { level: 9 }).length };

  const server: FixtureServer = await startFixtureServer();
  const browsers: Record<Variant, LaunchedChromium> = {
    without: await launchChromium({ fixturePort: server.port }),
    with: await launchChromium({ fixturePort: server.port, extensionDir: CHROME_BUILD }),
  };
  const rounds: Round[] = [];
  const plan: { tool: ToolId; n: number }[] = [
    { tool: 'chatgpt', n: ROUNDS },
    { tool: 'claude', n: CLAUDE_ROUNDS },
  ].filter((p): p is { tool: ToolId; n: number } => p.n > 0);
  let sanity: Record<string, Record<string, number>> = {};
  try {
    // The install opens the welcome tab; close it so both browsers hold just the bench tab.
    const welcome = await eventually(
      async () => browsers.with.context.pages().find((p) => p.url().startsWith(`chrome-extension://${EXTENSION_ID}/`)),
      Boolean,
      5_000,
    );
    await welcome?.close();

    console.log(
      `Leadline streaming bench: ${TURNS}-turn thread, ${WORDS} words streamed at ${WORDS_PER_TICK} words / 40 ms tick, ` +
        `rounds ${plan.map((p) => `${p.tool} ${p.n}`).join(', ')} per variant, interleaved ABBA, after one warm-up each.`,
    );
    for (const v of ['without', 'with'] as const) await runRound(browsers[v].context, plan[0]!.tool, v, -1, WARMUP_WORDS); // warm-up, discarded
    for (const { tool, n } of plan) {
      for (let i = 0; i < n; i++) {
        const order: Variant[] = i % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
        for (const v of order) {
          const r = await runRound(browsers[v].context, tool, v, i);
          rounds.push(r);
          console.log(
            `  ${tool} #${i} ${v.padEnd(7)} task ${fmt(r.taskMs).padStart(7)} ms  script ${fmt(r.scriptMs).padStart(7)} ms  ` +
              `TBT ${fmt(r.tbtMs).padStart(6)} ms  long ${String(r.longTasks).padStart(2)}  ext-cpu ${fmt(r.extensionCpuMs).padStart(6)} ms  ` +
              `(${r.wordsStreamed} words in ${r.streamWallMs} ms, ${r.domNodes} nodes)`,
          );
        }
      }
    }

    // Sanity: the extension under test really recorded the sessions (warm-up included).
    const need = (tool: string) => (tool === plan[0]!.tool ? 1 : 0) + plan.find((p) => p.tool === tool)!.n;
    const dump = await eventually(
      () => dumpChromium(browsers.with.context),
      (d) =>
        plan.every(({ tool }) => {
          const ev = eventsOf(d, tool);
          return (
            ev.filter((e) => e.kind === 'prompt_sent').length >= need(tool) &&
            ev.filter((e) => e.kind === 'response_completed').length >= need(tool)
          );
        }),
      20_000,
    );
    sanity = Object.fromEntries(
      plan.map(({ tool }) => {
        const counts: Record<string, number> = { sessions: need(tool) };
        for (const e of eventsOf(dump, tool)) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
        return [tool, counts];
      }),
    );
  } finally {
    await browsers.with.close();
    await browsers.without.close();
    await server.close();
  }

  const summaries = plan.map((p) => summarise(rounds, p.tool));
  console.log('');
  for (const s of summaries) {
    console.log(`== ${HOST[s.tool]} fixture: ${s.domNodes} DOM nodes (${s.domElements} elements), ${s.wordsStreamed}-word answer, ${s.rounds} rounds per variant`);
    printTable(s);
    const ev = sanity[s.tool] ?? {};
    const ok = (ev.prompt_sent ?? 0) >= (ev.sessions ?? 1) && (ev.response_completed ?? 0) >= (ev.sessions ?? 1);
    console.log(
      `extension sanity (${ev.sessions} sessions in the with-extension browser): prompt_sent ${ev.prompt_sent ?? 0}, ` +
        `response_completed ${ev.response_completed ?? 0} → ${ok ? 'OK, the extension was recording' : 'MISSING EVENTS: the measured extension was not working'}`,
    );
    console.log('');
  }
  console.log(`content-script bundle: ${bundle.bytes} B, ${bundle.gzipBytes} B gzip (${bundle.file})`);
  console.log(
    'Reading the ratios: each is (median with the extension) ÷ (median without), measured in this one run. ' +
      'A ratio near 1.0 means the extension adds little to what the page already costs; ' +
      'differences of a few percent are within the noise of a shared machine.',
  );

  const out = {
    generatedAt: new Date().toISOString(),
    chromium: '/usr/bin/chromium (new headless)',
    config: { rounds: ROUNDS, claudeRounds: CLAUDE_ROUNDS, turns: TURNS, words: WORDS, wordsPerTick: WORDS_PER_TICK, tickMs: 40, tailMs: TAIL_MS, profileIntervalUs: PROFILE_INTERVAL_US },
    note: 'ratio = median(with extension) / median(without), same run, rounds interleaved ABBA; a ratio near 1.0 means the extension adds little. When both medians are 0 (no long tasks) the ratio is 1; when only the without median is 0 it is null.',
    contentScriptBundle: bundle,
    sites: summaries.map((s) => ({ ...s, sanity: sanity[s.tool] })),
    rounds,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(out, null, 2) + '\n');
  console.log(`wrote ${path.relative(ROOT, RESULTS)} (bench took ${out.durationSeconds} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
