/**
 * Tokens: a visible role prefix, 192 random bits, stored only as SHA-256
 * (random tokens need no salt: there is nothing to guess from a hash of 192
 * random bits). Scoped to a team path; an admin token may have no scope (the
 * whole collector).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

export const ROLES = ['enroll', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenInfo {
  id: string;
  role: Role;
  team: string | null;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The shape of a token, so a malformed header is refused before any database work. */
export const TOKEN_PATTERN = /^ll_(enroll|lead|admin)_[A-Za-z0-9_-]{32}$/;

export async function createToken(db: Kysely<Database>, role: Role, team: string | null): Promise<TokenInfo & { token: string }> {
  const token = `ll_${role}_${randomBytes(24).toString('base64url')}`;
  const row = await db
    .insertInto('tokens')
    .values({ id: randomBytes(8).toString('hex'), role, team, prefix: token.slice(0, `ll_${role}_`.length + 4), hash: sha256(token) })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toInfo(row), token };
}

function toInfo(row: { id: string; role: Role; team: string | null; prefix: string; created_at: Date; revoked_at: Date | null }): TokenInfo {
  return {
    id: row.id,
    role: row.role,
    team: row.team,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

export async function listTokens(db: Kysely<Database>): Promise<TokenInfo[]> {
  const rows = await db.selectFrom('tokens').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toInfo);
}

/**
 * Live tokens recently looked up, per database handle, so a burst of batches
 * with one enroll token costs one query rather than one each. Revoking through
 * this process (the admin API, or the CLI through it) drops the entry at once;
 * a revocation written by another process sharing the database (a second
 * instance, the CLI on PostgreSQL) takes effect here within TOKEN_CACHE_MS.
 * Unknown and revoked tokens are never cached.
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 1_000;
const tokenCache = new WeakMap<object, Map<string, { info: TokenInfo; until: number }>>();
const cacheOf = (db: Kysely<Database>) => {
  let m = tokenCache.get(db);
  if (!m) tokenCache.set(db, (m = new Map()));
  return m;
};

/** Revokes a token; false when no such token. Its sessions end with it. */
export async function revokeToken(db: Kysely<Database>, id: string): Promise<boolean> {
  const cache = cacheOf(db);
  for (const [hash, e] of cache) if (e.info.id === id) cache.delete(hash);
  return db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    await tx.deleteFrom('sessions').where('token_id', '=', id).execute();
    if (r.numUpdatedRows > 0n) return true;
    return (await tx.selectFrom('tokens').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  });
}

/** The live token behind a bearer value, or undefined (unknown, malformed or revoked). */
export async function findToken(db: Kysely<Database>, token: string, clock: number = performance.now()): Promise<TokenInfo | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const hash = sha256(token);
  const cache = cacheOf(db);
  const hit = cache.get(hash);
  if (hit && hit.until > clock) return hit.info;
  cache.delete(hash);
  const row = await db.selectFrom('tokens').selectAll().where('hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  const info = toInfo(row);
  if (cache.size >= TOKEN_CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(hash, { info, until: clock + TOKEN_CACHE_MS });
  return info;
}

export async function countTokens(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
