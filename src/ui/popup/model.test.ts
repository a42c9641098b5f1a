import { describe, expect, it } from 'vitest';
import en from '../../../assets/public/_locales/en/messages.json';
import ka from '../../../assets/public/_locales/ka/messages.json';
import { DEFAULT_CONFIG } from '../../contract/config';
import { addDays, localDay } from '../../contract/day';
import { DISCLOSURE_IDS, sectionIds, WELCOME_DISCLOSURE, POPUP_DISCLOSURE } from '../../contract/disclosure';
import type { DimensionResult, LevelResult, Summary } from '../../metrics/types';
import { DIMENSIONS, LEVELS } from '../../metrics/types';
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
  historyNote,
  levelLine,
  levelMeaning,
  levelName,
  levelStep,
  pauseLabel,
  popupView,
  recordedToolNames,
  TIP_KEYS,
  tipFor,
  weakestDimension,
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
    expect(levelMeaning('power')).toBe('Power: 15+ prompts a week on average and active in 9 or more of the last 12 weeks.');
    expect(levelMeaning('habitual')).toContain('9 or more of the last 12 weeks');
    expect(levelMeaning('non_user')).toBe('Non-user: no prompts in the last 12 weeks.');
  });
  it("states the person's own figures, the average to one decimal", () => {
    expect(levelFigures(level)).toBe('Active 10 of 12 weeks · 11.7 prompts a week on average');
  });
  it('says what each level means in one line, and where it sits on five steps', () => {
    expect(levelLine('habitual')).toBe('AI is part of most of your weeks, used lightly.');
    for (const l of LEVELS) expect(levelLine(l).length, l).toBeLessThan(60);
    expect(LEVELS.map(levelStep)).toEqual([1, 2, 3, 4, 5]);
  });
  it('says when fewer than 12 weeks have been recorded, and only then, counting from the install', () => {
    const today = '2025-03-31';
    const windowStart = addDays(today, -83);
    const used = { ...level, totalPrompts: 5 };
    const note = (firstDay: string | null, installDay: string | null, l = used) => historyNote({ firstDay, today, level: l }, installDay, windowStart);
    expect(note(today, today)).toBe('Leadline has recorded for 1 day; levels use 12 weeks.');
    expect(note(addDays(today, -82), addDays(today, -82))).toBe('Leadline has recorded for 83 days; levels use 12 weeks.');
    // Installed before anything was recorded: still counted from the data's first day.
    expect(note(addDays(today, -10), addDays(today, -20))).toBe('Leadline has recorded for 11 days; levels use 12 weeks.');
    expect(note(addDays(today, -83), addDays(today, -83))).toBeNull();
    expect(note(null, today)).toBeNull();
  });
  it('after an import, does not claim Leadline recorded the imported days', () => {
    const today = '2025-03-31';
    const note = historyNote({ firstDay: addDays(today, -69), today, level: { ...level, totalPrompts: 40 } }, today, addDays(today, -83));
    expect(note).toBe('70 days of history, some imported; levels use 12 weeks.');
    expect(note).not.toContain('recorded for 70');
  });
  it('says where an old history starts when none of it falls in the 12 weeks', () => {
    const today = '2025-03-31';
    const empty = { ...level, level: 'non_user' as const, activeWeeks: 0, totalPrompts: 0, averagePerWeek: 0 };
    const note = historyNote({ firstDay: '2024-06-03', today, level: empty }, today, addDays(today, -83));
    expect(note).toContain('June 3, 2024');
    expect(note).toContain('no prompts in the last 12 weeks');
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
    expect(changeText(5)).toBe('up 5');
    expect(changeText(-2)).toBe('down 2');
    expect(changeText(0)).toBe('no change');
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

describe('tips', () => {
  const profile = (weakest: string) => DIMENSIONS.map((id) => ({ id, raw: 1, score: id === weakest ? 10 : 70 }));
  it('chooses the tip of the weakest dimension, for each dimension, in English and Georgian', () => {
    const georgian = ka as Record<string, { message: string }>;
    for (const id of DIMENSIONS) {
      expect(weakestDimension(profile(id))).toBe(id);
      const tip = tipFor(profile(id))!;
      expect(tip.dimension).toBe(id);
      expect(tip.text).toBe(messages[TIP_KEYS[id]]!.message);
      expect(georgian[TIP_KEYS[id]]?.message, id).toBeTruthy();
      expect(georgian[TIP_KEYS[id]]!.message).not.toBe(tip.text);
    }
  });
  it('breaks ties by the order of the dimensions, and has no tip for an empty profile', () => {
    expect(weakestDimension(DIMENSIONS.map((id) => ({ id, raw: 0, score: 0 })))).toBe('habit');
    expect(weakestDimension([{ id: 'output_reuse', raw: 0, score: 20 }, { id: 'iteration', raw: 0, score: 20 }])).toBe('output_reuse');
    expect(tipFor([])).toBeNull();
  });
  it('gives every dimension a short, distinct tip', () => {
    const texts = DIMENSIONS.map((id) => messages[TIP_KEYS[id]]!.message);
    expect(new Set(texts).size).toBe(DIMENSIONS.length);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(110);
  });
});

describe('what is recorded, kept and sent', () => {
  it('is translated into Georgian for every entry', () => {
    const georgian = ka as Record<string, { message: string }>;
    for (const id of DISCLOSURE_IDS) {
      expect(georgian[`disclosure_${id}`]?.message, id).toBeTruthy();
      expect(georgian[`disclosure_${id}`]!.message, id).not.toBe(messages[`disclosure_${id}`]!.message);
    }
  });
  it('the popup shows a part of what the welcome page shows, and every text is used by the welcome page', () => {
    const welcome = new Set(WELCOME_DISCLOSURE.flatMap(sectionIds));
    for (const id of POPUP_DISCLOSURE.flatMap(sectionIds)) expect(welcome.has(id), id).toBe(true);
    // The sync state and who to ask are said by the page itself, around the sections.
    const unused = DISCLOSURE_IDS.filter((id) => !welcome.has(id) && !id.startsWith('contact_') && !/^sync_(on|off)/.test(id));
    expect(unused).toEqual([]);
  });
});
