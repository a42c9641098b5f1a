/** DELETE /v1/snapshots/{pseudonym}: the member withdraws a snapshot, proving it with the withdrawal secret. */
import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { Pseudonym, WithdrawalSecret } from '../../contract/sync';
import { weekClosesAt } from '../../contract/week';
import { bearer } from '../http/auth';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';
import { bearerAuth, errors } from '../http/openapi';

export const withdrawRoute = createRoute({
  method: 'delete',
  path: '/v1/snapshots/{pseudonym}',
  summary: 'Withdraw a snapshot while its week is open (Authorization: Bearer <withdrawal secret>)',
  description:
    'The bearer value is the 64-hex withdrawal secret; its SHA-256 (of the 64 characters as text; the 32 decoded bytes are accepted too) must equal the withdrawalHash sent with the snapshot. A wrong secret answers 404, like an unknown pseudonym. CORS: any origin, no credentials.',
  security: bearerAuth,
  request: { params: z.object({ pseudonym: Pseudonym }) },
  responses: { 204: { description: 'Withdrawn: the row is deleted at once' }, ...errors(400, 401, 404, 429, 503) },
});

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function registerWithdraw(app: OpenAPIHono<AppEnv>, limit: MiddlewareHandler<AppEnv>): void {
  app.openAPIRegistry.registerPath(withdrawRoute);
  app.delete('/v1/snapshots/:pseudonym', limit, async (c) => {
    const { deps } = c.var;
    const secret = bearer(c);
    if (!secret || !WithdrawalSecret.safeParse(secret).success) {
      throw new ApiError(401, 'unauthorized', 'Send Authorization: Bearer <withdrawal secret> (64 lowercase hex characters).', undefined, { 'WWW-Authenticate': 'Bearer' });
    }
    const pseudonym = c.req.param('pseudonym');
    if (!Pseudonym.safeParse(pseudonym).success) {
      throw new ApiError(400, 'invalid_request', 'The pseudonym is 32 lowercase hex characters.', [{ path: ['pseudonym'], code: 'invalid_format', message: 'a pseudonym is 32 lowercase hex characters' }]);
    }
    const hashes = [sha(secret), sha(Buffer.from(secret, 'hex'))];
    const db = deps.store.db;
    const rows = await db.selectFrom('snapshots').select('week').where('pseudonym', '=', pseudonym).where('withdrawal_hash', 'in', hashes).execute();
    if (rows.length === 0) throw new ApiError(404, 'not_found', 'No open snapshot for this pseudonym and secret (unknown, withdrawn, or its week is closed).');
    const now = deps.now();
    if (rows.some((r) => now >= weekClosesAt(r.week, deps.weekOpenDays))) {
      throw new ApiError(400, 'week_closed', 'The week is closed: its figures are final and hold nothing per person.');
    }
    await db.deleteFrom('snapshots').where('pseudonym', '=', pseudonym).where('withdrawal_hash', 'in', hashes).execute();
    return c.body(null, 204);
  });
}
