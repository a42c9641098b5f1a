/**
 * Opens the database: embedded PGlite in a folder (or in memory, for tests),
 * or PostgreSQL when a URL is given. Both behind one Kysely instance, migrated.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireLock } from './lock';
import { migrate } from './migrations';
import type { Database } from './schema';

export type Engine = 'pglite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

export type StoreOptions =
  | { engine: 'pglite'; dataDir: string | 'memory' }
  | { engine: 'postgres'; url: string; /** A schema to work in (tests: a fresh one per run). */ schema?: string; poolSize?: number };

// int8 (counts) as numbers: every count here is far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export async function openStore(options: StoreOptions, { runMigrations = true } = {}): Promise<Store> {
  let db: Kysely<Database>;
  let release = () => {};
  if (options.engine === 'pglite') {
    let pglite: PGlite;
    if (options.dataDir === 'memory') pglite = new PGlite();
    else {
      release = acquireLock(options.dataDir);
      mkdirSync(options.dataDir, { recursive: true });
      try {
        pglite = new PGlite(options.dataDir);
        await pglite.waitReady;
      } catch (e) {
        release();
        throw e;
      }
    }
    await pglite.waitReady;
    db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  } else {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 });
    // A dead connection is reported by the query that uses it (→ 503), not as an unhandled error.
    pool.on('error', () => {});
    db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool,
        onCreateConnection: schema ? (conn) => conn.executeQuery(CompiledQuery.raw(`SET search_path TO ${schema}`)).then(() => {}) : undefined,
      }),
    });
  }
  const store: Store = {
    db,
    engine: options.engine,
    close: async () => {
      try {
        await db.destroy();
      } finally {
        release();
      }
    },
  };
  if (runMigrations) {
    try {
      await migrate(db);
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}
