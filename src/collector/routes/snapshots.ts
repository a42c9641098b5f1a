/** POST /v1/snapshots: a batch of member snapshots, all or nothing. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { IngestResult, SnapshotBatch, teamWithin } from '../../contract/sync';
import { weekAcceptedFrom, weekClosesAt } from '../../contract/week';
import { requireRole } from '../http/auth';
import { readJson } from '../http/body';
import type { AppEnv } from '../http/env';
import { ApiError, type Issue } from '../http/errors';
import { bearerAuth, errors } from '../http/openapi';
import { PseudonymConflict, writeBatch } from '../ingest';
import type { MiddlewareHandler } from 'hono';

export const postSnapshotsRoute = createRoute({
  method: 'post',
  path: '/v1/snapshots',
  summary: 'Send a batch of member snapshots (enroll token)',
  description:
    'All or nothing, in one transaction. A resend of the same week and pseudonym replaces the earlier copy. A week is accepted once its Sunday has ended in UTC+14 and until it closes (14 days after it ended everywhere). CORS: any origin, no credentials.',
  security: bearerAuth,
  request: { body: { required: true, content: { 'application/json': { schema: SnapshotBatch } } } },
  responses: {
    200: { description: 'Written: how many were new and how many replaced an earlier copy', content: { 'application/json': { schema: IngestResult } } },
    ...errors(400, 401, 403, 409, 413, 415, 429, 503),
  },
});

/** Week-window issues, or none. */
export function weekIssues(weeks: readonly string[], now: number, openDays: number): Issue[] {
  // Once per distinct week: a batch holds 100 snapshots of one or two weeks, and the calendar arithmetic
  // per snapshot was a tenth of a batch's time.
  const verdict = new Map<string, Omit<Issue, 'index'> | null>();
  const judge = (week: string): Omit<Issue, 'index'> | null => {
    if (now < weekAcceptedFrom(week)) {
      return { path: ['week'], code: 'week_not_complete', message: `the week has not ended anywhere yet: send it from ${new Date(weekAcceptedFrom(week)).toISOString()}` };
    }
    if (now >= weekClosesAt(week, openDays)) return { path: ['week'], code: 'week_closed', message: 'the week is closed: its figures are final' };
    return null;
  };
  const issues: Issue[] = [];
  weeks.forEach((week, index) => {
    if (!verdict.has(week)) verdict.set(week, judge(week));
    const v = verdict.get(week);
    if (v) issues.push({ index, ...v });
  });
  return issues;
}

export function registerSnapshots(app: OpenAPIHono<AppEnv>, limit: MiddlewareHandler<AppEnv>): void {
  app.openAPIRegistry.registerPath(postSnapshotsRoute);
  app.post('/v1/snapshots', requireRole(['enroll'], { session: false }), limit, async (c) => {
    const { deps, principal } = c.var;
    const batch = await readJson(c, SnapshotBatch, true);
    const outside = batch.snapshots.flatMap((s, index) =>
      principal.scope === null || teamWithin(s.team, principal.scope) ? [] : [{ index, path: ['team'], code: 'forbidden', message: 'team outside the token’s scope' }],
    );
    if (outside.length) throw new ApiError(403, 'forbidden', 'A snapshot’s team is outside this token’s scope; nothing was written.', outside);
    const weekProblems = weekIssues(batch.snapshots.map((s) => s.week), deps.now(), deps.weekOpenDays);
    if (weekProblems.length) {
      const code = weekProblems[0]!.code as 'week_not_complete' | 'week_closed';
      throw new ApiError(400, code, code === 'week_closed' ? 'A week in the batch is closed; nothing was written.' : 'A week in the batch has not ended yet; nothing was written.', weekProblems);
    }
    try {
      return c.json(await writeBatch(deps.store.db, batch.snapshots), 200);
    } catch (e) {
      if (e instanceof PseudonymConflict) {
        throw new ApiError(
          409,
          'pseudonym_conflict',
          'A pseudonym is already used for another team (or with another withdrawal hash); nothing was written. Pseudonyms are new random values for every member and week.',
          e.indexes.map((index) => ({ index, path: ['pseudonym'], code: 'pseudonym_conflict', message: 'pseudonym already used' })),
        );
      }
      throw e;
    }
  });
}
