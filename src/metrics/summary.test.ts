import { describe, expect, it } from 'vitest';
import { addDays } from '../contract/day';
import type { DailyRollup } from '../contract/rollup';
import { TEST_DEVICES, TEST_TODAY, TEST_TOOLS, makeRollup } from './arbitraries.testkit';
import { usageLevel } from './level';
import { depthProfile } from './profile';
import { summarize } from './summary';
import { DIMENSIONS } from './types';

const today = TEST_TODAY;

describe('summarize', () => {
  it('an empty history: no data, non-user, zeros everywhere, 12 dated weeks', () => {
    const s = summarize([], today);
    expect(s).toMatchObject({
      today,
      hasData: false,
      firstDay: null,
      level: { level: 'non_user', activeWeeks: 0, weeks: 12, totalPrompts: 0, averagePerWeek: 0 },
      tools: [],
      activeDays28: 0,
    });
    expect(s.profile.map((d) => [d.id, d.raw, d.score])).toEqual(DIMENSIONS.map((id) => [id, 0, 0]));
    expect(s.weekChange).toEqual(
      ['prompts', 'activeDays', 'conversations', 'copies'].map((metric) => ({ metric, thisWeek: 0, lastWeek: 0, change: 0 })),
    );
    expect(s.trend).toHaveLength(12);
    // ISO weeks: the current one (2025-W11, holding Friday 14 March) and the 11 before it.
    expect(s.trend[0]).toEqual({ week: '2024-W52', start: '2024-12-23', end: '2024-12-29', prompts: 0, activeDays: 0 });
    expect(s.trend[11]).toEqual({ week: '2025-W11', start: '2025-03-10', end: '2025-03-16', prompts: 0, activeDays: 0 });
    for (let i = 1; i < 12; i++) expect(s.trend[i]!.start).toBe(addDays(s.trend[i - 1]!.end, 1));
  });

  it('a history: per tool, week change, trend and first day', () => {
    const rows: DailyRollup[] = [
      // This week (Monday today−4 to today, a Friday).
      makeRollup(today, { prompts: 4, conversations: 2, copies: 1, responses: 4 }, { tool: 'claude' }),
      makeRollup(today, { prompts: 2, conversations: 1, responses: 2 }, { tool: 'chatgpt' }),
      // Last week's Saturday: in last week's trend, but not in the week change (Monday to Friday against Monday to Friday).
      makeRollup(addDays(today, -6), { prompts: 1, conversations: 1, copies: 2, responses: 1 }, { tool: 'claude', device: TEST_DEVICES[1] }),
      // Last week, Friday; then the Saturday of the week before.
      makeRollup(addDays(today, -7), { prompts: 10, conversations: 3, copies: 1, responses: 9 }, { tool: 'chatgpt' }),
      makeRollup(addDays(today, -13), { prompts: 3, conversations: 1, responses: 3 }, { tool: 'claude' }),
      // Earlier in the 28 days.
      makeRollup(addDays(today, -27), { prompts: 1, conversations: 1, responses: 1 }, { tool: 'gemini' }),
      // A tool that was only open: not listed.
      makeRollup(addDays(today, -2), { engagedSeconds: 1200, events: 1 }, { tool: 'copilot' }),
      // Outside the 28 days, inside the 12 weeks.
      makeRollup(addDays(today, -40), { prompts: 7 }, { tool: 'gemini' }),
      // Outside everything, but still the first day with data.
      makeRollup('2024-01-05', { prompts: 99 }, { tool: 'chatgpt' }),
    ];
    const s = summarize(rows, today);
    expect(s.hasData).toBe(true);
    expect(s.firstDay).toBe('2024-01-05');
    expect(s.activeDays28).toBe(5);
    expect(s.tools).toEqual([
      { tool: 'chatgpt', prompts: 12, activeDays: 2, conversations: 4, responses: 11, copies: 1 },
      { tool: 'claude', prompts: 8, activeDays: 3, conversations: 4, responses: 8, copies: 3 },
      { tool: 'gemini', prompts: 1, activeDays: 1, conversations: 1, responses: 1, copies: 0 },
    ]);
    expect(s.weekChange).toEqual([
      { metric: 'prompts', thisWeek: 6, lastWeek: 10, change: -4 },
      { metric: 'activeDays', thisWeek: 1, lastWeek: 1, change: 0 },
      { metric: 'conversations', thisWeek: 3, lastWeek: 3, change: 0 },
      { metric: 'copies', thisWeek: 1, lastWeek: 1, change: 0 },
    ]);
    // today−40 is Sunday 2 February (W05), today−27 Saturday 15 February (W07), today−13 Saturday 1 March (W09).
    expect(s.trend.map((w) => w.prompts)).toEqual([0, 0, 0, 0, 0, 7, 0, 1, 0, 3, 11, 6]);
    expect(s.trend.map((w) => w.activeDays)).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 2, 1]);
    expect(s.level).toMatchObject({ level: 'novice', totalPrompts: 28, activeWeeks: 5 });
    // The summary's figures are the same functions' figures.
    expect(s.level).toEqual(usageLevel(rows, today));
    expect(s.profile).toEqual(depthProfile(rows, today));
  });

  it('orders tools by prompts, then active days, then name', () => {
    const rows = [
      makeRollup(today, { prompts: 2 }, { tool: 'gemini' }),
      makeRollup(today, { prompts: 1 }, { tool: 'copilot' }),
      makeRollup(addDays(today, -1), { prompts: 1 }, { tool: 'copilot' }),
      makeRollup(today, { prompts: 2 }, { tool: 'claude' }),
      makeRollup(today, { prompts: 5 }, { tool: 'chatgpt' }),
    ];
    expect(summarize(rows, today).tools.map((t) => t.tool)).toEqual(['chatgpt', 'copilot', 'claude', 'gemini']);
  });

  it('an install with only idle rows has data but no activity', () => {
    const s = summarize([makeRollup(addDays(today, -3), { engagedSeconds: 30, events: 1 })], today);
    expect(s).toMatchObject({ hasData: true, firstDay: addDays(today, -3), activeDays28: 0, tools: [], level: { level: 'non_user' } });
  });

  it('is linear in the rows: a year of heavy use, ten times over, in well under a second', () => {
    const rows: DailyRollup[] = [];
    for (let k = 0; k < 365; k++) {
      for (const device of TEST_DEVICES) {
        for (const tool of TEST_TOOLS) rows.push(makeRollup(addDays(today, -k), { prompts: 5, conversations: 2, responses: 5, copies: 1 }, { tool, device }));
      }
    }
    const many = Array.from({ length: 4 }, () => rows).flat();
    expect(many.length).toBeGreaterThan(15_000);
    const started = performance.now();
    const s = summarize(many, today);
    expect(performance.now() - started).toBeLessThan(1000);
    // 11 whole weeks and this week's Monday to Friday.
    expect(s.level).toMatchObject({ level: 'power', activeWeeks: 12, totalPrompts: (77 + 5) * 5 * 12 * 4 });
  });
});
