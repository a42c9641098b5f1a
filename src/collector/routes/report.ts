/** GET /v1/report and /v1/report.csv: a team's report, every figure through buildReport. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { DEFAULT_REPORT_WEEKS, MAX_REPORT_WEEKS, TeamReport } from '../../contract/report';
import { TeamPath } from '../../contract/sync';
import { canRead, requireRole } from '../http/auth';
import type { AppEnv } from '../http/env';
import { ApiError, toIssues } from '../http/errors';
import { errors, sessionOrBearer } from '../http/openapi';
import { reportToCsv } from '../report/csv';
import { loadVersions, reportsFor } from '../report-cache';
import { reportWeeks } from '../report-data';
import { effectiveK } from '../settings';
import { teamExists } from '../teams';

export const ReportQuery = z.strictObject({
  team: TeamPath.optional().describe('The team path; defaults to the token’s scope'),
  weeks: z
    .string()
    .regex(/^\d{1,2}$/, `a whole number from 1 to ${MAX_REPORT_WEEKS}`)
    .refine((w) => Number(w) >= 1 && Number(w) <= MAX_REPORT_WEEKS, `a whole number from 1 to ${MAX_REPORT_WEEKS}`)
    .optional()
    .describe(`Weeks of trend, ending with the latest complete week: default ${DEFAULT_REPORT_WEEKS}, at most ${MAX_REPORT_WEEKS}`),
});

const reportErrors = errors(400, 401, 403, 404, 429, 503);

export const reportRoute = createRoute({
  method: 'get',
  path: '/v1/report',
  summary: 'A team’s report as JSON (lead or admin token, or session)',
  description:
    'Outside the scope → 403 whether or not the team exists; unknown inside the scope → 404; a team with no data → 200 with its figures suppressed. No cross-origin reads.',
  security: sessionOrBearer,
  request: { query: ReportQuery },
  responses: { 200: { description: 'The report', content: { 'application/json': { schema: TeamReport } } }, ...reportErrors },
});

export const reportCsvRoute = createRoute({
  method: 'get',
  path: '/v1/report.csv',
  summary: 'The same figures as CSV, guarded against spreadsheet formula injection',
  security: sessionOrBearer,
  request: { query: ReportQuery },
  responses: { 200: { description: 'The report as CSV', content: { 'text/csv': { schema: z.string() } } }, ...reportErrors },
});

async function report(c: Context<AppEnv>, as: 'json' | 'object') {
  const { deps, principal } = c.var;
  const parsed = ReportQuery.safeParse(c.req.query());
  if (!parsed.success) throw new ApiError(400, 'invalid_request', 'Bad query parameters; see issues.', toIssues(parsed.error));
  const team = parsed.data.team ?? principal.scope;
  if (team === null) throw new ApiError(400, 'invalid_request', 'Say which team: ?team=<path>.', [{ path: ['team'], code: 'invalid_type', message: 'required' }]);
  // Scope before existence: outside the scope, 403 says nothing about whether the team exists.
  if (!canRead(principal, team)) throw new ApiError(403, 'forbidden', 'This team is outside the token’s scope.');
  const db = deps.store.db;
  const weeks = parsed.data.weeks ? Number(parsed.data.weeks) : DEFAULT_REPORT_WEEKS;
  const now = deps.now();
  // The weeks' versions are read alongside, and before any of the rows they stand for (see report-cache.ts).
  const [exists, k, versions] = await Promise.all([teamExists(db, team), effectiveK(db, deps.minGroupSize), loadVersions(db, team.split('/')[0]!, reportWeeks(now, weeks))]);
  if (!exists) throw new ApiError(404, 'not_found', 'No such team in this scope (teams appear with their first snapshot).');
  c.header('Cache-Control', 'no-store');
  // Through the privacy module: protected week tables (cached per week version), then renderReport.
  const req = { team, weeks, k, now, openDays: deps.weekOpenDays };
  return as === 'json' ? reportsFor(db).reportJson(db, req, versions) : reportsFor(db).report(db, req, versions);
}

export function registerReport(app: OpenAPIHono<AppEnv>, limit: MiddlewareHandler<AppEnv>): void {
  app.openAPIRegistry.registerPath(reportRoute);
  app.openAPIRegistry.registerPath(reportCsvRoute);
  app.get('/v1/report', requireRole(['lead', 'admin']), limit, async (c) => {
    const bytes = (await report(c, 'json')) as Buffer;
    // A view of the same bytes, not a copy (a Buffer is a Uint8Array; this only gives it the plain type).
    return c.body(new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), 200, { 'Content-Type': 'application/json' });
  });
  app.get('/v1/report.csv', requireRole(['lead', 'admin']), limit, async (c) => {
    const r = (await report(c, 'object')) as TeamReport;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="leadline-${r.team.replaceAll('/', '_')}-${r.latestWeek}.csv"`);
    return c.body(reportToCsv(r), 200);
  });
}
