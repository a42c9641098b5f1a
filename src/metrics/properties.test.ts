/** Properties of the depth model over generated histories (see arbitraries.testkit.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../contract/day';
import { DailyRollup, ROLLUP_COUNTS, rollupId } from '../contract/rollup';
import { TEST_DEVICES, TEST_TODAY, TEST_TOOLS, arbRollup, arbRollupHistory, makeRollup } from './arbitraries.testkit';
import { usageLevel } from './level';
import { summarize } from './summary';
import { LEVELS } from './types';

const today = TEST_TODAY;
const rank = (rows: readonly DailyRollup[]) => LEVELS.indexOf(usageLevel(rows, today).level);

describe('depth model properties', () => {
  it('the generated rollups are valid DailyRollups, consistent or not', () => {
    fc.assert(fc.property(arbRollup(), arbRollup({ consistent: false }), (a, b) => {
      DailyRollup.parse(a);
      DailyRollup.parse(b);
      expect(a.iterativeConversations).toBeLessThanOrEqual(a.conversations);
      expect(a.promptsWithAttachments).toBeLessThanOrEqual(a.contextRichPrompts);
    }));
  });

  it('the level never goes down when prompts are added', () => {
    const addition = fc.record({
      k: fc.integer({ min: 0, max: 83 }),
      tool: fc.constantFrom(...TEST_TOOLS),
      device: fc.constantFrom(...TEST_DEVICES),
      prompts: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(arbRollupHistory(), addition, (rows, add) => {
        const day = addDays(today, -add.k);
        const id = rollupId(add.device, add.tool, day);
        // Either onto the existing row for that device, tool and day, or as a new row.
        const existing = rows.findIndex((r) => r.id === id);
        const more =
          existing >= 0
            ? rows.map((r, i) => (i === existing ? { ...r, prompts: r.prompts + add.prompts } : r))
            : [...rows, makeRollup(day, { prompts: add.prompts }, { tool: add.tool, device: add.device })];
        expect(rank(more)).toBeGreaterThanOrEqual(rank(rows));
      }),
    );
  });

  it('scores are whole numbers in 0..100 and raw figures are finite and not negative, even on inconsistent rows', () => {
    const history = fc.oneof(arbRollupHistory(), arbRollupHistory({ consistent: false }), arbRollupHistory({ max: 0 }));
    fc.assert(
      fc.property(history, (rows) => {
        const s = summarize(rows, today);
        for (const d of s.profile) {
          expect(Number.isInteger(d.score) && d.score >= 0 && d.score <= 100, `${d.id} score ${d.score}`).toBe(true);
          expect(Number.isFinite(d.raw) && d.raw >= 0, `${d.id} raw ${d.raw}`).toBe(true);
          for (const [part, v] of Object.entries(d.parts ?? {})) expect(Number.isFinite(v) && v >= 0, `${d.id}.${part} ${v}`).toBe(true);
        }
        expect(Number.isFinite(s.level.averagePerWeek)).toBe(true);
        expect(s.level.activeWeeks).toBeLessThanOrEqual(12);
        expect(s.activeDays28).toBeLessThanOrEqual(28);
      }),
    );
  });

  it('two devices’ rows give the same summary as one device with the summed counts', () => {
    const [a, b] = TEST_DEVICES;
    // Rows of device A; for each, a row of device B on the same tool and day.
    const pairs = fc.uniqueArray(fc.tuple(arbRollup({ devices: [a] }), arbRollup({ devices: [b] })), { selector: ([r]) => r.id, maxLength: 40 });
    fc.assert(
      fc.property(pairs, (ps) => {
        const split = ps.flatMap(([ra, rb]) => [ra, { ...rb, id: rollupId(b, ra.tool, ra.day), tool: ra.tool, day: ra.day }]);
        const merged = ps.map(([ra, rb]) => {
          const row = { ...ra };
          for (const k of ROLLUP_COUNTS) row[k] = ra[k] + rb[k];
          const features = { ...ra.features };
          for (const [f, n] of Object.entries(rb.features) as [keyof typeof features, number][]) features[f] = (features[f] ?? 0) + n;
          return { ...row, features };
        });
        expect(summarize(split, today)).toEqual(summarize(merged, today));
      }),
    );
  });

  it('the order of the rows does not matter', () => {
    fc.assert(
      fc.property(arbRollupHistory(), (rows) => {
        expect(summarize([...rows].reverse(), today)).toEqual(summarize(rows, today));
      }),
    );
  });
});
