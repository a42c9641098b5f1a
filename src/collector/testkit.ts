/**
 * The collector suite's harness: the same tests against embedded PGlite (in
 * memory) and the real PostgreSQL (a fresh random schema, dropped after), an
 * app driven through app.request() with an injected clock, and builders for
 * valid snapshots and tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { DIMENSIONS } from '../contract/depth';
import type { MemberSnapshot } from '../contract/sync';
import { createApp } from './app';
import { openStore, type Engine, type Store } from './db/open';
import { createToken, type Role } from './tokens';

export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function openTestStore(engine: Engine): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const store = await openStore({ engine: 'pglite', dataDir: 'memory' });
    return { store, drop: () => store.close() };
  }
  const schema = `t_collector_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const store = await openStore({ engine: 'postgres', url: PG_URL, schema });
  return {
    store,
    drop: async () => {
      await store.close().catch(() => {});
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Wednesday 2 December 2026, noon UTC: 2026-W48 is the latest complete week, W47 still open, W46 closed. */
export const NOW = Date.parse('2026-12-02T12:00:00Z');

export interface Harness {
  store: Store;
  app: ReturnType<typeof createApp>;
  clock: { now: number };
  logs: Record<string, unknown>[];
  token(role: Role, team: string | null): Promise<string>;
  post(token: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(token: string, url: string): Promise<Response>;
  drop(): Promise<void>;
}

export async function harness(engine: Engine, opts: { rateLimitPerMinute?: number; minGroupSize?: number } = {}): Promise<Harness> {
  const { store, drop } = await openTestStore(engine);
  const clock = { now: NOW };
  const logs: Record<string, unknown>[] = [];
  const app = createApp({
    store,
    minGroupSize: opts.minGroupSize ?? 5,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 1_000_000,
    weekOpenDays: 14,
    now: () => clock.now,
    log: (l) => void logs.push(l),
    dashboardDir: undefined,
    badTokenDelayMs: 50,
  });
  return {
    store,
    app,
    clock,
    logs,
    token: async (role, team) => (await createToken(store.db, role, team)).token,
    post: (token, body, headers = {}) =>
      Promise.resolve(
        app.request('/v1/snapshots', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    get: (token, url) => Promise.resolve(app.request(url, { headers: { authorization: `Bearer ${token}` } })),
    drop,
  };
}

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A valid snapshot; the withdrawal secret comes back beside it. */
export function snapshot(over: Partial<MemberSnapshot> = {}): MemberSnapshot & { secret: string } {
  const secret = hex(32);
  const s: MemberSnapshot = {
    v: 1,
    week: '2026-W48',
    team: 'acme/sales',
    pseudonym: hex(16),
    withdrawalHash: sha256(secret),
    level: 'habitual',
    activeDays: 4,
    prompts: '15-49',
    dimensions: Object.fromEntries(DIMENSIONS.map((d, i) => [d, (i * 10) % 110])) as MemberSnapshot['dimensions'],
    tools: ['chatgpt', 'claude'],
    features: ['web_search'],
    extensionVersion: '0.1',
    ...over,
  };
  return Object.assign(s, { secret }) as MemberSnapshot & { secret: string };
}

/** Strips the secret for sending. */
export const wire = ({ secret: _s, ...s }: MemberSnapshot & { secret?: string }): MemberSnapshot => s;
