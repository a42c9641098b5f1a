/**
 * Dashboard sessions: a random id in an HttpOnly cookie, stored only as a
 * hash beside its token and CSRF value, 8 hours long, ended with the token.
 * Kept in the database so several collector instances share them.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { type Role, sha256 } from './tokens';

export const SESSION_COOKIE = 'll_session';
export const SESSION_SECONDS = 8 * 3600;

export interface SessionInfo {
  tokenId: string;
  role: Role;
  scope: string | null;
  csrf: string;
  expiresAt: string;
}

export async function createSession(db: Kysely<Database>, tokenId: string, now: number): Promise<{ id: string; csrf: string; expiresAt: string }> {
  const id = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now + SESSION_SECONDS * 1000).toISOString();
  // Expired sessions go as new ones come, so the table never grows without bound.
  await db.deleteFrom('sessions').where('expires_at', '<', new Date(now)).execute();
  await db.insertInto('sessions').values({ hash: sha256(id), token_id: tokenId, csrf, expires_at: expiresAt }).execute();
  return { id, csrf, expiresAt };
}

export async function findSession(db: Kysely<Database>, id: string, now: number): Promise<SessionInfo | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('tokens', 'tokens.id', 'sessions.token_id')
    .select(['tokens.id as tokenId', 'tokens.role', 'tokens.team', 'sessions.csrf', 'sessions.expires_at'])
    .where('sessions.hash', '=', sha256(id))
    .where('tokens.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', new Date(now))
    .executeTakeFirst();
  if (!row) return undefined;
  return { tokenId: row.tokenId, role: row.role, scope: row.team, csrf: row.csrf, expiresAt: new Date(row.expires_at).toISOString() };
}

export async function endSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('hash', '=', sha256(id)).execute();
}

/**
 * Failed sign-ins per client address, in memory: after `limit` failures in
 * `windowMs`, further attempts answer 429 until the window passes.
 */
export class FailureCounter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}
  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
  /** Seconds until another attempt is allowed, or 0. */
  blockedFor(key: string, now: number): number {
    const list = this.recent(key, now);
    return list.length >= this.limit ? Math.ceil((list[0]! + this.windowMs - now) / 1000) : 0;
  }
  fail(key: string, now: number): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }
}
