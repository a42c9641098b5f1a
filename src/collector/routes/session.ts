/** /v1/session: the dashboard signs in with a token and then uses an HttpOnly cookie. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/env';
import { readJson } from '../http/body';
import { ApiError } from '../http/errors';
import { errors } from '../http/openapi';
import { SESSION_COOKIE, SESSION_SECONDS, createSession, endSession, findSession, type FailureCounter } from '../sessions';
import { findToken } from '../tokens';

const SessionBody = z.strictObject({ token: z.string().max(200) });
export const SessionInfo = z.strictObject({
  role: z.enum(['lead', 'admin']),
  scope: z.string().nullable(),
  csrf: z.string(),
  expiresAt: z.iso.datetime(),
});

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

export const routes = {
  create: createRoute({
    method: 'post',
    path: '/v1/session',
    summary: 'Sign in with a lead or admin token: sets the HttpOnly cookie ll_session (8 h)',
    description: 'A bad token answers 401 only after a deliberate delay; after 10 failures from one address in 15 minutes, 429 with Retry-After.',
    request: { body: { required: true, ...json(SessionBody) } },
    responses: { 200: { description: 'Signed in', ...json(SessionInfo) }, ...errors(400, 401, 403, 415, 429, 503) },
  }),
  read: createRoute({
    method: 'get',
    path: '/v1/session',
    summary: 'The current session',
    responses: { 200: { description: 'Signed in', ...json(SessionInfo) }, ...errors(401, 503) },
  }),
  end: createRoute({
    method: 'delete',
    path: '/v1/session',
    summary: 'Sign out (needs X-CSRF-Token)',
    request: { headers: z.object({ 'x-csrf-token': z.string() }) },
    responses: { 204: { description: 'Signed out; the session is ended server-side' }, ...errors(401, 403, 503) },
  }),
};

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function registerSession(app: OpenAPIHono<AppEnv>, failures: FailureCounter): void {
  for (const r of Object.values(routes)) app.openAPIRegistry.registerPath(r);

  app.post('/v1/session', async (c) => {
    const { deps } = c.var;
    const ip = clientAddress(c);
    const wait = failures.blockedFor(ip, Date.now());
    if (wait > 0) throw new ApiError(429, 'rate_limited', 'Too many failed sign-ins from this address; wait and try again.', undefined, { 'Retry-After': String(wait) });
    const body = await readJson(c, SessionBody);
    const token = await findToken(deps.store.db, body.token);
    if (!token) {
      failures.fail(ip, Date.now());
      // Slow on purpose: guessing tokens by the thousand stops being possible.
      await new Promise((r) => setTimeout(r, deps.badTokenDelayMs));
      throw new ApiError(401, 'unauthorized', 'The token is unknown, malformed or revoked.');
    }
    if (token.role === 'enroll') throw new ApiError(403, 'forbidden', 'An enroll token can only send snapshots; sign in with a lead or admin token.');
    const s = await createSession(deps.store.db, token.id, deps.now());
    setCookie(c, SESSION_COOKIE, s.id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: SESSION_SECONDS,
    });
    return c.json({ role: token.role, scope: token.team, csrf: s.csrf, expiresAt: s.expiresAt }, 200);
  });

  app.get('/v1/session', async (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    const s = id ? await findSession(c.var.deps.store.db, id, c.var.deps.now()) : undefined;
    if (!s) throw new ApiError(401, 'unauthorized', 'Not signed in.');
    c.header('Cache-Control', 'no-store');
    return c.json({ role: s.role, scope: s.scope, csrf: s.csrf, expiresAt: s.expiresAt }, 200);
  });

  app.delete('/v1/session', async (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    const s = id ? await findSession(c.var.deps.store.db, id, c.var.deps.now()) : undefined;
    if (!id || !s) throw new ApiError(401, 'unauthorized', 'Not signed in.');
    if (c.req.header('x-csrf-token') !== s.csrf) throw new ApiError(403, 'forbidden', 'Missing or wrong X-CSRF-Token for this session.');
    await endSession(c.var.deps.store.db, id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
}
