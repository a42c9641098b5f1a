/**
 * `serve`: opens the database, runs the migrations, folds closed weeks at
 * start and every ten minutes (on PGlite, then vacuums what needs it), listens,
 * and on SIGINT/SIGTERM finishes the requests in flight, closes the database
 * and exits 0 (a second signal exits at once).
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from './app';
import type { CollectorConfig } from './config';
import { maintainStore } from './db/maintain';
import { openStore, type Store } from './db/open';
import { foldClosedWeeks } from './fold';
import { DASHBOARD_DIR } from './http/dashboard';
import { jsonLogger } from './http/log';
import { warmReportCache } from './report-cache';
import { effectiveK } from './settings';
import { countTokens, createToken } from './tokens';

export const FOLD_EVERY_MS = 10 * 60_000;

export interface Running {
  url: string;
  store: Store;
  server: ServerType;
  /** The admin token made on first start (shown once), if this was the first start. */
  firstAdminToken: string | undefined;
  stop(): Promise<void>;
}

export function storeOptions(config: CollectorConfig) {
  return config.databaseUrl ? ({ engine: 'postgres', url: config.databaseUrl } as const) : ({ engine: 'pglite', dataDir: config.dataDir } as const);
}

export async function startServer(
  config: CollectorConfig,
  opts: { now?: () => number; log?: (l: Record<string, unknown>) => void; dashboardDir?: string; foldEveryMs?: number } = {},
): Promise<Running> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? jsonLogger;
  const store = await openStore(storeOptions(config));
  let firstAdminToken: string | undefined;
  if ((await countTokens(store.db)) === 0) firstAdminToken = (await createToken(store.db, 'admin', null)).token;

  let stopped = false;
  /** The warm-ups and the maintenance, one after another, off the request path. */
  let background: Promise<void> = Promise.resolve();
  let warmed = 0;
  /** Protects the organisations' weeks ahead of the first report; in the background, and never fatal. */
  const warm = () => {
    warmed++;
    background = background.then(async () => {
      if (stopped) return;
      try {
        await warmReportCache(store.db, { k: await effectiveK(store.db, config.minGroupSize), now: now(), openDays: config.weekOpenDays });
      } catch (e) {
        if (!stopped) log({ time: new Date().toISOString(), level: 'error', event: 'warm', error: e instanceof Error ? e.message.slice(0, 200) : 'unknown' });
      }
    });
  };
  /** Where autovacuum does not run (PGlite; a PostgreSQL with it off): dead rows reclaimed and statistics gathered, after the warm-up queued before it. */
  const maintain = () => {
    background = background.then(async () => {
      if (stopped) return;
      try {
        const done = await maintainStore(store);
        if (done.vacuumed.length || done.analyzed.length) log({ time: new Date().toISOString(), event: 'maintain', ...done });
      } catch (e) {
        if (!stopped) log({ time: new Date().toISOString(), level: 'error', event: 'maintain', error: e instanceof Error ? e.message.slice(0, 200) : 'unknown' });
      }
    });
  };
  const fold = async () => {
    try {
      const weeks = await foldClosedWeeks(store.db, now(), config.weekOpenDays);
      if (weeks.length) {
        log({ time: new Date().toISOString(), event: 'fold', weeks });
        warm();
      }
    } catch (e) {
      log({ time: new Date().toISOString(), level: 'error', event: 'fold', error: e instanceof Error ? e.message.slice(0, 200) : 'unknown' });
    }
  };
  await fold();
  // At start, also when nothing was folded: the process's cache is empty.
  if (warmed === 0) warm();
  maintain();
  const timer = setInterval(() => void fold().then(maintain), opts.foldEveryMs ?? FOLD_EVERY_MS);
  timer.unref();

  const app = createApp({
    store,
    minGroupSize: config.minGroupSize,
    rateLimitPerMinute: config.rateLimitPerMinute,
    weekOpenDays: config.weekOpenDays,
    now,
    log,
    dashboardDir: opts.dashboardDir ?? DASHBOARD_DIR,
    badTokenDelayMs: 750,
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(timer);
      stopped = true;
      // Stop accepting, let requests in flight finish, then drop idle keep-alive sockets.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      // A warm-up or maintenance in progress uses the database: let it finish before closing it.
      await background;
      await store.close();
    })());
  return { url: `http://${host}:${port}`, store, server, firstAdminToken, stop };
}

/** Wires SIGINT/SIGTERM to a clean stop (exit 0 within 10 s); a second signal exits at once. */
export function stopOnSignals(running: Running, print: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): void {
  let signalled = false;
  const onSignal = (signal: string) => {
    if (signalled) {
      print(`${signal} again: exiting now.`);
      process.exit(1);
    }
    signalled = true;
    print(`${signal}: finishing requests in flight and closing the database…`);
    const force = setTimeout(() => {
      print('Still busy after 9 s: exiting.');
      process.exit(1);
    }, 9_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      (e) => {
        print(`Stopping failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
