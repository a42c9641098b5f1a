import { describe, expect, it } from 'vitest';
import { DIMENSIONS, LEVELS, MATURITY_STAGES } from '../contract/depth';
import { MESSAGES, pickLocale } from './messages';

describe('languages', () => {
  it('follows the first browser language it speaks', () => {
    expect(pickLocale(['ka-GE', 'en-US'])).toBe('ka');
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
  });
  it('Georgian names every level, dimension and maturity stage, differently from English', () => {
    for (const l of LEVELS) expect(MESSAGES.ka.levelNames[l]).not.toBe(MESSAGES.en.levelNames[l]);
    for (const d of DIMENSIONS) expect(MESSAGES.ka.dimensionMeanings[d]).not.toBe(MESSAGES.en.dimensionMeanings[d]);
    for (const s of MATURITY_STAGES) expect(MESSAGES.ka.maturityMeanings[s]).toMatch(/[\u10D0-\u10FF]/);
  });
  it('every Georgian string is Georgian text (no English left behind)', () => {
    const strings = Object.entries(MESSAGES.ka).flatMap(([key, val]) =>
      typeof val === 'string' ? [[key, val]] : typeof val === 'function' ? [[key, String((val as (...a: unknown[]) => string)('x', 1, 'y'))]] : Object.entries(val as Record<string, string>).map(([k2, v2]) => [`${key}.${k2}`, v2]),
    );
    // Product and feature names that stay as they are.
    const untranslated = new Set(['langName', 'featureNames.canvas']);
    const english = strings.filter(([k, s]) => !untranslated.has(k!) && !/[\u10D0-\u10FF]/.test(s!));
    expect(english).toEqual([]);
  });
});
