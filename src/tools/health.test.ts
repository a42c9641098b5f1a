import { describe, expect, it } from 'vitest';
import type { AdapterHealthRow } from '../contract/health';
import { assessHealth } from './health';

const row = (day: string, r: Partial<AdapterHealthRow>): AdapterHealthRow => ({
  key: `claude|${day}`,
  tool: 'claude',
  day,
  engagedSeconds: 0,
  prompts: 0,
  errors: 0,
  snapshots: 1,
  chains: { composer: 0, send: 0, userTurn: 0, assistantTurn: 0 },
  ...r,
});

describe('adapter health', () => {
  it('calls an adapter stale when there is engaged time but no prompt', () => {
    const h = assessHealth('claude', [row('2026-11-20', { engagedSeconds: 400 }), row('2026-11-21', { engagedSeconds: 300 })]);
    expect(h.status).toBe('stale');
    expect(h.engagedSeconds).toBe(700);
  });

  it('is ok when prompts are seen with primary selectors', () => {
    expect(assessHealth('claude', [row('2026-11-21', { engagedSeconds: 900, prompts: 12 })]).status).toBe('ok');
  });

  it('reports fallbacks and missing chains from the latest snapshot', () => {
    const h = assessHealth('claude', [
      row('2026-11-20', { prompts: 3, chains: { composer: -1 } }),
      row('2026-11-21', { prompts: 3, chains: { composer: 2, userTurn: -1 } }),
    ]);
    expect(h).toMatchObject({ status: 'degraded', fallbacks: ['composer'], missing: ['userTurn'], lastPromptDay: '2026-11-21' });
    expect(assessHealth('claude', [row('2026-11-21', { prompts: 1, chains: { composer: -1 } })]).status).toBe('broken');
  });

  it('says when there is nothing to judge', () => {
    expect(assessHealth('gemini', [row('2026-11-21', { prompts: 3 })]).status).toBe('no_data');
  });
});
