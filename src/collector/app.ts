/**
 * The collector's HTTP application, assembled from one file per endpoint.
 * Pure wiring over injected dependencies (store, clock, logger), so tests
 * drive it with app.request() and no socket.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { rateLimiter } from 'hono-rate-limiter';
import { MAX_BODY_BYTES } from '../contract/sync';
import { registerDashboard } from './http/dashboard';
import type { AppDeps, AppEnv } from './http/env';
import { ApiError, errorBody, sendError } from './http/errors';
import { requestLog } from './http/log';
import { isDatabaseUnavailable } from './http/unavailable';
import { registerAdminSettings } from './routes/admin-settings';
import { registerAdminTokens } from './routes/admin-tokens';
import { registerDocs } from './routes/docs';
import { registerHealth } from './routes/health';
import { registerReport } from './routes/report';
import { registerSession } from './routes/session';
import { registerSnapshots } from './routes/snapshots';
import { registerTeams } from './routes/teams';
import { registerWithdraw } from './routes/withdraw';
import { FailureCounter } from './sessions';

function address(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', requestLog());
  app.use(
    '*',
    secureHeaders({
      // Strict CSP: everything from this origin, nothing from anywhere else.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  // Ingest and withdrawal only: any origin, no credentials, so the extension needs no host permission. Reads get no CORS.
  const ingestCors = cors({ origin: '*', allowMethods: ['POST', 'DELETE', 'OPTIONS'], allowHeaders: ['authorization', 'content-type'], maxAge: 86_400, credentials: false });
  app.use('/v1/snapshots', ingestCors);
  app.use('/v1/snapshots/*', ingestCors);
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json(errorBody('payload_too_large', `The body is above ${MAX_BODY_BYTES} bytes (256 KiB): send at most 100 snapshots a batch.`), 413),
    }),
  );

  const limit = rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit: deps.rateLimitPerMinute,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => {
      const p = c.get('principal');
      return p ? `token:${p.tokenId}` : `ip:${address(c)}`;
    },
    handler: (c) => sendError(c, new ApiError(429, 'rate_limited', `More than ${deps.rateLimitPerMinute} requests a minute with this token: retry after Retry-After seconds.`)),
  });

  registerHealth(app);
  registerSnapshots(app, limit);
  registerWithdraw(app, limit);
  registerTeams(app, limit);
  registerReport(app, limit);
  registerSession(app, new FailureCounter());
  registerAdminTokens(app, limit);
  registerAdminSettings(app, limit);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'll_enroll_…, ll_lead_… or ll_admin_… token; for withdrawal, the withdrawal secret',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'll_session' });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Leadline collector',
      version: '1',
      description:
        'Weekly anonymous member snapshots in, k-anonymous team reports out. Every error is the ErrorBody envelope {"error":{"code","message","issues?"}}; issues name indexes and field paths, never values. A suppressed figure is {"value":null,"suppressed":"below_k"|"withheld"}, a published one {"value":n}.',
    },
  });

  registerDocs(app);
  registerDashboard(app, deps.dashboardDir);

  app.notFound((c) => (c.req.path.startsWith('/v1/') ? c.json(errorBody('not_found', 'No such endpoint.'), 404) : c.text('Not found', 404)));
  app.onError((e, c) => {
    if (e instanceof ApiError) return sendError(c, e);
    if (isDatabaseUnavailable(e)) {
      c.header('Retry-After', '5');
      return c.json(errorBody('unavailable', 'The database is unavailable; retry shortly.'), 503);
    }
    // The error's class and message only: never the request.
    deps.log({ time: new Date().toISOString(), level: 'error', error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : 'unknown' });
    return c.json(errorBody('internal', 'Internal error.'), 500);
  });
  return app;
}
export type CollectorApp = ReturnType<typeof createApp>;
