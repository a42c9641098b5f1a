/**
 * Who is calling: a bearer token (API clients, the CLI) or the dashboard's
 * session cookie. Cookie-authenticated requests that change state must carry
 * X-CSRF-Token; bearer calls need none (a browser never adds them by itself).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { findSession } from '../sessions';
import { SESSION_COOKIE } from '../sessions';
import { findToken, type Role } from '../tokens';
import type { AppEnv } from './env';
import { ApiError } from './errors';

export interface Principal {
  tokenId: string;
  role: Role;
  /** The team path the token is scoped to; null = the whole collector (admin). */
  scope: string | null;
  via: 'bearer' | 'session';
  csrf?: string;
  sessionId?: string;
}

export function bearer(c: Context): string | undefined {
  const h = c.req.header('authorization');
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

const unauthorized = (what: string) => new ApiError(401, 'unauthorized', what, undefined, { 'WWW-Authenticate': 'Bearer' });

/** Resolves the caller, or throws 401. Sessions only when `allowSession`. */
export async function authenticate(c: Context<AppEnv>, allowSession: boolean): Promise<Principal> {
  const { store, now } = c.var.deps;
  const token = bearer(c);
  if (token !== undefined) {
    const info = token ? await findToken(store.db, token) : undefined;
    if (!info) throw unauthorized('The token is unknown, malformed or revoked.');
    return { tokenId: info.id, role: info.role, scope: info.team, via: 'bearer' };
  }
  const cookie = allowSession ? getCookie(c, SESSION_COOKIE) : undefined;
  if (cookie) {
    const s = await findSession(store.db, cookie, now());
    if (!s) throw unauthorized('The session has ended: sign in again.');
    return { tokenId: s.tokenId, role: s.role, scope: s.scope, via: 'session', csrf: s.csrf, sessionId: cookie };
  }
  throw unauthorized('Send Authorization: Bearer <token>.');
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Requires one of `roles`; a cookie session also needs the CSRF header for state changes. */
export function requireRole(roles: readonly Role[], { session = true } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = await authenticate(c, session);
    if (!roles.includes(p.role)) {
      throw new ApiError(403, 'forbidden', `This needs a ${roles.join(' or ')} token; this one is ${p.role}.`);
    }
    if (p.via === 'session' && STATE_CHANGING.has(c.req.method) && c.req.header('x-csrf-token') !== p.csrf) {
      throw new ApiError(403, 'forbidden', 'Missing or wrong X-CSRF-Token for this session.');
    }
    c.set('principal', p);
    await next();
  };
}

/** Whether the principal may read `team` (its scope or below). */
export function canRead(p: Principal, team: string): boolean {
  return p.scope === null || team === p.scope || team.startsWith(`${p.scope}/`);
}
