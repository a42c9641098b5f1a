import { describe, expect, it } from 'vitest';
import { addDays } from '../contract/day';
import type { DailyRollup } from '../contract/rollup';
import { TEST_DEVICES, TEST_TODAY, lastDays, makeRollup } from './arbitraries.testkit';
import { depthProfile } from './profile';
import { DIMENSIONS, type DimensionId, type DimensionResult } from './types';

const today = TEST_TODAY;
const dim = (rows: DailyRollup[], id: DimensionId): DimensionResult => depthProfile(rows, today).find((d) => d.id === id)!;

describe('depthProfile', () => {
  it('gives every dimension, in order, at 0 for an empty window', () => {
    const profile = depthProfile([], today);
    expect(profile.map((d) => d.id)).toEqual([...DIMENSIONS]);
    for (const d of profile) expect([d.id, d.raw, d.score]).toEqual([d.id, 0, 0]);
    expect(dim([], 'iteration').parts).toEqual({ iterativeShare: 0, editsRegensPerConversation: 0 });
  });

  it('habit: active days against 20', () => {
    const ten = lastDays(today, 10).map((d) => makeRollup(d, { prompts: 1 }));
    expect(dim(ten, 'habit')).toMatchObject({ raw: 10, score: 50 });
    const all = lastDays(today, 28).map((d) => makeRollup(d, { prompts: 1 }));
    expect(dim(all, 'habit')).toMatchObject({ raw: 28, score: 100 });
    // A day with only an open tab, or copies, is not an active day.
    expect(dim([makeRollup(today, { engagedSeconds: 600, copies: 2 })], 'habit')).toMatchObject({ raw: 0, score: 0 });
  });

  it('habit: the window is today−27 to today', () => {
    expect(dim([makeRollup(addDays(today, -27), { prompts: 1 })], 'habit')).toMatchObject({ raw: 1, score: 5 });
    expect(dim([makeRollup(addDays(today, -28), { prompts: 1 })], 'habit')).toMatchObject({ raw: 0, score: 0 });
    expect(dim([makeRollup(addDays(today, 1), { prompts: 1 })], 'habit')).toMatchObject({ raw: 0, score: 0 });
  });

  it('intensity: prompts per active day against 10', () => {
    const rows = [8, 4, 6, 2, 5, 5].map((p, k) => makeRollup(addDays(today, -k * 3), { prompts: p }));
    expect(dim(rows, 'intensity')).toMatchObject({ raw: 5, score: 50 });
    expect(dim([makeRollup(today, { prompts: 25 })], 'intensity')).toMatchObject({ raw: 25, score: 100 });
    // Prompts outside the window do not dilute or inflate it.
    expect(dim([makeRollup(today, { prompts: 3 }), makeRollup(addDays(today, -28), { prompts: 90 })], 'intensity')).toMatchObject({ raw: 3, score: 30 });
  });

  it('iteration: 70 % iterative share against 0.857, 30 % edits and regenerations per conversation against 1', () => {
    const rows = [
      makeRollup(today, { prompts: 20, conversations: 6, iterativeConversations: 4, edits: 2 }),
      makeRollup(addDays(today, -3), { prompts: 8, conversations: 4, iterativeConversations: 2, regenerations: 3 }, { tool: 'claude' }),
    ];
    // share 6/10 = 0.6; (2 + 3)/10 = 0.5 per conversation. 70 × 0.6/0.857 + 30 × 0.5 = 49.008 + 15 = 64.008.
    expect(dim(rows, 'iteration')).toEqual({ id: 'iteration', raw: 0.6, score: 64, parts: { iterativeShare: 0.6, editsRegensPerConversation: 0.5 } });
  });

  it('iteration: each part is capped before blending', () => {
    const regenOnly = [makeRollup(today, { prompts: 4, conversations: 4, regenerations: 40 })];
    expect(dim(regenOnly, 'iteration')).toMatchObject({ raw: 0, score: 30 });
    const full = [makeRollup(today, { prompts: 10, conversations: 10, iterativeConversations: 9, edits: 10, regenerations: 10 })];
    expect(dim(full, 'iteration')).toMatchObject({ raw: 0.9, score: 100 });
    // Edits without any conversation (prompts with no conversation id) divide by nothing: 0, not Infinity.
    expect(dim([makeRollup(today, { prompts: 3, edits: 3 })], 'iteration')).toMatchObject({ raw: 0, score: 0 });
  });

  it('capability breadth: distinct features with a use, against 5', () => {
    const rows = [
      makeRollup(today, { features: { web_search: 2, file_upload: 1, canvas: 0 } }),
      makeRollup(addDays(today, -20), { features: { web_search: 1, deep_research: 3 } }, { tool: 'gemini' }),
      makeRollup(addDays(today, -28), { features: { voice: 5, agent: 1 } }),
    ];
    expect(dim(rows, 'capability_breadth')).toMatchObject({ raw: 3, score: 60 });
  });

  it('tool breadth: distinct tools with a prompt, against 3', () => {
    const rows = [
      makeRollup(today, { prompts: 2 }, { tool: 'chatgpt' }),
      makeRollup(addDays(today, -5), { prompts: 1 }, { tool: 'claude' }),
      makeRollup(today, { engagedSeconds: 900 }, { tool: 'gemini' }),
      makeRollup(addDays(today, -30), { prompts: 9 }, { tool: 'copilot' }),
    ];
    expect(dim(rows, 'tool_breadth')).toMatchObject({ raw: 2, score: 67 });
  });

  it('output reuse: copies per completed response, against 0.5', () => {
    expect(dim([makeRollup(today, { responses: 12, copies: 3 })], 'output_reuse')).toMatchObject({ raw: 0.25, score: 50 });
    expect(dim([makeRollup(today, { responses: 2, copies: 5 })], 'output_reuse')).toMatchObject({ raw: 2.5, score: 100 });
    expect(dim([makeRollup(today, { copies: 5 })], 'output_reuse')).toMatchObject({ raw: 0, score: 0 });
  });

  it('context richness: share of long or attached prompts, against 0.5', () => {
    expect(dim([makeRollup(today, { prompts: 10, contextRichPrompts: 4, promptsWithAttachments: 1 })], 'context_richness')).toMatchObject({ raw: 0.4, score: 80 });
    expect(dim([makeRollup(today, { prompts: 10, contextRichPrompts: 10 })], 'context_richness')).toMatchObject({ raw: 1, score: 100 });
  });

  it('sums rows of several devices for the same tool and day', () => {
    const rows = [
      makeRollup(today, { prompts: 3, responses: 4, copies: 1, contextRichPrompts: 1 }, { device: TEST_DEVICES[0] }),
      makeRollup(today, { prompts: 5, responses: 4, copies: 3, contextRichPrompts: 3 }, { device: TEST_DEVICES[1] }),
    ];
    const p = Object.fromEntries(depthProfile(rows, today).map((d) => [d.id, d.raw]));
    expect(p).toMatchObject({ habit: 1, intensity: 8, tool_breadth: 1, output_reuse: 0.5, context_richness: 0.5 });
  });
});
