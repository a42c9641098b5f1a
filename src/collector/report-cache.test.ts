import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORT_WEEKS } from '../contract/report';
import { buildReport, ReportCache } from './report/build';
import { warmReportCache } from './report-cache';
import { loadReportInput } from './report-data';
import { ENGINES, type Harness, harness, NOW, snapshot, wire } from './testkit';

describe.each(ENGINES)('warmReportCache on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(engine);
  });
  afterAll(() => h.drop());

  it('protects every week of each organisation root, and a team’s report then hits and reads the same', async () => {
    // Random organisation names: the schema is fresh, but keep the test independent of other rows anyway.
    const orgs = [`o${Math.random().toString(36).slice(2, 8)}`, `p${Math.random().toString(36).slice(2, 8)}`];
    for (const o of orgs) {
      const enroll = await h.token('enroll', o);
      const members = Array.from({ length: 7 }, (_, i) => snapshot({ team: `${o}/t${i % 2}`, level: i % 3 ? 'power' : 'low' }));
      expect((await h.post(enroll, { snapshots: members.map(wire) })).status).toBe(200);
    }
    const cache = new ReportCache();
    const opts = { k: 5, now: NOW, openDays: 14 };
    expect(await warmReportCache(h.store.db, { ...opts, cache })).toBe(orgs.length);
    expect(cache.size).toBe(orgs.length * MAX_REPORT_WEEKS);

    const input = await loadReportInput(h.store.db, { ...opts, team: `${orgs[0]}/t1`, weeks: 12 });
    const { hits, misses } = cache;
    const cached = buildReport(input, { cache });
    expect(cache.hits - hits).toBe(12);
    expect(cache.misses).toBe(misses);
    expect(cached).toEqual(buildReport(input));
    // The data is really there: 3 members at t1 (below k), 7 in the organisation.
    expect(cached.weeks.find((w) => w.week === '2026-W48')!.headline.members).toEqual({ value: null, suppressed: 'below_k' });
    const root = buildReport({ ...input, team: orgs[0]! }, { cache });
    expect(root.weeks.find((w) => w.week === '2026-W48')!.headline.members).toEqual({ value: 7 });
    expect(cache.misses).toBe(misses);
  });
});
