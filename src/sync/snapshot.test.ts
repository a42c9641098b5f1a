import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../contract/day';
import { DIMENSIONS } from '../contract/depth';
import { MemberSnapshot, roundScore } from '../contract/sync';
import { addWeeks, weekEnd, weekStart } from '../contract/week';
import { arbRollupHistory, lastDays, makeRollup, TEST_TODAY } from '../metrics/arbitraries.testkit';
import { summarize } from '../metrics/summary';
import { buildSnapshot, majorMinor, snapshotWindowStart } from './snapshot';

const ID = { team: 'acme/sales', pseudonym: 'a'.repeat(32), withdrawalHash: 'b'.repeat(64), extensionVersion: '0.1.0' };
const WEEK = '2025-W10'; // 3–9 March 2025; TEST_TODAY (14 March) is in the week after

describe('buildSnapshot', () => {
  it('level and dimensions equal what the popup summary shows for the same history on the week’s Sunday', () => {
    fc.assert(
      fc.property(arbRollupHistory({ days: lastDays(TEST_TODAY, 110), maxRows: 80 }), fc.integer({ min: 1, max: 12 }), (rows, back) => {
        const w = addWeeks('2025-W11', -back); // up to 2024-W51: across a year boundary
        const snap = buildSnapshot(rows, w, ID);
        const popup = summarize(rows, weekEnd(w));
        expect(snap.level).toBe(popup.level.level);
        expect(snap.dimensions).toEqual(Object.fromEntries(popup.profile.map((d) => [d.id, roundScore(d.score)])));
        expect(MemberSnapshot.safeParse(snap).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('counts the week’s own days only: active days, prompt bucket, tools and features', () => {
    const mon = weekStart(WEEK);
    const rows = [
      makeRollup(addDays(mon, -1), { prompts: 40, features: { agent: 2 } }, { tool: 'gemini' }), // Sunday before: not this week
      makeRollup(mon, { prompts: 3, features: { web_search: 1, canvas: 0 } }, { tool: 'claude' }),
      makeRollup(mon, { prompts: 2 }, { tool: 'chatgpt', device: 'fedcba9876543210' }),
      makeRollup(addDays(mon, 2), { prompts: 0, engagedSeconds: 900, features: { voice: 1 } }, { tool: 'copilot' }), // no prompt: not a tool used
      makeRollup(addDays(mon, 6), { prompts: 9 }, { tool: 'claude' }),
      makeRollup(addDays(mon, 7), { prompts: 100, features: { deep_research: 1 } }, { tool: 'perplexity' }), // Monday after
    ];
    const snap = buildSnapshot(rows, WEEK, ID);
    expect(snap.activeDays).toBe(2);
    expect(snap.prompts).toBe('5-14'); // 3 + 2 + 9 = 14
    expect(snap.tools).toEqual(['chatgpt', 'claude']);
    expect(snap.features).toEqual(['web_search', 'voice']); // FEATURES order; a zero count is no use
    expect(snap).toMatchObject({ v: 1, week: WEEK, team: 'acme/sales', extensionVersion: '0.1' });
  });

  it('rounds every dimension score to tens, and buckets prompts at the contract’s floors', () => {
    const mon = weekStart(WEEK);
    for (const [prompts, bucket] of [[0, '0'], [1, '1-4'], [4, '1-4'], [5, '5-14'], [15, '15-49'], [149, '50-149'], [150, '150+']] as const) {
      const snap = buildSnapshot(prompts ? [makeRollup(mon, { prompts, conversations: 1 })] : [], WEEK, ID);
      expect(snap.prompts).toBe(bucket);
      for (const d of DIMENSIONS) expect(snap.dimensions[d] % 10).toBe(0);
    }
    const rows = lastDays(weekEnd(WEEK), 28).map((day, i) => makeRollup(day, { prompts: i % 3, conversations: i % 3 ? 1 : 0, copies: 1, responses: 3 }));
    const snap = buildSnapshot(rows, WEEK, ID);
    const exact = summarize(rows, weekEnd(WEEK)).profile;
    expect(exact.some((d) => d.score % 10 !== 0)).toBe(true); // the case actually needs rounding
    for (const d of exact) expect(snap.dimensions[d.id]).toBe(Math.round(d.score / 10) * 10);
  });

  it('is the same bytes for the same history whatever the row order', () => {
    fc.assert(
      fc.property(arbRollupHistory({ days: lastDays(weekEnd(WEEK), 90) }), (rows) => {
        expect(JSON.stringify(buildSnapshot([...rows].reverse(), WEEK, ID))).toBe(JSON.stringify(buildSnapshot(rows, WEEK, ID)));
      }),
    );
  });

  it('needs no rollup before its window', () => {
    const start = snapshotWindowStart(WEEK);
    fc.assert(
      fc.property(arbRollupHistory({ days: lastDays(weekEnd(WEEK), 120) }), (rows) => {
        expect(buildSnapshot(rows.filter((r) => r.day >= start), WEEK, ID)).toEqual(buildSnapshot(rows, WEEK, ID));
      }),
    );
  });

  it('sends only major.minor of the version', () => {
    expect(majorMinor('1.22.333')).toBe('1.22');
    expect(majorMinor('garbage')).toBe('0.0');
  });
});
