import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORT_WEEKS, type TeamReport } from '../contract/report';
import { foldClosedWeeks } from './fold';
import { toRow } from './ingest';
import { buildReport, type StoredWeekTables } from './report/build';
import { COMPACT_CHANGES_AT, loadVersions, needsCompaction, type ReportRequest, VersionedReports, warmReportCache } from './report-cache';
import { loadReportInput } from './report-data';
import { buildTree } from './privacy/suppress';
import { ENGINES, type Harness, harness, NOW, snapshot, wire } from './testkit';

const orgName = () => `o${Math.random().toString(36).slice(2, 8)}`;
const members = (r: TeamReport, week: string) => r.weeks.find((w) => w.week === week)!.headline.members;

describe('compaction of a week\'s change log', () => {
  it('compacts a long log, and never a compacted one, however many teams the organisation has', () => {
    expect(needsCompaction(100_000, 2_000)).toBe(true);
    expect(needsCompaction(COMPACT_CHANGES_AT + 1, 0)).toBe(true);
    // Compacted: a row per team, for 10 or 20,000 teams.
    expect(needsCompaction(10, 10)).toBe(false);
    expect(needsCompaction(20_000, 20_000)).toBe(false);
    expect(needsCompaction(2 * 2_000 + COMPACT_CHANGES_AT, 2_000)).toBe(false);
  });
});

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

  it('renders a week again when the week before it changes, since its change figures compare with that week', async () => {
    const o = orgName();
    const enroll = await h.token('enroll', o);
    const reports = new VersionedReports();
    const req: ReportRequest = { team: o, weeks: 3, k: 5, now: NOW, openDays: 14 };
    const post = async (week: string, n: number, level: 'habitual' | 'power') =>
      expect((await h.post(enroll, { snapshots: Array.from({ length: n }, () => wire(snapshot({ team: `${o}/a`, week, level }))) })).status).toBe(200);
    await post('2026-W47', 6, 'habitual');
    await post('2026-W48', 6, 'power');
    const before = await serve(reports, req);
    // Only the earlier week changes: the later week's own tables are hits, its text must still be new.
    await post('2026-W47', 4, 'power');
    const after = await serve(reports, req);
    const change = (r: TeamReport) => r.weeks.find((w) => w.week === '2026-W48')!.change;
    expect(members(after, '2026-W47')).toEqual({ value: 10 });
    expect(change(after)).not.toEqual(change(before));
  });

  it('after a change to an open week, reads again only the teams that changed (an ingest, a withdrawal), and serves them right', async () => {
    const o = orgName();
    const enroll = await h.token('enroll', o);
    const reports = new VersionedReports();
    const req: ReportRequest = { team: o, weeks: 2, k: 5, now: NOW, openDays: 14 };
    const teams = ['a', 'b', 'c'].map((t) => `${o}/${t}`);
    const sent = teams.flatMap((team) => Array.from({ length: 6 }, () => snapshot({ team, week: '2026-W48' })));
    expect((await h.post(enroll, { snapshots: sent.map(wire) })).status).toBe(200);
    await serve(reports, req);
    const read = () => reports.stored.teamsRead;

    let before = read();
    expect((await h.post(enroll, { snapshots: [wire(snapshot({ team: teams[1]!, week: '2026-W48' }))] })).status).toBe(200);
    const afterIngest = await serve(reports, req);
    expect(read() - before).toBe(1);
    expect(afterIngest.weeks.at(-1)!.children.find((c) => c.team === teams[1])!.headline.members).toEqual({ value: 7 });

    before = read();
    const gone = sent[0]!;
    const withdrawn = await h.app.request(`/v1/snapshots/${gone.pseudonym}`, { method: 'DELETE', headers: { authorization: `Bearer ${gone.secret}` } });
    expect(withdrawn.status).toBe(204);
    const afterWithdrawal = await serve(reports, req);
    expect(read() - before).toBe(1);
    expect(afterWithdrawal.weeks.at(-1)!.headline.members).toEqual({ value: 18 });

    // A row moved to another team by hand, in SQL: both teams are read again, and nobody counts twice.
    before = read();
    await sql`UPDATE snapshots SET team = ${teams[2]} WHERE pseudonym = ${sent[1]!.pseudonym}`.execute(h.store.db);
    const afterMove = await serve(reports, req);
    expect(read() - before).toBe(2);
    expect(afterMove.weeks.at(-1)!.headline.members).toEqual({ value: 18 });

    // Nothing changed: nothing read.
    before = read();
    await serve(reports, req);
    expect(read()).toBe(before);
  });

  it('compacts a long change log of an open week without moving any version, and serves the same report', async () => {
    const o = orgName();
    const enroll = await h.token('enroll', o);
    const reports = new VersionedReports();
    const req: ReportRequest = { team: o, weeks: 2, k: 5, now: NOW, openDays: 14 };
    const teams = ['a', 'b'].map((t) => `${o}/${t}`);
    expect((await h.post(enroll, { snapshots: teams.flatMap((team) => Array.from({ length: 6 }, () => wire(snapshot({ team, week: '2026-W48' })))) })).status).toBe(200);
    const first = await serve(reports, req);
    // As if many ingest statements had each written a row for these teams.
    await sql`INSERT INTO week_changes (org, week, team, n) SELECT ${o}, '2026-W48', ${teams[0]}, 2 FROM generate_series(1, ${COMPACT_CHANGES_AT + 2 * teams.length})`.execute(h.store.db);
    const rowCount = async () => Number((await sql<{ c: number }>`SELECT count(*)::int AS c FROM week_changes WHERE org = ${o} AND week = '2026-W48'`.execute(h.store.db)).rows[0]!.c);
    expect(await rowCount()).toBeGreaterThan(COMPACT_CHANGES_AT + 2 * teams.length);
    const before = { week: (await loadVersions(h.store.db, o, ['2026-W48'])).get('2026-W48') };
    expect(await rowCount()).toBe(teams.length);
    expect((await loadVersions(h.store.db, o, ['2026-W48'])).get('2026-W48')).toBe(before.week);
    // Compacted, it is left alone: the next reads find nothing to delete (no dead rows at every report).
    const ctids = async () => (await sql<{ id: string }>`SELECT ctid::text AS id FROM week_changes WHERE org = ${o} AND week = '2026-W48' ORDER BY 1`.execute(h.store.db)).rows.map((r) => r.id);
    const kept = await ctids();
    await loadVersions(h.store.db, o, ['2026-W48']);
    expect(await ctids()).toEqual(kept);
    const read = reports.stored.teamsRead;
    // The log moved team a's version (as an ingest would): a is read again, b is not, and the report is the same.
    expect(await serve(reports, req)).toEqual({ ...first, generatedAt: expect.any(String) });
    expect(reports.stored.teamsRead - read).toBe(1);
  });

  /** A report from a new process (an empty cache): served, checked against the report built from scratch. */
  const fresh = async (req: ReportRequest) => {
    const reports = new VersionedReports();
    const text = (await reports.reportJson(h.store.db, req)).toString('utf8');
    expect(text).toBe(JSON.stringify(buildReport(await loadReportInput(h.store.db, req))));
    return { reports, text };
  };
  const storedRow = async (org: string, week: string) =>
    (await h.store.db.selectFrom('protected_weeks').selectAll().where('org', '=', org).where('week', '=', week).execute()).map((r) => ({
      ...r,
      tables: (typeof r.tables === 'string' ? JSON.parse(r.tables) : r.tables) as StoredWeekTables,
    }));

  it('keeps closed weeks for a new process, which serves the same bytes without protecting them again', async () => {
    const o = orgName();
    const enroll = await h.token('enroll', o);
    const batch = (week: string) => [
      ...Array.from({ length: 6 }, (_, i) => snapshot({ team: `${o}/a`, week, level: i % 2 ? 'power' : 'novice' })),
      ...Array.from({ length: 2 }, () => snapshot({ team: `${o}/b`, week })),
    ];
    for (const week of ['2026-W47', '2026-W48']) expect((await h.post(enroll, { snapshots: batch(week).map(wire) })).status).toBe(200);
    const now = NOW + 7 * 86_400_000;
    await foldClosedWeeks(h.store.db, now, 14);
    const req: ReportRequest = { team: o, weeks: 6, k: 5, now, openDays: 14 };

    const first = await fresh(req);
    expect(first.reports.stored.read).toBe(0);
    const closed = first.reports.stored.written;
    expect(closed).toBeGreaterThan(0);
    expect(closed).toBeLessThan(req.weeks);
    // A second process: every closed week is read, only the open ones are protected again, and the bytes are the same.
    const second = await fresh(req);
    expect(second.reports.stored.read).toBe(closed);
    expect(second.reports.stored.computed).toBe(req.weeks - closed);
    expect(second.text).toBe(first.text);
    // A team's report of the same organisation reads the same rows.
    const team = await fresh({ ...req, team: `${o}/a` });
    expect(team.reports.stored.read).toBe(closed);
    expect(team.reports.uncached).toBe(0);
  });

  it('never serves a kept week after a withdrawal, a fold, a late fold, a new k or a new team', async () => {
    const o = orgName();
    const enroll = await h.token('enroll', o);
    const week = '2026-W47';
    const people = Array.from({ length: 7 }, () => snapshot({ team: `${o}/a`, week }));
    expect((await h.post(enroll, { snapshots: people.map(wire) })).status).toBe(200);
    // W47 is closed at this time but not folded yet: its rows are still member rows.
    const req: ReportRequest = { team: o, weeks: 4, k: 5, now: NOW + 7 * 86_400_000, openDays: 14 };
    const baseline = await fresh(req);
    const closed = baseline.reports.stored.written;
    expect((await storedRow(o, week)).length).toBe(1);
    expect((await fresh(req)).reports.stored.read).toBe(closed);

    /** After a change to W47: a new process reads every other closed week but recomputes W47, and the row is replaced. */
    const changed = async (r: ReportRequest, expectMembers: number) => {
      const before = await storedRow(o, week);
      const { reports, text } = await fresh(r);
      expect(reports.stored.read).toBe(closed - 1);
      expect(members(JSON.parse(text) as TeamReport, week)).toEqual({ value: expectMembers });
      const after = await storedRow(o, week);
      expect(after).toHaveLength(1);
      expect(after[0]!.version).not.toBe(before[0]!.version);
      expect((await fresh(r)).reports.stored.read).toBe(closed);
    };

    const gone = people[0]!;
    expect((await h.app.request(`/v1/snapshots/${gone.pseudonym}`, { method: 'DELETE', headers: { authorization: `Bearer ${gone.secret}` } })).status).toBe(204);
    await changed(req, 6);
    expect(await foldClosedWeeks(h.store.db, req.now, 14)).toContain(week);
    await changed(req, 6);
    await h.store.db.insertInto('snapshots').values(toRow(snapshot({ team: `${o}/a`, week }))).execute();
    await foldClosedWeeks(h.store.db, req.now, 14);
    await changed(req, 7);

    // Another k or another tree: no kept week matches, and the rows are replaced by the new key's.
    const k6 = await fresh({ ...req, k: 6 });
    expect(k6.reports.stored.read).toBe(0);
    expect((await storedRow(o, week)).map((r) => r.k)).toEqual([6]);
    expect((await fresh(req)).reports.stored.read).toBe(0);
    expect((await h.post(enroll, { snapshots: [wire(snapshot({ team: `${o}/b`, week: '2026-W48' }))] })).status).toBe(200);
    const withB = await fresh(req);
    expect(withB.reports.stored.read).toBe(0);
    expect(withB.reports.stored.written).toBe(closed);
    expect((await storedRow(o, week))).toHaveLength(1);
  });

  it('keeps no count the report hides: a small team is stored as its cell states alone', async () => {
    const o = orgName();
    const enroll = await h.token('enroll', o);
    const week = '2026-W47';
    const batch = [
      ...Array.from({ length: 9 }, (_, i) => snapshot({ team: `${o}/big`, week, level: i % 3 ? 'power' : 'low', tools: i % 2 ? ['chatgpt'] : ['claude'] })),
      ...Array.from({ length: 3 }, () => snapshot({ team: `${o}/small`, week, level: 'habitual', tools: ['chatgpt'] })),
    ];
    expect((await h.post(enroll, { snapshots: batch.map(wire) })).status).toBe(200);
    const req: ReportRequest = { team: o, weeks: 4, k: 5, now: NOW + 7 * 86_400_000, openDays: 14 };
    await foldClosedWeeks(h.store.db, req.now, 14);
    const { text } = await fresh(req);
    const report = JSON.parse(text) as TeamReport;
    expect(report.weeks.find((w) => w.week === week)!.children.find((c) => c.team === `${o}/small`)!.headline.members).toEqual({ value: null, suppressed: 'below_k' });

    const [row] = await storedRow(o, week);
    const t = row!.tables;
    const tree = buildTree([`${o}/big`, `${o}/small`]);
    const small = tree.paths.indexOf(`${o}/small`);
    const categories = t.core.sub.length / tree.paths.length;
    const dimCells = t.dims.length / tree.paths.length;
    // The hidden team: states only, not one count, histogram bin or tool count.
    expect(t.core.state.slice(small * categories, (small + 1) * categories)).toMatch(/^[bw]+$/);
    expect(t.core.sub.slice(small * categories, (small + 1) * categories).every((v) => v === null)).toBe(true);
    expect(t.dims.slice(small * dimCells, (small + 1) * dimCells).every((v) => v === null)).toBe(true);
    // Every hidden cell of every table is stored without its count (a published team's histograms excepted:
    // the report publishes their quantiles).
    for (const [, p] of [...t.tools, ...t.features]) [...p.state].forEach((s, cell) => s !== 'p' && expect(p.sub[cell]).toBeNull());
    [...t.core.state].forEach((s, cell) => {
      const node = Math.floor(cell / categories);
      if (s !== 'p' && t.core.state[node * categories] !== 'p') expect(t.core.sub[cell]).toBeNull();
    });
    expect(t.tools.some(([name]) => name === 'chatgpt')).toBe(true);
  });
});
