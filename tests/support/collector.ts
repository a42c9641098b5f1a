/**
 * The real Leadline collector for the sync end-to-end tests: its Hono app and
 * store (embedded PGlite in a temporary folder) served on a random loopback
 * port, started and stopped by the test ("down, then back" keeps the port and
 * the data). Every answer to /v1/snapshots is recorded as received.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../src/collector/app';
import { openStore, type Store } from '../../src/collector/db/open';
import { createToken } from '../../src/collector/tokens';

export interface Received {
  method: string;
  path: string;
  body: string;
  status: number;
  response: unknown;
}

/**
 * The real collector app and store, served on a loopback port that survives a
 * stop and start ("down, then back"). Every request it answers is recorded as
 * received; `holdNextPost` lets one POST be stored and then keeps its answer
 * back, so the service worker can be stopped between the two.
 */
export class Collector {
  readonly received: Received[] = [];
  port = 0;
  adminToken = '';
  private server: ServerType | null = null;
  private hold: { arrived: () => void; release: Promise<void> } | null = null;
  private constructor(
    readonly store: Store,
    readonly dir: string,
    private readonly app: ReturnType<typeof createApp>,
  ) {}

  /** `dashboardDir`: the built dashboard (dist/dashboard), served at `/` as the real collector does. */
  static async start(opts: { dashboardDir?: string } = {}): Promise<Collector> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'leadline-collector-'));
    const store = await openStore({ engine: 'pglite', dataDir: dir });
    const app = createApp({
      store,
      minGroupSize: 5,
      rateLimitPerMinute: 1_000,
      weekOpenDays: 14,
      now: Date.now,
      log: () => {},
      dashboardDir: opts.dashboardDir,
      badTokenDelayMs: 50,
    });
    const c = new Collector(store, dir, app);
    c.adminToken = (await createToken(store.db, 'admin', null)).token;
    await c.up();
    return c;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: (req, env) => this.handle(req, env), port: this.port, hostname: '127.0.0.1' }, () => resolve(s));
      s.once('error', reject);
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      if ('closeAllConnections' in s) (s as unknown as { closeAllConnections(): void }).closeAllConnections();
    });
  }

  /** The next POST is stored by the collector, then its answer waits for `release`. */
  holdNextPost(): { arrived: Promise<void>; release: () => void } {
    let arrived!: () => void;
    let release!: () => void;
    const arrivedP = new Promise<void>((r) => (arrived = r));
    const releaseP = new Promise<void>((r) => (release = r));
    this.hold = { arrived, release: releaseP };
    return { arrived: arrivedP, release };
  }

  private async handle(req: Request, env: unknown): Promise<Response> {
    const url = new URL(req.url);
    const body = req.method === 'POST' ? await req.clone().text() : '';
    const res = await this.app.fetch(req, env as never);
    if (req.method !== 'OPTIONS' && url.pathname.startsWith('/v1/snapshots')) {
      const text = await res.clone().text();
      this.received.push({ method: req.method, path: url.pathname, body, status: res.status, response: text ? JSON.parse(text) : null });
      if (req.method === 'POST' && this.hold) {
        const h = this.hold;
        this.hold = null;
        h.arrived();
        await h.release;
      }
    }
    return res;
  }

  async api(method: string, p: string, body?: unknown): Promise<Response> {
    return fetch(`${this.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  posts(): Received[] {
    return this.received.filter((r) => r.method === 'POST');
  }

  async snapshotsOf(week: string) {
    return this.store.db.selectFrom('snapshots').selectAll().where('week', '=', week).execute();
  }

  /** Every row of every table, as text: where the canary must not be. */
  async databaseText(): Promise<string> {
    const tables = ['teams', 'tokens', 'settings', 'snapshots', 'aggregates', 'sessions'] as const;
    const rows = await Promise.all(tables.map((t) => this.store.db.selectFrom(t).selectAll().execute()));
    return JSON.stringify(rows);
  }

  async close(): Promise<void> {
    this.hold = null;
    await this.down();
    await this.store.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

