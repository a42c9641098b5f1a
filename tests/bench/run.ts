/**
 * `npm run bench`: what Leadline costs on the AI page, on disk, in the popup,
 * in the collector and in the dashboard, each figure beside a baseline taken in
 * the same run. Writes bench/results.json and docs/performance.md.
 *
 *   npm run bench                      every part, full sizes (builds first)
 *   npm run bench -- --only popup      one part (page, storage, popup, collector, dashboard);
 *                                      the other parts' figures already in results.json are kept
 *   jiti tests/bench/run.ts --smoke --out <dir>
 *                                      tiny sizes, written to <dir> (the npm test smoke run)
 *
 * Nothing here fails on a timing: a missed target is reported, not thrown.
 * Run it under `flock /tmp/leadline-browser.lock` on a shared machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/extension';
import { chromiumVersion, PART_IDS, type Part, type PartId, type PartResult } from './lib';
import { renderMarkdown, type Results } from './report';

const PARTS: Record<PartId, () => Promise<Part>> = {
  page: async () => (await import('./parts/page')).pagePart,
  storage: async () => (await import('./parts/storage')).storagePart,
  popup: async () => (await import('./parts/popup')).popupPart,
  collector: async () => (await import('./parts/collector')).collectorPart,
  dashboard: async () => (await import('./parts/dashboard')).dashboardPart,
};

function parseArgs(argv: string[]): { only: PartId[]; smoke: boolean; out: string | undefined } {
  const only: PartId[] = [];
  let smoke = false;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--smoke') smoke = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      for (const p of (v ?? '').split(',')) {
        if (!(PART_IDS as readonly string[]).includes(p)) throw new Error(`--only ${p}: the parts are ${PART_IDS.join(', ')}`);
        only.push(p as PartId);
      }
    } else if (a === '--out') out = argv[++i];
    else throw new Error(`unknown argument ${a}: use --only <part>, --smoke, --out <dir>`);
  }
  return { only: only.length ? only : [...PART_IDS], smoke, out };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const { only, smoke, out } = parseArgs(process.argv.slice(2));
  const resultsFile = out ? path.join(out, 'results.json') : path.join(ROOT, 'bench/results.json');
  const docFile = out ? path.join(out, 'performance.md') : path.join(ROOT, 'docs/performance.md');
  const previous: Results | undefined = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
  const cpus = os.cpus();
  const results: Results = {
    generatedAt: new Date().toISOString(),
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain']) ? ' (with uncommitted changes)' : ''}`,
    machine: {
      cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      chromium: chromiumVersion(),
    },
    smoke,
    parts: { ...(previous && previous.smoke === smoke ? previous.parts : {}) },
  };
  let failed = false;
  for (const id of only) {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    console.log(`\n== ${id}${smoke ? ' (smoke sizes)' : ''}`);
    try {
      const part = await (await PARTS[id]())({ smoke, log: (line) => console.log(`  [${id}] ${line}`) });
      const result: PartResult = {
        ...part,
        part: id,
        startedAt,
        durationSeconds: Math.round((Date.now() - started) / 1000),
        smoke,
        reproduce: `flock /tmp/leadline-browser.lock npm run bench -- --only ${id}`,
      };
      results.parts[id] = result;
      for (const f of result.figures) {
        const ratio = f.ratio === undefined ? '' : `  ratio ${f.ratio === null ? 'n/a' : f.ratio.toFixed(3)}`;
        const verdict = f.met === undefined ? '' : f.met ? '  target met' : '  TARGET MISSED';
        console.log(`  ${f.label}: ${f.value.toFixed(2)} ${f.unit}${f.baseline ? ` vs ${f.baseline.value.toFixed(2)}` : ''}${ratio}${verdict}`);
      }
    } catch (e) {
      failed = true;
      console.error(`  [${id}] failed:`, e);
      results.parts[id] = {
        part: id,
        title: id,
        reproduce: `flock /tmp/leadline-browser.lock npm run bench -- --only ${id}`,
        method: [],
        config: {},
        figures: [],
        findings: [`This part failed in this run: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`],
        startedAt,
        durationSeconds: Math.round((Date.now() - started) / 1000),
        smoke,
      };
    }
  }
  // Parts run separately (`--only`, possibly side by side) each keep the others' latest figures:
  // read the file again just before writing, and replace only the parts run here.
  const onDisk: Results | undefined = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
  if (onDisk && onDisk.smoke === smoke) results.parts = { ...onDisk.parts, ...Object.fromEntries(only.map((id) => [id, results.parts[id]])) };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  mkdirSync(path.dirname(docFile), { recursive: true });
  writeFileSync(docFile, renderMarkdown(results));
  console.log(`\nwrote ${path.relative(ROOT, resultsFile)} and ${path.relative(ROOT, docFile)}`);
  if (failed) process.exitCode = 1;
}

await main();
