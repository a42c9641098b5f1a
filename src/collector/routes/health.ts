/** GET /healthz: liveness, and whether the database answers. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppEnv } from '../http/env';

const Health = z.strictObject({ ok: z.boolean(), database: z.enum(['up', 'down']) });

export const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness, and whether the database answers',
  responses: {
    200: { description: 'Up', content: { 'application/json': { schema: Health } } },
    503: { description: 'The database does not answer', content: { 'application/json': { schema: Health } } },
  },
});

export function registerHealth(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath(healthRoute);
  app.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await Promise.race([
        sql`SELECT 1`.execute(c.var.deps.store.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]);
      return c.json({ ok: true, database: 'up' as const }, 200);
    } catch {
      return c.json({ ok: false, database: 'down' as const }, 503);
    }
  });
}
