import { describe, expect, it } from 'vitest';
import en from '../../../assets/public/_locales/en/messages.json';
import ka from '../../../assets/public/_locales/ka/messages.json';
import { DEFAULT_CONFIG } from '../../contract/config';
import { addDays, localDay } from '../../contract/day';
import { NEVER_RECORDED, RECORDED } from '../../contract/disclosure';
import type { DimensionResult, LevelResult, Summary } from '../../metrics/types';
import { LEVELS } from '../../metrics/types';
import { BUILT_IN_TOOLS } from '../../tools/registry';
import {
  changeDirection,
  changeText,
  clampScore,
  dimensionDetail,
  dimensionRaw,
  dimensionRows,
  isPaused,
  levelFigures,
  levelMeaning,
  levelName,
  NEVER_KEYS,
  pauseLabel,
  popupView,
  RECORDED_KEYS,
  recordedToolNames,
  shortHistoryNote,
  toolNamer,
  toolRows,
  trendLabel,
} from './model';

const messages = en as Record<string, { message: string }>;
const dim = (id: DimensionResult['id'], raw: number, parts?: Record<string, number>): DimensionResult => ({ id, raw, score: 50, ...(parts ? { parts } : {}) });
const summary = (hasData: boolean) => ({ hasData }) as Summary;

describe('popupView', () => {
  it('shows nothing but loading until the data is read, even when the summary is hidden', () => {
    expect(popupView({ summary: null, failed: false }, true)).toBe('loading');
    expect(popupView({ summary: null, failed: false }, false)).toBe('loading');
  });
  it('chooses the empty state for a history without data, the summary otherwise', () => {
    expect(popupView({ summary: summary(false), failed: false }, true)).toBe('empty');
    expect(popupView({ summary: summary(true), failed: false }, true)).toBe('summary');
  });
  it('hides the summary when policy says so, and reports a failed read', () => {
    expect(popupView({ summary: summary(true), failed: false }, false)).toBe('hidden');
    expect(popupView({ summary: null, failed: true }, false)).toBe('hidden');
    expect(popupView({ summary: null, failed: true }, true)).toBe('error');
  });
});

describe('level', () => {
  const level: LevelResult = { level: 'habitual', activeWeeks: 10, weeks: 12, totalPrompts: 140, averagePerWeek: 140 / 12 };
  it('names every level and states its rule', () => {
    expect(LEVELS.map(levelName)).toEqual(['Non-user', 'Low', 'Novice', 'Habitual', 'Power']);
    expect(levelMeaning('power')).toBe('Power: 15+ prompts a week on average and active in 9 of the last 12 weeks.');
    expect(levelMeaning('habitual')).toContain('9 or more of the last 12 weeks');
    expect(levelMeaning('non_user')).toBe('Non-user: no prompts in the last 12 weeks.');
  });
  it("states the person's own figures, the average to one decimal", () => {
    expect(levelFigures(level)).toBe('Active in 10 of 12 weeks · 11.7 prompts a week on average');
  });
  it('says when fewer than 12 weeks have been recorded, and only then', () => {
    const today = '2025-03-31';
    expect(shortHistoryNote(today, today)).toBe('Leadline has recorded for 1 day; levels use 12 weeks.');
    expect(shortHistoryNote(addDays(today, -82), today)).toBe('Leadline has recorded for 83 days; levels use 12 weeks.');
    expect(shortHistoryNote(addDays(today, -83), today)).toBeNull();
    expect(shortHistoryNote(null, today)).toBeNull();
  });
});

describe('dimensions', () => {
  it('formats each raw figure in its unit', () => {
    expect(dimensionRaw(dim('habit', 1))).toBe('1 active day of 28');
    expect(dimensionRaw(dim('habit', 12))).toBe('12 active days of 28');
    expect(dimensionRaw(dim('intensity', 21.25))).toBe('21.3 prompts per active day');
    expect(dimensionRaw(dim('intensity', 1))).toBe('1 prompt per active day');
    expect(dimensionRaw(dim('iteration', 0.4286))).toBe('43% of conversations reach a third prompt');
    expect(dimensionRaw(dim('capability_breadth', 3))).toBe('3 of 9 features used');
    expect(dimensionRaw(dim('tool_breadth', 1))).toBe('1 tool used');
    expect(dimensionRaw(dim('tool_breadth', 2))).toBe('2 tools used');
    expect(dimensionRaw(dim('output_reuse', 0.333))).toBe('0.33 copies per response');
    expect(dimensionRaw(dim('context_richness', 0.5))).toBe('50% of prompts are long or carry files');
  });
  it("adds iteration's edits and regenerations per conversation, and nothing to other dimensions", () => {
    expect(dimensionDetail(dim('iteration', 0.5, { iterativeShare: 0.5, editsRegensPerConversation: 1.25 }))).toBe('1.3 edits or regenerations per conversation');
    expect(dimensionDetail(dim('iteration', 0.5))).toBeNull();
    expect(dimensionDetail(dim('habit', 3, { editsRegensPerConversation: 1 }))).toBeNull();
  });
  it('keeps scores whole and within 0–100', () => {
    expect([clampScore(-3), clampScore(42.6), clampScore(140), clampScore(Number.NaN)]).toEqual([0, 43, 100, 0]);
    const [row] = dimensionRows([{ id: 'habit', raw: 10, score: 50 }]);
    expect(row).toMatchObject({ id: 'habit', name: 'Habit', raw: 10, score: 50, scoreText: '50/100', rawText: '10 active days of 28' });
  });
});

describe('week change', () => {
  it('gives the direction in a symbol and words', () => {
    expect([changeDirection(3), changeDirection(-1), changeDirection(0)]).toEqual(['up', 'down', 'same']);
    expect(changeText(5)).toBe('↑ up 5');
    expect(changeText(-2)).toBe('↓ down 2');
    expect(changeText(0)).toBe('= no change');
  });
});

describe('trend', () => {
  it('states every figure in the chart label, oldest first', () => {
    const trend = [
      { week: '2025-W01', start: '2024-12-30', end: '2025-01-05', prompts: 12, activeDays: 3 },
      { week: '2025-W02', start: '2025-01-06', end: '2025-01-12', prompts: 1500, activeDays: 5 },
    ];
    expect(trendLabel(trend)).toBe('Chart of the last 12 weeks, oldest first. Prompts per week: 12, 1,500. Active days per week: 3, 5.');
  });
});

describe('tools', () => {
  const name = toolNamer(BUILT_IN_TOOLS, [{ id: 'intranet-llm', name: 'Intranet LLM' }]);
  it('names built-in and custom tools, and shows an unknown id as itself', () => {
    expect([name('chatgpt'), name('intranet-llm'), name('gone-tool')]).toEqual(['ChatGPT', 'Intranet LLM', 'gone-tool']);
    expect(toolRows([{ tool: 'claude', prompts: 4, activeDays: 2, conversations: 1, responses: 4, copies: 0 }], name)[0]).toMatchObject({ name: 'Claude', prompts: 4 });
  });
  it('lists the recorded tools for the empty state: approved, custom, minus those turned off', () => {
    const custom = [{ id: 'intranet-llm', name: 'Intranet LLM', matches: ['https://llm.example.com/*'] }];
    expect(recordedToolNames({ approvedTools: ['chatgpt', 'claude'], disabledTools: ['claude'], customTools: custom }, name)).toEqual(['ChatGPT', 'Intranet LLM']);
    expect(recordedToolNames(DEFAULT_CONFIG, name)).toHaveLength(BUILT_IN_TOOLS.length);
  });
});

describe('pause label', () => {
  const now = new Date(2025, 5, 10, 14, 0).getTime();
  it('is null when not paused or when the pause has run out', () => {
    expect(pauseLabel(null, now)).toBeNull();
    expect(pauseLabel(undefined, now)).toBeNull();
    expect(pauseLabel({ until: now - 1, since: now - 3_600_000 }, now)).toBeNull();
    expect(isPaused({ until: now + 1, since: now }, now)).toBe(true);
  });
  it('says "until you resume" for an open pause', () => {
    expect(pauseLabel({ until: null, since: now }, now)).toBe('Paused until you resume');
  });
  it('gives the time for a pause ending today, and the weekday too for one ending on another day', () => {
    expect(pauseLabel({ until: now + 3_600_000, since: now }, now)).toBe(`Paused until ${new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(now + 3_600_000)}`);
    const midnight = new Date(2025, 5, 11).getTime();
    const label = pauseLabel({ until: midnight, since: now }, now)!;
    expect(label).toContain('Wednesday');
    expect(localDay(midnight)).toBe('2025-06-11');
  });
});

describe('what is recorded', () => {
  it('has English messages equal to src/contract/disclosure.ts, entry for entry', () => {
    expect(RECORDED_KEYS.map(([what, details]) => [messages[what]?.message, messages[details]?.message])).toEqual(RECORDED.map(([w, d]) => [w, d]));
    expect(NEVER_KEYS.map((k) => messages[k]?.message)).toEqual([...NEVER_RECORDED]);
  });
  it('is translated into Georgian for every entry', () => {
    const georgian = ka as Record<string, { message: string }>;
    for (const key of [...RECORDED_KEYS.flat(), ...NEVER_KEYS]) {
      expect(georgian[key]?.message, key).toBeTruthy();
      expect(georgian[key]!.message, key).not.toBe(messages[key]!.message);
    }
  });
});
