/**
 * Writes a validated, in-scope batch: all or nothing, in one transaction. A
 * resend of (week, pseudonym) replaces the earlier copy; a pseudonym already
 * used for another team, or resent with another withdrawal hash, is a
 * conflict and nothing of the batch is written.
 */
import { type Kysely, sql } from 'kysely';
import { DIMENSIONS, LEVELS } from '../contract/depth';
import { type IngestResult, type MemberSnapshot, WEEK_PROMPT_BUCKETS } from '../contract/sync';
import type { Database, SnapshotsTable } from './db/schema';
import { WEEK_LOCK } from './fold';
import { withAncestors } from './teams';

/** The SQLSTATE leadline_conflict() raises (migration 0002). */
const CONFLICT_CODE = 'LL409';

export class PseudonymConflict extends Error {
  constructor(readonly indexes: number[]) {
    super('pseudonym already used for another team (or with another withdrawal hash)');
  }
}

export function toRow(s: MemberSnapshot): SnapshotsTable {
  return {
    week: s.week,
    pseudonym: s.pseudonym,
    team: s.team,
    withdrawal_hash: s.withdrawalHash,
    level: LEVELS.indexOf(s.level),
    active_days: s.activeDays,
    prompts: WEEK_PROMPT_BUCKETS.indexOf(s.prompts),
    dimensions: DIMENSIONS.map((d) => s.dimensions[d]),
    tools: [...s.tools],
    features: [...s.features],
    extension_version: s.extensionVersion,
  };
}

/** Team paths this process knows exist, so a steady stream of batches does not insert them again. */
const knownTeams = new WeakMap<object, Set<string>>();

export async function writeBatch(db: Kysely<Database>, snapshots: readonly MemberSnapshot[]): Promise<IngestResult> {
  // Within the batch: the last copy of a (week, pseudonym) wins, and an earlier one counts as replaced.
  const byKey = new Map<string, { row: SnapshotsTable; index: number }>();
  const teamOf = new Map<string, { team: string; hash: string }>();
  const conflicts: number[] = [];
  snapshots.forEach((s, index) => {
    const seen = teamOf.get(s.pseudonym);
    if (seen && (seen.team !== s.team || seen.hash !== s.withdrawalHash)) conflicts.push(index);
    teamOf.set(s.pseudonym, { team: s.team, hash: s.withdrawalHash });
    byKey.set(`${s.week} ${s.pseudonym}`, { row: toRow(s), index });
  });
  if (conflicts.length) throw new PseudonymConflict(conflicts);
  const rows = [...byKey.values()];
  const duplicates = snapshots.length - rows.length;

  let known = knownTeams.get(db);
  if (!known) knownTeams.set(db, (known = new Set()));
  const unknown = [...new Set(rows.map((r) => r.row.team))].filter((t) => !known.has(t));
  const newPaths = [...new Set(unknown.flatMap(withAncestors))];

  // One statement, so one round trip and its own transaction: all of it is written or none. In order: the
  // shared week lock (the fold takes it exclusive, so no row lands in a week being folded), the pseudonym
  // check against rows already stored, the team paths, the upsert, and a raise that rolls everything back
  // if a row was not written (a pseudonym claimed for another team by a concurrent batch since the check).
  const input = JSON.stringify(rows.map(({ row, index }) => ({ i: index, ...row })));
  let result: { clash: number[]; inserted: number };
  try {
    const { rows: out } = await sql<{ clash: number[]; inserted: number }>`
      WITH lock AS (SELECT pg_advisory_xact_lock_shared(${WEEK_LOCK})),
      input AS MATERIALIZED (
        SELECT x.* FROM lock, jsonb_to_recordset(${input}::jsonb) AS x(
          i int, week text, pseudonym text, team text, withdrawal_hash text, level smallint, active_days smallint,
          prompts smallint, dimensions smallint[], tools text[], features text[], extension_version text)
      ),
      -- One index probe per row (a LATERAL subquery with LIMIT is never turned into a join). As a join,
      -- a table without statistics (PGlite runs no autovacuum; a new PostgreSQL table has none yet) was
      -- hashed whole for every batch, so ingest slowed as the table grew.
      clash AS MATERIALIZED (
        SELECT input.i FROM input CROSS JOIN LATERAL (
          SELECT 1 FROM snapshots s
          WHERE s.pseudonym = input.pseudonym AND (s.team <> input.team OR s.withdrawal_hash <> input.withdrawal_hash)
          LIMIT 1
        ) AS taken
      ),
      ${newPaths.length ? sql`new_teams AS (INSERT INTO teams (path) SELECT p FROM unnest(${newPaths}::text[]) AS p WHERE NOT EXISTS (SELECT 1 FROM clash) ON CONFLICT DO NOTHING),` : sql``}
      written AS (
        INSERT INTO snapshots (week, pseudonym, team, withdrawal_hash, level, active_days, prompts, dimensions, tools, features, extension_version)
        SELECT week, pseudonym, team, withdrawal_hash, level, active_days, prompts, dimensions, tools, features, extension_version
        FROM input WHERE NOT EXISTS (SELECT 1 FROM clash)
        ON CONFLICT (week, pseudonym) DO UPDATE SET
          level = excluded.level, active_days = excluded.active_days, prompts = excluded.prompts, dimensions = excluded.dimensions,
          tools = excluded.tools, features = excluded.features, extension_version = excluded.extension_version
          WHERE snapshots.team = excluded.team AND snapshots.withdrawal_hash = excluded.withdrawal_hash
        RETURNING (xmax = 0) AS inserted
      )
      SELECT (SELECT coalesce(array_agg(i ORDER BY i), '{}'::int[]) FROM clash) AS clash,
        (SELECT count(*) FILTER (WHERE inserted) FROM written)::int AS inserted,
        CASE WHEN NOT EXISTS (SELECT 1 FROM clash) AND (SELECT count(*) FROM written) <> ${rows.length} THEN leadline_conflict() END AS failed`.execute(db);
    result = out[0]!;
  } catch (e) {
    if ((e as { code?: unknown }).code === CONFLICT_CODE) throw new PseudonymConflict([]);
    throw e;
  }
  if (result.clash.length) throw new PseudonymConflict(result.clash.map(Number));
  for (const t of unknown) known.add(t);
  return { accepted: snapshots.length, new: result.inserted, replaced: rows.length - result.inserted + duplicates };
}

/** Forgets the known teams (tests that empty the tables). */
export function forgetKnownTeams(db: Kysely<Database>): void {
  knownTeams.delete(db);
}
