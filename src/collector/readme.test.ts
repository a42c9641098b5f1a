/**
 * The README's collector commands, run as written: `npm start` builds the
 * extension and answers /healthz with the admin token and policy snippet
 * printed; `npm run demo` yields a report with published and suppressed teams.
 * Each in its own temporary data folder and on a free port (PORT=0).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TeamReport } from '../contract/report';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const started: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const c of started) {
    if (c.exitCode !== null || c.signalCode !== null || !c.pid) continue;
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs an npm command in its own process group until `done` matches its output. */
function npm(args: string[], done: RegExp): Promise<{ child: ChildProcess; output: () => string; match: RegExpExecArray; exited: Promise<number | null> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-readme-'));
  dirs.push(dataDir);
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: ROOT, detached: true, env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '' } });
    started.push(child);
    let out = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const seen = (d: Buffer) => {
      out += d;
      const m = done.exec(out);
      if (m) resolve({ child, output: () => out, match: m, exited });
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`npm ${args.join(' ')} exited ${code}:\n${out.slice(-3000)}`)));
  });
}

async function stop(child: ChildProcess, exited: Promise<number | null>) {
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

describe('the README’s collector commands', { timeout: 900_000 }, () => {
  it('lists them first', () => {
    const first = README.split('\n').slice(0, 6).join('\n');
    expect(first).toContain('bash .ci/env npm start');
    expect(first).toContain('bash .ci/env npm test');
    expect(README).toContain('npm run demo');
  });

  it('`npm start` builds the extension and answers /healthz, printing the admin token and the policy snippet', async () => {
    const run = await npm(['start'], /Policy snippet[\s\S]*\n\}\n/);
    const out = run.output();
    const url = /listening on (http:\/\/\S+) /.exec(out)![1]!;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: 'up' });
    expect(out).toMatch(/^ll_admin_[A-Za-z0-9_-]{32}$/m);
    const snippet = JSON.parse(/(\{\n[\s\S]*?\n\})\n/.exec(out.slice(out.indexOf('Policy snippet')))![1]!) as Record<string, unknown>;
    expect(snippet).toMatchObject({ syncEnabled: true, collectorUrl: url });
    expect(Object.keys(snippet).sort()).toEqual(['collectorUrl', 'enrollmentToken', 'syncEnabled', 'teamId']);
    await stop(run.child, run.exited);
  });

  it('`npm run demo` yields a report with published and suppressed teams, labelled demo data', async () => {
    const run = await npm(['run', 'demo'], /^(ll_lead_[A-Za-z0-9_-]{32})$/m);
    const out = run.output();
    expect(out).toContain('DEMO DATA');
    const url = /Collector:\s+(http:\/\/\S+)/.exec(out)![1]!;
    const res = await fetch(`${url}/v1/report?team=demo`, { headers: { authorization: `Bearer ${run.match[1]}` } });
    expect(res.status).toBe(200);
    const report = TeamReport.parse(await res.json());
    expect(report.weeks).toHaveLength(12);
    expect(report.weeks.some((w) => w.status === 'closed') && report.weeks.some((w) => w.status === 'open')).toBe(true);
    const latest = report.weeks.at(-1)!;
    expect(latest.headline.status).toBe('published');
    expect(latest.headline.members.value).toBeGreaterThan(200);
    const eng = TeamReport.parse(await (await fetch(`${url}/v1/report?team=demo/engineering`, { headers: { authorization: `Bearer ${run.match[1]}` } })).json());
    const statuses = eng.weeks.at(-1)!.children.map((c) => c.headline.status);
    expect(statuses).toContain('published');
    expect(statuses.some((s) => s !== 'published')).toBe(true);
    await stop(run.child, run.exited);
  });
});
