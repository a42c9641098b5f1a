/**
 * The token and team commands, on either side: through a running collector's
 * admin API (PGlite allows one process per folder), or straight on the
 * database when no collector answers.
 */
import type { Role, TokenInfo } from '../tokens';
import { createToken, listTokens, revokeToken } from '../tokens';
import type { Store } from '../db/open';
import { subtree } from '../teams';

export interface AdminOps {
  createToken(role: Role, team: string | null): Promise<{ id: string; role: Role; team: string | null; token: string }>;
  listTokens(): Promise<TokenInfo[]>;
  revokeToken(id: string): Promise<boolean>;
  listTeams(): Promise<string[]>;
}

export function directOps(store: Store): AdminOps {
  return {
    createToken: async (role, team) => {
      const t = await createToken(store.db, role, team);
      return { id: t.id, role: t.role, team: t.team, token: t.token };
    },
    listTokens: () => listTokens(store.db),
    revokeToken: (id) => revokeToken(store.db, id),
    listTeams: () => subtree(store.db, null),
  };
}

export class CliError extends Error {}

/** Whether a collector answers at `url` (its /healthz, within a second and a half). */
export async function collectorAt(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1500) });
    const body = (await res.json()) as { database?: unknown };
    return typeof body.database === 'string';
  } catch {
    return false;
  }
}

export function remoteOps(url: string, adminToken: string): AdminOps {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(new URL(path, url), {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return undefined;
    const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; issues?: { path: unknown[]; message: string }[] } };
    if (!res.ok) {
      if (res.status === 404 && method === 'DELETE') return null;
      const issues = json.error?.issues?.map((i) => ` ${i.path.join('.')}: ${i.message}`).join(';') ?? '';
      throw new CliError(`The collector at ${url} answered ${res.status} ${json.error?.code ?? ''}: ${json.error?.message ?? ''}${issues}`);
    }
    return json;
  };
  return {
    createToken: async (role, team) => (await call('POST', '/v1/admin/tokens', team === null ? { role } : { role, team })) as never,
    listTokens: async () => ((await call('GET', '/v1/admin/tokens')) as { tokens: TokenInfo[] }).tokens,
    revokeToken: async (id) => (await call('DELETE', `/v1/admin/tokens/${encodeURIComponent(id)}`)) !== null,
    listTeams: async () => ((await call('GET', '/v1/teams')) as { teams: { path: string }[] }).teams.map((t) => t.path),
  };
}
