/** /v1/admin/tokens: list, create (shown once) and revoke tokens (admin token or admin session). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { TeamPath } from '../../contract/sync';
import { requireRole } from '../http/auth';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';
import { errors, sessionOrBearer } from '../http/openapi';
import { ROLES, createToken, listTokens, revokeToken } from '../tokens';

export const CreateTokenBody = z
  .strictObject({ role: z.enum(ROLES), team: TeamPath.optional() })
  .refine((b) => b.role === 'admin' || b.team !== undefined, { message: 'enroll and lead tokens need a team path', path: ['team'] });

const TokenInfo = z.strictObject({
  id: z.string(),
  role: z.enum(ROLES),
  team: z.string().nullable(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
const Created = z.strictObject({ id: z.string(), role: z.enum(ROLES), team: z.string().nullable(), token: z.string() });
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

export const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/admin/tokens',
    summary: 'Every token (never the token itself)',
    security: sessionOrBearer,
    responses: { 200: { description: 'Tokens', ...json(z.strictObject({ tokens: z.array(TokenInfo) })) }, ...errors(401, 403, 429, 503) },
  }),
  create: createRoute({
    method: 'post',
    path: '/v1/admin/tokens',
    summary: 'Create a token; the answer shows it once',
    description: 'A scope is a path: the team need not exist yet (teams appear with their data). An admin token without a team covers the whole collector.',
    security: sessionOrBearer,
    request: { body: { required: true, ...json(CreateTokenBody) } },
    responses: { 201: { description: 'Created', ...json(Created) }, ...errors(400, 401, 403, 415, 429, 503) },
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/v1/admin/tokens/{id}',
    summary: 'Revoke a token (its sessions end with it)',
    security: sessionOrBearer,
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: 'Revoked' }, ...errors(401, 403, 404, 429, 503) },
  }),
};

export function registerAdminTokens(app: OpenAPIHono<AppEnv>, limit: MiddlewareHandler<AppEnv>): void {
  for (const r of Object.values(routes)) app.openAPIRegistry.registerPath(r);
  const admin = requireRole(['admin']);
  app.get('/v1/admin/tokens', admin, limit, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ tokens: await listTokens(c.var.deps.store.db) }, 200);
  });
  app.post('/v1/admin/tokens', admin, limit, async (c) => {
    const body = await readJson(c, CreateTokenBody);
    const t = await createToken(c.var.deps.store.db, body.role, body.team ?? null);
    c.header('Cache-Control', 'no-store');
    return c.json({ id: t.id, role: t.role, team: t.team, token: t.token }, 201);
  });
  app.delete('/v1/admin/tokens/:id', admin, limit, async (c) => {
    const id = c.req.param('id');
    if (!/^[0-9a-f]{16}$/.test(id) || !(await revokeToken(c.var.deps.store.db, id))) throw new ApiError(404, 'not_found', 'No such token.');
    return c.body(null, 204);
  });
}
