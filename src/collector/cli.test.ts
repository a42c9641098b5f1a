/**
 * The real CLI, spawned: first start prints the admin token; token commands
 * beside a running server go through its admin API; a second process on the
 * same PGlite folder is refused naming the lock and its holder; SIGTERM stops
 * cleanly; a restart keeps everything; a lost admin token is replaced with the
 * server stopped; bad settings are named.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TeamTree } from '../contract/report';
import { LOCK_FILE } from './db/lock';
import { latestCompleteWeek } from './report-data';
import { snapshot, wire } from './testkit';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/leadline-collector.mjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(path.join(tmpdir(), 'leadline-cli-'));
  dirs.push(d);
  return d;
}

const env = (extra: Record<string, string>) => {
  const e: Record<string, string | undefined> = { ...process.env, LEADLINE_URL: undefined, LEADLINE_ADMIN_TOKEN: undefined, DATABASE_URL: undefined, PORT: '0', ...extra };
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as Record<string, string>;
};

/** Runs a command to its end. */
function run(args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(extra), cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `serve` and waits for its URL line. */
function serve(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], { env: env({ DATA_DIR: dataDir }), cwd: ROOT });
    children.push(child);
    let out = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+) /.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out, exited });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

// Each spawn loads the TypeScript through jiti and PGlite's first start runs initdb: generous limits for a shared, busy machine.
describe('leadline-collector CLI', { timeout: 420_000 }, () => {
  it('serves, administers beside a running server, refuses a second process, stops cleanly and restarts with everything', async () => {
    const dir = tempDir();
    const first = await serve(dir);
    await new Promise((r) => setTimeout(r, 200));
    const lines = first.output().split('\n');
    const admin = lines.find((l) => l.startsWith('ll_admin_'))!;
    expect(admin).toMatch(/^ll_admin_[A-Za-z0-9_-]{32}$/);
    expect(first.output()).toContain('token create --role enroll');
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    // A second process on the folder: exit 1, naming the lock file and the holder.
    const second = await run(['serve'], { DATA_DIR: dir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(path.join(dir, LOCK_FILE));
    expect(second.stderr).toContain(String(first.child.pid));

    // Token commands reach the running server; without an admin token they say what is missing.
    const noToken = await run(['token', 'create', '--role', 'enroll', '--team', 'acme', '--url', first.url]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/--admin-token|LEADLINE_ADMIN_TOKEN/);
    const enroll = await run(['token', 'create', '--role', 'enroll', '--team', 'acme', '--url', first.url, '--admin-token', admin]);
    expect(enroll.code).toBe(0);
    const enrollToken = enroll.stdout.trim().split('\n').at(-1)!;
    expect(enrollToken).toMatch(/^ll_enroll_/);
    const lead = await run(['token', 'create', '--role', 'lead', '--team', 'acme/sales', '--json'], { LEADLINE_URL: first.url, LEADLINE_ADMIN_TOKEN: admin });
    const leadJson = JSON.parse(lead.stdout) as { id: string; role: string; team: string; token: string };
    expect(leadJson).toMatchObject({ role: 'lead', team: 'acme/sales' });
    expect(lead.stdout.split(leadJson.token).length).toBe(2);

    const week = latestCompleteWeek(Date.now());
    const sent = await fetch(`${first.url}/v1/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${enrollToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ snapshots: [wire(snapshot({ team: 'acme/sales', week })), wire(snapshot({ team: 'acme/sales/emea', week }))] }),
    });
    expect(sent.status).toBe(200);
    const teams = await run(['team', 'list', '--url', first.url, '--admin-token', admin]);
    expect(teams.stdout.trim().split('\n')).toEqual(['acme', 'acme/sales', 'acme/sales/emea']);
    const list = await run(['token', 'list', '--json', '--url', first.url, '--admin-token', admin]);
    expect((JSON.parse(list.stdout) as { tokens: unknown[] }).tokens).toHaveLength(3);

    // SIGTERM: exit 0, lock released.
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    // Stopped: the commands open the database themselves; a lost admin token is replaced.
    const newAdmin = await run(['token', 'create', '--role', 'admin'], { DATA_DIR: dir });
    expect(newAdmin.code).toBe(0);
    const adminToken = newAdmin.stdout.trim().split('\n').at(-1)!;
    expect(adminToken).toMatch(/^ll_admin_/);
    const revoke = await run(['token', 'revoke', leadJson.id], { DATA_DIR: dir });
    expect(revoke.code).toBe(0);

    // Restart: no new admin token, everything kept.
    const again = await serve(dir);
    expect(again.output()).not.toContain('ll_admin_');
    const tree = TeamTree.parse(await (await fetch(`${again.url}/v1/teams`, { headers: { authorization: `Bearer ${adminToken}` } })).json());
    expect(tree.teams.map((t) => t.path)).toEqual(['acme', 'acme/sales', 'acme/sales/emea']);
    expect((await fetch(`${again.url}/v1/teams`, { headers: { authorization: `Bearer ${leadJson.token}` } })).status).toBe(401);
    expect((await fetch(`${again.url}/v1/teams`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    const report = await fetch(`${again.url}/v1/report?team=acme&weeks=1`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(report.status).toBe(200);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = tempDir();
    // PIDs above the kernel's pid_max cannot exist.
    writeFileSync(path.join(dir, LOCK_FILE), '4194305');
    const r = await run(['token', 'list'], { DATA_DIR: dir });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('stops on a bad setting with a message naming it', async () => {
    const dir = tempDir();
    for (const [name, value] of [
      ['MIN_GROUP_SIZE', '3'],
      ['PORT', 'eighty'],
      ['RATE_LIMIT_PER_MINUTE', '0'],
      ['DATABASE_URL', 'mysql://x'],
    ] as const) {
      const r = await run(['serve'], { DATA_DIR: dir, [name]: value });
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toContain(name);
    }
    const flag = await run(['serve', '--min-group-size', '2'], { DATA_DIR: dir });
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/MIN_GROUP_SIZE.*below 5/);
  });
});
