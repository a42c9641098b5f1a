/**
 * Plain-SQL migrations, the same text on PGlite (PostgreSQL 18) and
 * PostgreSQL 15+: nothing newer than 15 is used. Append only; never edit a
 * migration that has shipped.
 */
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';

const MIGRATIONS: Record<string, string> = {
  '0001_initial': `
    -- "C" collation: team paths compare byte-wise, so LIKE 'acme/%' can use the indexes.
    CREATE TABLE teams (
      path text COLLATE "C" PRIMARY KEY
    );
    CREATE TABLE tokens (
      id text PRIMARY KEY,
      role text NOT NULL CHECK (role IN ('enroll', 'lead', 'admin')),
      team text COLLATE "C",
      prefix text NOT NULL,
      hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      CHECK (team IS NOT NULL OR role = 'admin')
    );
    CREATE TABLE settings (
      key text PRIMARY KEY,
      value text NOT NULL
    );
    -- Member rows live only while their week is open; no time finer than the week.
    CREATE TABLE snapshots (
      week text NOT NULL,
      pseudonym text NOT NULL,
      team text COLLATE "C" NOT NULL,
      withdrawal_hash text NOT NULL,
      level smallint NOT NULL,
      active_days smallint NOT NULL,
      prompts smallint NOT NULL,
      dimensions smallint[] NOT NULL,
      tools text[] NOT NULL,
      features text[] NOT NULL,
      extension_version text NOT NULL,
      PRIMARY KEY (week, pseudonym)
    );
    CREATE INDEX snapshots_week_team ON snapshots (week, team);
    CREATE INDEX snapshots_pseudonym ON snapshots (pseudonym);
    -- Closed weeks, per team path and week: counts only.
    CREATE TABLE aggregates (
      week text NOT NULL,
      team text COLLATE "C" NOT NULL,
      contributors integer NOT NULL,
      levels integer[] NOT NULL,
      tools jsonb NOT NULL,
      features jsonb NOT NULL,
      dimensions integer[] NOT NULL,
      active_days integer[] NOT NULL,
      PRIMARY KEY (week, team)
    );
    CREATE TABLE sessions (
      id serial PRIMARY KEY,
      hash text NOT NULL UNIQUE,
      token_id text NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
      csrf text NOT NULL,
      expires_at timestamptz NOT NULL
    );
  `,
};

/** Splits a migration on the semicolons that end a line (no statement here has one inside). */
export function statements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

class SqlProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, text]) => [
        name,
        {
          up: async (db: Kysely<unknown>) => {
            // One statement at a time: PGlite's extended protocol takes a single command per query.
            for (const statement of statements(text)) await sql.raw(statement).execute(db);
          },
        },
      ]),
    );
  }
}

/** Brings the schema up to date; returns the names of the migrations applied now. */
export async function migrate(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new SqlProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
