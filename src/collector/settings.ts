/**
 * k, the minimum group size: MIN_GROUP_SIZE sets it at start, an admin may
 * raise it, and the larger of the two applies. Nothing goes below MIN_K.
 */
import type { Kysely } from 'kysely';
import { MIN_K } from '../contract/report';
import type { Database } from './db/schema';

export const MAX_K = 1000;

export async function storedK(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'k').executeTakeFirst();
  return row ? Number(row.value) : undefined;
}

export async function effectiveK(db: Kysely<Database>, startK: number): Promise<number> {
  return Math.max(startK, MIN_K, (await storedK(db)) ?? 0);
}

export async function setK(db: Kysely<Database>, k: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: 'k', value: String(k) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(k) }))
    .execute();
}
