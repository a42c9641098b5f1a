/**
 * The benchmark at tiny sizes, so that it cannot rot: every part runs for real
 * (browsers, the built extension, the collector on PGlite and PostgreSQL, the
 * built dashboard) and must produce every figure, finite and sane. No time is
 * asserted: speed is the benchmark's business, not the test's.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_IDS, type PartResult } from '../bench/lib';
import { renderMarkdown, type Results } from '../bench/report';
import { TAB_ITEMS_PER_MINUTE } from '../../src/contract/limits';
import { ROOT } from '../support/extension';

const run = promisify(execFile);

/** The figures each part must produce at any size. */
const EXPECTED: Record<(typeof PART_IDS)[number], string[]> = {
  page: ['chatgpt.contentScriptCpu', 'chatgpt.taskMs', 'chatgpt.scriptMs', 'chatgpt.longTasks', 'chatgpt.extensionLongTasks', 'claude.contentScriptCpu', 'contentScript.gzipBytes'],
  storage: ['eventsPerSecond', 'commitMs', 'tabItemsPerMinute', 'bytesPerEvent', 'bytesPerHeavyDay', 'yearBytes'],
  popup: ['firstScreenRatio', 'firstScreenHeavyMs', 'firstPaintJsGzip', 'firstPaintJs'],
  collector: [
    'pglite.ingestPerSecond',
    'pglite.ingestStatementPerSecond',
    'pglite.ingestAppPerSecond',
    'pglite.report.root.warm.p95',
    'pglite.report.root.cold.p95',
    'pglite.report.root.coldUnkept.p95',
    'pglite.report.department.changed.p95',
    'pglite.report.team.warm.p95',
    'pglite.foldMs',
    'pglite.rss',
    'postgres.ingestPerSecond',
    'postgres.report.team.cold.p95',
    'postgres.foldMs',
    'growth.report.root.warm.p50',
    'growth.report.root.cold.p50',
    'growth.rss',
  ],
  dashboard: ['firstMeaningfulRender', 'bundleGzip'],
};

describe('npm run bench, smoke sizes', () => {
  let dir: string;
  let results: Results;
  let doc: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-smoke-'));
    try {
      await run(process.execPath, [path.join(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs'), path.join(ROOT, 'tests/bench/run.ts'), '--smoke', '--out', dir], {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
        timeout: 900_000,
      });
    } catch (e) {
      // The runner exits 1 when a part failed; the assertions below say which and why.
      const err = e as { stdout?: string; stderr?: string };
      console.error(err.stdout?.slice(-4000), err.stderr?.slice(-4000));
    }
    results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
    doc = readFileSync(path.join(dir, 'performance.md'), 'utf8');
  }, 960_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every part and writes each expected figure, with finite values, baselines and ratios', () => {
    expect(results.smoke).toBe(true);
    for (const id of PART_IDS) {
      const part = results.parts[id] as PartResult | undefined;
      expect(part, `part ${id}`).toBeDefined();
      expect(part!.findings.filter((f) => f.startsWith('This part failed')), `part ${id}`).toEqual([]);
      const ids = part!.figures.map((f) => f.id);
      for (const want of EXPECTED[id]) expect(ids, `part ${id}`).toContain(want);
      for (const f of part!.figures) {
        expect(Number.isFinite(f.value) && f.value >= 0, `${id}/${f.id} = ${f.value}`).toBe(true);
        if (f.baseline) expect(Number.isFinite(f.baseline.value) && f.baseline.value >= 0, `${id}/${f.id} baseline = ${f.baseline.value}`).toBe(true);
        if (f.ratio !== undefined && f.ratio !== null) expect(Number.isFinite(f.ratio), `${id}/${f.id} ratio`).toBe(true);
        if (f.target) expect(typeof f.met, `${id}/${f.id} verdict`).toBe('boolean');
      }
      expect(part!.reproduce).toContain(`--only ${id}`);
    }
  });

  it('measures what it says: the extension recorded the streams, the popup read the imported year, the collector stored every member', () => {
    const page = results.parts.page!;
    const recorded = page.config.recorded as Record<string, { responses: number }>;
    const streams = page.config.streams as number;
    for (const tool of page.config.sites as string[]) expect(recorded[tool]!.responses).toBeGreaterThanOrEqual(streams + 1);
    // The content script ran in the with-extension sessions: its CPU was sampled.
    expect(page.figures.find((f) => f.id === 'chatgpt.contentScriptCpu')!.value).toBeGreaterThan(0);
    expect((results.parts.popup!.config.imported as { rollups: number }).rollups).toBe(14 * 4);
    const runs = results.parts.collector!.config.runs as { members: number; engine: string }[];
    expect(runs.map((r) => `${r.engine}:${r.members}`)).toEqual(['pglite:300', 'postgres:100', 'postgres:300']);
    expect(results.parts.storage!.figures.find((f) => f.id === 'eventsPerSecond')!.baseline!.value).toBeGreaterThan(0);
    // The bench copy's worker timed its commits: adding the events is one of the steps, and it took time.
    expect((results.parts.storage!.config.phases as { steps: Record<string, number> }).steps['adding the events']).toBeGreaterThan(0);
    // The throughput rounds run on a bench copy without the per-tab limit; the shipped build keeps it,
    // measured in the same run: one tab sending twice its allowance gets exactly the allowance admitted.
    expect(results.parts.storage!.figures.find((f) => f.id === 'tabItemsPerMinute')!.value).toBe(TAB_ITEMS_PER_MINUTE);
    expect((results.parts.storage!.config.ceiling as { refused: number }).refused).toBeGreaterThan(0);
  });

  it('writes docs/performance.md from the results: machine, commit, a table and the reproduce command for every part', () => {
    expect(doc).toBe(renderMarkdown(results));
    expect(doc).toContain(results.machine.chromium);
    expect(doc).toContain(results.commit);
    for (const id of PART_IDS) expect(doc).toContain(`npm run bench -- --only ${id}`);
    expect(doc).toMatch(/\| figure \| value \| baseline \(same run\) \| ratio \| target \|/);
  });
});

describe('docs/performance.md', () => {
  it('is what bench/results.json renders to (edit neither by hand: rerun npm run bench)', () => {
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'bench/results.json'), 'utf8')) as Results;
    expect(readFileSync(path.join(ROOT, 'docs/performance.md'), 'utf8')).toBe(renderMarkdown(committed));
  });
});
