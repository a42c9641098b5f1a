/** The tables, as Kysely sees them (migrations/ holds the SQL that makes them). */
import type { ColumnType, Generated } from 'kysely';

export interface TeamsTable {
  path: string;
}

export interface TokensTable {
  id: string;
  role: 'enroll' | 'lead' | 'admin';
  /** The scope; null for an admin token over the whole collector. */
  team: string | null;
  /** The visible start of the token, for lists (never enough to use it). */
  prefix: string;
  /** SHA-256 of the token, hex. */
  hash: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** One member's snapshot, only while its week is open. */
export interface SnapshotsTable {
  week: string;
  pseudonym: string;
  team: string;
  withdrawal_hash: string;
  /** Index into LEVELS. */
  level: number;
  active_days: number;
  /** Index into WEEK_PROMPT_BUCKETS. */
  prompts: number;
  /** Scores in DIMENSIONS order (multiples of ten). */
  dimensions: number[];
  tools: string[];
  features: string[];
  extension_version: string;
}

/** A closed week of one team path: the direct members' counts, nothing per person. */
export interface AggregatesTable {
  week: string;
  team: string;
  contributors: number;
  levels: number[];
  tools: ColumnType<Record<string, number>, string, string>;
  features: ColumnType<Record<string, number>, string, string>;
  /** DIMENSIONS.length × SCORE_BINS counts, dimension-major. */
  dimensions: number[];
  active_days: number[];
}

export interface SessionsTable {
  /** SHA-256 of the session id held in the cookie. */
  hash: string;
  token_id: string;
  csrf: string;
  expires_at: ColumnType<Date, Date | string, never>;
  id: Generated<number>;
}

/** Appended by triggers on every write to snapshots, aggregates (week) or teams (week ''): sum(n) is a version. */
export interface WeekChangesTable {
  org: string;
  week: string;
  /** The team whose rows changed (migration 0004); null when not known: team changes, compacted rows, older rows. */
  team: ColumnType<string | null, string | null | undefined, string | null>;
  n: ColumnType<number, number | undefined, number>;
}

/** Protected tables of closed weeks (report-cache.ts); `tables` is report/build.ts StoredWeekTables as JSON. */
export interface ProtectedWeeksTable {
  org: string;
  week: string;
  k: number;
  tree: string;
  version: string;
  tables: string;
}

export interface Database {
  teams: TeamsTable;
  tokens: TokensTable;
  settings: SettingsTable;
  snapshots: SnapshotsTable;
  aggregates: AggregatesTable;
  sessions: SessionsTable;
  week_changes: WeekChangesTable;
  protected_weeks: ProtectedWeeksTable;
}
