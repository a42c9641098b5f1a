/**
 * Plain-SQL migrations, the same text on PGlite (PostgreSQL 18) and
 * PostgreSQL 15+: nothing newer than 15 is used. Append only; never edit a
 * migration that has shipped.
 */
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';

/** A migration: SQL text split on line-ending semicolons, or a list of statements run as given (function bodies hold semicolons). */
const MIGRATIONS: Record<string, string | readonly string[]> = {
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
  // Versions of each organisation's weeks, so a report can reuse the protected tables of a week that did not
  // change without reading its rows again. Every statement that writes snapshots, aggregates or teams appends
  // (organisation, week, 1) here from a statement-level trigger, in the writer's own transaction: a week's
  // version, sum(n), grows with every committed change and with nothing else, whichever process or tool made
  // it. Appending (no counter row) keeps concurrent ingests from queueing on one hot row. The fold compacts
  // a week's rows into one with the same sum. Team changes are logged under week ''.
  '0002_week_versions': [
    `CREATE TABLE week_changes (
      org text COLLATE "C" NOT NULL,
      week text NOT NULL,
      n bigint NOT NULL DEFAULT 1
    )`,
    'CREATE INDEX week_changes_org_week ON week_changes (org, week) INCLUDE (n)',
    `CREATE FUNCTION log_week_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO week_changes (org, week) SELECT DISTINCT split_part(team, '/', 1), week FROM changed;
      RETURN NULL;
    END $$`,
    `CREATE FUNCTION log_team_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO week_changes (org, week) SELECT DISTINCT split_part(path, '/', 1), '' FROM changed;
      RETURN NULL;
    END $$`,
    ...['snapshots', 'aggregates'].flatMap((table) => [
      `CREATE TRIGGER ${table}_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION log_week_changes()`,
      `CREATE TRIGGER ${table}_updated AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION log_week_changes()`,
      `CREATE TRIGGER ${table}_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION log_week_changes()`,
    ]),
    'CREATE TRIGGER teams_inserted AFTER INSERT ON teams REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION log_team_changes()',
    'CREATE TRIGGER teams_deleted AFTER DELETE ON teams REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION log_team_changes()',
    // Raised inside the one ingest statement when a row could not be written (a pseudonym claimed concurrently
    // for another team), so the whole statement, and with it the batch, rolls back.
    `CREATE FUNCTION leadline_conflict() RETURNS boolean LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'pseudonym claimed concurrently' USING ERRCODE = 'LL409';
    END $$`,
  ],
  // The protected tables of closed weeks (report-cache.ts), so that a new process serves a report without
  // running the suppression of every week again. Keyed like the in-memory cache: a row is served only for the
  // week's current version (week_changes), the same k and the same tree (SHA-256 of its paths); anything else
  // is recomputed and the row replaced. The JSON holds only what renderReport reads: published counts, and
  // the histograms of published teams (report/build.ts storedWeekTables), never a count that was hidden.
  '0003_protected_weeks': `
    CREATE TABLE protected_weeks (
      org text COLLATE "C" NOT NULL,
      week text NOT NULL,
      k integer NOT NULL,
      tree text NOT NULL,
      version text NOT NULL,
      tables json NOT NULL,
      PRIMARY KEY (org, week, k, tree)
    );
  `,
  // The team of each change, so that a report after a change to an open week groups the member rows of the
  // teams that changed, not of the whole organisation (report-cache.ts). The week's version is still sum(n)
  // over (org, week), whatever the teams; rows without a team (written before this migration, compacted by
  // the fold, or team changes under week '') only mean that a week's teams cannot be told apart, and then
  // every team of the week is grouped again.
  '0004_team_changes': [
    'ALTER TABLE week_changes ADD COLUMN team text COLLATE "C"',
    `CREATE OR REPLACE FUNCTION log_week_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO week_changes (org, week, team) SELECT DISTINCT split_part(team, '/', 1), week, team FROM changed;
      RETURN NULL;
    END $$`,
    // An update is logged under the rows' teams and weeks before and after it, so that a row moved to
    // another team or week (by hand, in SQL: ingest never moves one) changes the versions of both.
    `CREATE FUNCTION log_week_updates() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO week_changes (org, week, team)
      SELECT DISTINCT split_part(team, '/', 1), week, team FROM (SELECT team, week FROM changed UNION SELECT team, week FROM previous) t;
      RETURN NULL;
    END $$`,
    ...['snapshots', 'aggregates'].flatMap((table) => [
      `DROP TRIGGER ${table}_updated ON ${table}`,
      `CREATE TRIGGER ${table}_updated AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION log_week_updates()`,
    ]),
  ],
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
            for (const statement of typeof text === 'string' ? statements(text) : text) await sql.raw(statement).execute(db);
          },
        },
      ]),
    );
  }
}

/** Brings the schema up to date; returns the names of the migrations applied now. */
export async function migrate(db: Kysely<any>): Promise<string[]> {
  // Named explicitly: without it Kysely looks for its bookkeeping tables in every schema, and a neighbour's
  // (another test run, another app in the same database) would be taken for ours.
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const migrator = new Migrator({ db, provider: new SqlProvider(), migrationTableSchema: rows[0]!.schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
