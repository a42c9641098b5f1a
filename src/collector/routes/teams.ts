/** GET /v1/teams: the team tree within the caller's scope. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { TeamTree } from '../../contract/report';
import { requireRole } from '../http/auth';
import type { AppEnv } from '../http/env';
import { errors, sessionOrBearer } from '../http/openapi';
import { effectiveK } from '../settings';
import { subtree } from '../teams';

export const teamsRoute = createRoute({
  method: 'get',
  path: '/v1/teams',
  summary: 'The team tree within the token’s scope (lead or admin token, or session)',
  security: sessionOrBearer,
  responses: { 200: { description: 'The tree, in path order', content: { 'application/json': { schema: TeamTree } } }, ...errors(401, 403, 429, 503) },
});

export function registerTeams(app: OpenAPIHono<AppEnv>, limit: MiddlewareHandler<AppEnv>): void {
  app.openAPIRegistry.registerPath(teamsRoute);
  app.get('/v1/teams', requireRole(['lead', 'admin']), limit, async (c) => {
    const { deps, principal } = c.var;
    const [paths, k] = await Promise.all([subtree(deps.store.db, principal.scope), effectiveK(deps.store.db, deps.minGroupSize)]);
    const tree: TeamTree = { k, scope: principal.scope, teams: paths.map((path) => ({ path, depth: path.split('/').length })) };
    c.header('Cache-Control', 'no-store');
    return c.json(tree, 200);
  });
}
