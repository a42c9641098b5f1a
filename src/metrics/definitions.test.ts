import { describe, expect, it } from 'vitest';
import {
  ALL_DEFINITIONS,
  DAYS_PER_WEEK,
  DIMENSION_DEFINITIONS,
  LEVEL_DAYS,
  LEVEL_SEGMENTS,
  MATURITY_BANDS,
  PROFILE_DAYS,
  WEEK_CHANGE_DEFINITIONS,
  dimensionDefinition,
} from './definitions';
import { DIMENSIONS, LEVELS, WEEK_CHANGE_METRICS } from './types';

describe('metric definitions', () => {
  it('define every dimension exactly once, in DIMENSIONS order', () => {
    expect(DIMENSION_DEFINITIONS.map((d) => d.id)).toEqual([...DIMENSIONS]);
    for (const id of DIMENSIONS) expect(dimensionDefinition(id).id).toBe(id);
  });

  it('have unique ids and every field filled in', () => {
    const ids = ALL_DEFINITIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of ALL_DEFINITIONS) {
      for (const field of ['name', 'description', 'formula', 'unit', 'why', 'anchor'] as const) expect(d[field].trim(), `${d.id}.${field}`).not.toBe('');
      expect(['12 weeks', '28 days', 'this week vs last']).toContain(d.window);
    }
  });

  it('give every dimension a positive target, and composite parts whose weights sum to 1', () => {
    for (const d of DIMENSION_DEFINITIONS) {
      expect(d.target, d.id).toBeGreaterThan(0);
      expect(d.window).toBe('28 days');
      if (d.parts) {
        expect(d.parts.reduce((n, p) => n + p.weight, 0)).toBeCloseTo(1, 10);
        expect(d.parts.every((p) => p.target > 0)).toBe(true);
        // The raw figure is the first part, so the dimension's target is that part's.
        expect(d.target).toBe(d.parts[0]!.target);
      }
    }
  });

  it('rank the level segments highest first, the last one catching everyone', () => {
    expect(LEVEL_SEGMENTS.map((s) => s.level)).toEqual([...LEVELS].reverse());
    const last = LEVEL_SEGMENTS.at(-1)!;
    expect([last.minActiveWeeks, last.minAveragePerWeek, last.minTotalPrompts]).toEqual([undefined, undefined, undefined]);
  });

  it('rank the maturity bands lowest first from 0', () => {
    expect(MATURITY_BANDS[0]!.minShare).toBe(0);
    for (let i = 1; i < MATURITY_BANDS.length; i++) expect(MATURITY_BANDS[i]!.minShare).toBeGreaterThan(MATURITY_BANDS[i - 1]!.minShare);
  });

  it('nest every window inside the 12 weeks the summary reads', () => {
    expect(PROFILE_DAYS).toBeLessThanOrEqual(LEVEL_DAYS);
    expect(2 * DAYS_PER_WEEK).toBeLessThanOrEqual(LEVEL_DAYS);
  });

  it('define each week-change figure', () => {
    expect(WEEK_CHANGE_DEFINITIONS.map((d) => d.id)).toEqual(WEEK_CHANGE_METRICS.map((m) => `week_change_${m}`));
  });
});
