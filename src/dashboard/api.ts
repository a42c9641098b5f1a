import type { TeamReport, TeamTree } from '../contract/report';
import type { ErrorBody } from '../contract/sync';

/**
 * The collector's HTTP API as the dashboard calls it: same origin, the
 * session cookie (HttpOnly, so never seen here) and the CSRF token for every
 * request that changes state. The token a person types is sent once, in the
 * body of POST /v1/session, and never kept, put in a URL or logged.
 */

export interface Session {
  role: 'lead' | 'admin';
  /** null: an admin over the whole collector (a token made without a team). */
  scope: string | null;
  csrf: string;
  expiresAt: string;
}

export interface AdminToken {
  id: string;
  role: string;
  team: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A refusal from the collector, with what the person can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After on a 429. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** status 0: the collector was not reached at all. */
export const NETWORK_ERROR = 0;

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', cache: 'no-store', ...init });
  } catch {
    throw new ApiError(NETWORK_ERROR, 'network', 'network');
  }
  if (res.ok) return res;
  let code = 'internal';
  let message = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as ErrorBody;
    code = body.error.code;
    message = body.error.message;
  } catch {
    // Not the collector's envelope (a proxy's page): the status alone tells what to do.
  }
  const retry = Number(res.headers.get('retry-after'));
  throw new ApiError(res.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : null);
}

const json = (body: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export async function getSession(): Promise<Session | null> {
  try {
    return (await (await call('/v1/session')).json()) as Session;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function signIn(token: string): Promise<Session> {
  return (await (await call('/v1/session', { method: 'POST', ...json({ token }) })).json()) as Session;
}

export async function signOut(csrf: string): Promise<void> {
  await call('/v1/session', { method: 'DELETE', headers: { 'x-csrf-token': csrf } });
}

export async function getTeams(): Promise<TeamTree> {
  return (await (await call('/v1/teams')).json()) as TeamTree;
}

export function reportQuery(team: string, weeks: number): string {
  return new URLSearchParams({ team, weeks: String(weeks) }).toString();
}

export async function getReport(team: string, weeks: number): Promise<TeamReport> {
  return (await (await call(`/v1/report?${reportQuery(team, weeks)}`)).json()) as TeamReport;
}

export async function listTokens(): Promise<AdminToken[]> {
  return ((await (await call('/v1/admin/tokens')).json()) as { tokens: AdminToken[] }).tokens;
}

export async function createToken(csrf: string, role: string, team: string): Promise<{ id: string; role: string; team: string; token: string }> {
  const init = json({ role, team });
  return (await (await call('/v1/admin/tokens', { ...init, method: 'POST', headers: { ...(init.headers as Record<string, string>), 'x-csrf-token': csrf } })).json()) as {
    id: string;
    role: string;
    team: string;
    token: string;
  };
}

export async function revokeToken(csrf: string, id: string): Promise<void> {
  await call(`/v1/admin/tokens/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'x-csrf-token': csrf } });
}

export async function getSettings(): Promise<{ k: number; minK: number }> {
  return (await (await call('/v1/admin/settings')).json()) as { k: number; minK: number };
}
