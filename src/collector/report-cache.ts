/**
 * The process-wide cache of per-week protections that the report routes hand
 * to buildReport. Entries are keyed by their content (week, k, tree, every
 * aggregate number), so no invalidation is needed: new data means a new key,
 * and the bound evicts what is no longer read. Closed weeks never change, so
 * after the first report of an organisation they are all hits.
 */
import type { Kysely } from 'kysely';
import { MAX_REPORT_WEEKS } from '../contract/report';
import type { Database } from './db/schema';
import { buildReport, ReportCache } from './report/build';
import { loadReportInput } from './report-data';

/**
 * 52 weeks of about 20 organisations. An entry holds a week's subtree counts and states (on the order of
 * 100 KB for a 200-team tree), so the bound also caps memory at roughly 100 MB for trees that large.
 */
export const reportCache = new ReportCache(1024);

/**
 * Builds the 52-week report of every organisation root once, so that the
 * first lead to open a report finds its weeks protected already. Meant to run
 * off the request path (after a fold, at start); any team's report of the same
 * organisation reuses the entries, since protection is decided over the whole
 * organisation.
 */
export async function warmReportCache(db: Kysely<Database>, opts: { k: number; now: number; openDays: number; cache?: ReportCache }): Promise<number> {
  const roots = (await db.selectFrom('teams').select('path').where('path', 'not like', '%/%').orderBy('path').execute()).map((r) => r.path);
  for (const team of roots) {
    const input = await loadReportInput(db, { team, weeks: MAX_REPORT_WEEKS, k: opts.k, now: opts.now, openDays: opts.openDays });
    buildReport(input, { cache: opts.cache ?? reportCache });
    // Yield between organisations so that requests are not held up behind the warm-up.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return roots.length;
}
