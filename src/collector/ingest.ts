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
import { ensureTeams } from './teams';

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

  const result = await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock_shared(${WEEK_LOCK})`.execute(tx);
    const existing = await tx
      .selectFrom('snapshots')
      .select(['pseudonym', 'team', 'withdrawal_hash'])
      .where('pseudonym', 'in', [...teamOf.keys()])
      .execute();
    const clash = rows.filter(({ row }) => existing.some((e) => e.pseudonym === row.pseudonym && (e.team !== row.team || e.withdrawal_hash !== row.withdrawal_hash)));
    if (clash.length) throw new PseudonymConflict(clash.map((c) => c.index).sort((a, b) => a - b));

    const teams = new Set(rows.map((r) => r.row.team));
    let known = knownTeams.get(db);
    if (!known) knownTeams.set(db, (known = new Set()));
    const unknown = [...teams].filter((t) => !known.has(t));
    if (unknown.length) await ensureTeams(tx, unknown);

    const written = await tx
      .insertInto('snapshots')
      .values(rows.map((r) => r.row))
      .onConflict((oc) =>
        oc
          .columns(['week', 'pseudonym'])
          .doUpdateSet((eb) => ({
            level: eb.ref('excluded.level'),
            active_days: eb.ref('excluded.active_days'),
            prompts: eb.ref('excluded.prompts'),
            dimensions: eb.ref('excluded.dimensions'),
            tools: eb.ref('excluded.tools'),
            features: eb.ref('excluded.features'),
            extension_version: eb.ref('excluded.extension_version'),
          }))
          // A concurrent writer may have claimed the pseudonym for another team since the check above.
          .where((eb) => eb.and([eb('snapshots.team', '=', eb.ref('excluded.team')), eb('snapshots.withdrawal_hash', '=', eb.ref('excluded.withdrawal_hash'))])),
      )
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    if (written.length !== rows.length) throw new PseudonymConflict([]);
    return { unknown, inserted: written.filter((w) => w.inserted).length };
  });
  const known = knownTeams.get(db)!;
  for (const t of result.unknown) known.add(t);
  return { accepted: snapshots.length, new: result.inserted, replaced: rows.length - result.inserted + duplicates };
}

/** Forgets the known teams (tests that empty the tables). */
export function forgetKnownTeams(db: Kysely<Database>): void {
  knownTeams.delete(db);
}
