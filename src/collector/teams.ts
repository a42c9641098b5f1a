/** The team tree: paths, created by the first snapshot for them (with their ancestors). */
import { type Kysely, sql } from 'kysely';
import type { Database } from './db/schema';

/** A path and its ancestors: acme/eng/platform → acme, acme/eng, acme/eng/platform. */
export function withAncestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The team paths at or under `scope` (all of them for null), in path order. */
export async function subtree(db: Kysely<Database>, scope: string | null): Promise<string[]> {
  let q = db.selectFrom('teams').select('path').orderBy('path');
  if (scope !== null) q = q.where((eb) => eb.or([eb('path', '=', scope), eb('path', 'like', `${scope}/%`)]));
  return (await q.execute()).map((r) => r.path);
}

export async function teamExists(db: Kysely<Database>, path: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('path').where('path', '=', path).executeTakeFirst()) !== undefined;
}

export async function ensureTeams(db: Kysely<Database>, paths: Iterable<string>): Promise<void> {
  const all = [...new Set([...paths].flatMap(withAncestors))];
  if (all.length === 0) return;
  await sql`INSERT INTO teams (path) SELECT unnest(${all}::text[]) ON CONFLICT DO NOTHING`.execute(db);
}
