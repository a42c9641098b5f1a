/** One JSON line per request: method, route pattern, status, duration. Never payload values, paths with ids, or tokens. */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from './env';

export function requestLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      let route: string;
      try {
        route = routePath(c, -1);
      } catch {
        route = '(none)';
      }
      c.var.deps.log({
        time: new Date().toISOString(),
        method: c.req.method,
        // The pattern (/v1/snapshots/:pseudonym), not the path, so no pseudonym reaches the log.
        route,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      });
    }
  };
}

export const jsonLogger = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
