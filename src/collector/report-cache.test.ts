import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORT_WEEKS, type TeamReport } from '../contract/report';
import { foldClosedWeeks } from './fold';
import { toRow } from './ingest';
import { buildReport } from './report/build';
import { type ReportRequest, VersionedReports, warmReportCache } from './report-cache';
import { loadReportInput } from './report-data';
import { ENGINES, type Harness, harness, NOW, snapshot, wire } from './testkit';

const orgName = () => `o${Math.random().toString(36).slice(2, 8)}`;
const members = (r: TeamReport, week: string) => r.weeks.find((w) => w.week === week)!.headline.members;

describe.each(ENGINES)('the versioned report cache on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(engine);
  });
  afterAll(() => h.drop());

  /** The served report, checked against a report built from scratch from the database as it is now. */
  const serve = async (reports: VersionedReports, req: ReportRequest) => {
    const served = await reports.report(h.store.db, req);
    const plain = buildReport(await loadReportInput(h.store.db, req));
    expect(served).toEqual(plain);
    // The text the route sends, its weeks possibly from the JSON cache, is the same report byte for byte.
    expect((await reports.reportJson(h.store.db, req)).toString('utf8')).toBe(JSON.stringify(plain));
    return served;
  };

  it('warms every week of each organisation root, and a team’s report then reads no week again', async () => {
    const orgs = [orgName(), orgName()];
    for (const o of orgs) {
      const enroll = await h.token('enroll', o);
      const batch = Array.from({ length: 7 }, (_, i) => snapshot({ team: `${o}/t${i % 2}`, level: i % 3 ? 'power' : 'low' }));
      expect((await h.post(enroll, { snapshots: batch.map(wire) })).status).toBe(200);
    }
    const reports = new VersionedReports();
    const opts = { k: 5, now: NOW, openDays: 14 };
    expect(await warmReportCache(h.store.db, { ...opts, reports })).toBeGreaterThanOrEqual(orgs.length);
    const size = reports.tables.size;
    expect(size).toBeGreaterThanOrEqual(orgs.length * MAX_REPORT_WEEKS);

    const { hits, misses } = reports.tables;
    const team = await serve(reports, { ...opts, team: `${orgs[0]}/t1`, weeks: 12 });
    // serve() asks twice (the object and its JSON text): 12 weeks, each a hit both times.
    expect(reports.tables.hits - hits).toBe(2 * 12);
    expect(reports.tables.misses).toBe(misses);
    // The data is really there: 3 members at t1 (below k), 7 in the organisation.
    expect(members(team, '2026-W48')).toEqual({ value: null, suppressed: 'below_k' });
    const root = await serve(reports, { ...opts, team: orgs[0]!, weeks: 12 });
    expect(members(root, '2026-W48')).toEqual({ value: 7 });
    expect(reports.tables.misses).toBe(misses);
    expect(reports.uncached).toBe(0);
  });

  it('serves a changed week anew after an ingest, a withdrawal, a fold, a late fold, a write from elsewhere, a new team and a new k', async () => {
    const o = orgName();
    const enroll = await h.token('enroll', o);
    const reports = new VersionedReports();
    const req: ReportRequest = { team: o, weeks: 4, k: 5, now: NOW, openDays: 14 };
    const misses = () => reports.tables.misses;

    const first = Array.from({ length: 6 }, () => snapshot({ team: `${o}/a`, week: '2026-W47' }));
    expect((await h.post(enroll, { snapshots: first.map(wire) })).status).toBe(200);
    expect(members(await serve(reports, req), '2026-W47')).toEqual({ value: 6 });
    // Nothing changed: every week is a hit.
    let before = misses();
    await serve(reports, req);
    expect(misses()).toBe(before);

    // An ingest into the open week: that week only is read again, and its superseded tables are dropped.
    expect((await h.post(enroll, { snapshots: [wire(snapshot({ team: `${o}/a`, week: '2026-W47' }))] })).status).toBe(200);
    before = misses();
    const size = reports.tables.size;
    expect(members(await serve(reports, req), '2026-W47')).toEqual({ value: 7 });
    expect(misses() - before).toBe(1);
    expect(reports.tables.size).toBe(size);

    // A withdrawal: the member leaves the served report at once.
    const gone = first[0]!;
    const withdrawn = await h.app.request(`/v1/snapshots/${gone.pseudonym}`, { method: 'DELETE', headers: { authorization: `Bearer ${gone.secret}` } });
    expect(withdrawn.status).toBe(204);
    expect(members(await serve(reports, req), '2026-W47')).toEqual({ value: 6 });

    // The week closes and is folded: the same figures, now from the aggregates table.
    const afterClose = { ...req, now: NOW + 7 * 86_400_000 };
    expect(await foldClosedWeeks(h.store.db, afterClose.now, 14)).toContain('2026-W47');
    expect(members(await serve(reports, afterClose), '2026-W47')).toEqual({ value: 6 });

    // A late row for the folded week (as if it raced the fold), folded again: it adds to the aggregate.
    await h.store.db.insertInto('snapshots').values(toRow(snapshot({ team: `${o}/a`, week: '2026-W47' }))).execute();
    await foldClosedWeeks(h.store.db, afterClose.now, 14);
    expect(members(await serve(reports, afterClose), '2026-W47')).toEqual({ value: 7 });

    // Another process writing the aggregates directly (no call into this one): seen at the next report.
    await sql`UPDATE aggregates SET contributors = contributors + 1, levels[1] = levels[1] + 1, active_days[1] = active_days[1] + 1,
      dimensions = (SELECT array_agg(CASE WHEN (i - 1) % 11 = 0 THEN x + 1 ELSE x END ORDER BY i) FROM unnest(dimensions) WITH ORDINALITY AS u(x, i))
      WHERE team = ${`${o}/a`} AND week = '2026-W47'`.execute(h.store.db);
    expect(members(await serve(reports, afterClose), '2026-W47')).toEqual({ value: 8 });

    // A new team changes the tree, so every week is protected again over it.
    before = misses();
    expect((await h.post(enroll, { snapshots: [wire(snapshot({ team: `${o}/b`, week: '2026-W48' }))] })).status).toBe(200);
    const withB = await serve(reports, afterClose);
    expect(withB.weeks.at(-1)!.children.map((c) => c.team)).toEqual([`${o}/a`, `${o}/b`]);
    expect(misses() - before).toBe(afterClose.weeks);

    // Another k: other protections.
    before = misses();
    const k8 = await serve(reports, { ...afterClose, k: 8 });
    expect(members(k8, '2026-W47')).toEqual({ value: 8 });
    expect(misses() - before).toBe(afterClose.weeks);
    expect(reports.uncached).toBe(0);
  });
});
