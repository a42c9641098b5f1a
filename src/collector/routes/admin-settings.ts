/** /v1/admin/settings: k, which an admin may raise; the larger of it and MIN_GROUP_SIZE applies. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { MIN_K } from '../../contract/report';
import { requireRole } from '../http/auth';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';
import { errors, sessionOrBearer } from '../http/openapi';
import { MAX_K, effectiveK, setK } from '../settings';

const SettingsBody = z.strictObject({ k: z.number().int().min(MIN_K).max(MAX_K) });
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

export const routes = {
  read: createRoute({
    method: 'get',
    path: '/v1/admin/settings',
    summary: 'k in force, and minK: the floor set at start (MIN_GROUP_SIZE, never below 5)',
    security: sessionOrBearer,
    responses: { 200: { description: 'Settings', ...json(z.strictObject({ k: z.number().int(), minK: z.number().int() })) }, ...errors(401, 403, 429, 503) },
  }),
  write: createRoute({
    method: 'put',
    path: '/v1/admin/settings',
    summary: 'Set k (never below minK); answers the k in force',
    security: sessionOrBearer,
    request: { body: { required: true, ...json(SettingsBody) } },
    responses: { 200: { description: 'k in force', ...json(z.strictObject({ k: z.number().int() })) }, ...errors(400, 401, 403, 415, 429, 503) },
  }),
};

export function registerAdminSettings(app: OpenAPIHono<AppEnv>, limit: MiddlewareHandler<AppEnv>): void {
  for (const r of Object.values(routes)) app.openAPIRegistry.registerPath(r);
  const admin = requireRole(['admin']);
  app.get('/v1/admin/settings', admin, limit, async (c) => {
    const { deps } = c.var;
    return c.json({ k: await effectiveK(deps.store.db, deps.minGroupSize), minK: deps.minGroupSize }, 200);
  });
  app.put('/v1/admin/settings', admin, limit, async (c) => {
    const { deps } = c.var;
    const body = await readJson(c, SettingsBody);
    if (body.k < deps.minGroupSize) {
      throw new ApiError(400, 'invalid_request', `k cannot go below ${deps.minGroupSize} (MIN_GROUP_SIZE at start).`, [{ path: ['k'], code: 'too_small', message: `at least ${deps.minGroupSize}` }]);
    }
    await setK(deps.store.db, body.k);
    return c.json({ k: await effectiveK(deps.store.db, deps.minGroupSize) }, 200);
  });
}
