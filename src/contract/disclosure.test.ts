import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, FEATURES, SIZE_BUCKETS } from './buckets';
import { COUNTER_DAYS, KEPT_FOR, NEVER_RECORDED, RAW_DAYS, RECORDED, ROLLUP_DAYS, SYNC_FACTS, SYNC_SENT } from './disclosure';
import { SETTINGS } from './config';
import { MemberSnapshot } from './sync';
import { EVENT_KINDS } from './events';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const welcome = RECORDED.flat().join(' ');

describe('what people are told is recorded', () => {
  it('the README names every event kind, feature and bucket the contract can store', () => {
    for (const name of [...EVENT_KINDS, ...FEATURES, ...DURATION_BUCKETS, ...SIZE_BUCKETS.filter((b) => b !== 'unknown')]) {
      expect(readme, name).toContain(`\`${name}\``);
    }
  });

  it('the welcome page names every feature and the size bucket limits', () => {
    for (const f of FEATURES) expect(welcome.toLowerCase(), f).toContain(f.split('_')[0]!.replace('custom', 'custom assistant').slice(0, 5));
    expect(welcome).toContain('50 characters');
    expect(welcome).toContain('4,000');
  });

  it('both say that text, titles, URLs and conversation ids are never recorded', () => {
    const never = NEVER_RECORDED.join(' ').toLowerCase();
    for (const word of ['prompt text', 'response text', 'titles', 'urls', 'conversation ids']) expect(never).toContain(word);
    const section = readme.slice(readme.indexOf('Never recorded'));
    for (const word of ['prompt text', 'response text', 'page titles', 'URLs', 'conversation ids']) expect(section).toContain(word);
  });

  it('both say how long each kind of row lives, with the figures retention runs on', () => {
    expect(SETTINGS.rawRetentionDays.default).toBe(RAW_DAYS.default);
    expect(SETTINGS.rawRetentionDays.schema.safeParse(RAW_DAYS.min - 1).success).toBe(false);
    expect(SETTINGS.rawRetentionDays.schema.safeParse(RAW_DAYS.max + 1).success).toBe(false);
    const kept = KEPT_FOR.flat().join(' ');
    const section = readme.slice(readme.indexOf('How long each kind of row lives'));
    for (const text of [kept, section]) {
      for (const figure of [`${RAW_DAYS.default} days`, `${RAW_DAYS.min} to ${RAW_DAYS.max}`, `${COUNTER_DAYS} days`, `${ROLLUP_DAYS} days`, '13 months']) {
        expect(text, figure).toContain(figure);
      }
    }
    for (const row of ['events', 'adapter health', 'conversation links', 'drop counters', 'daily rollups']) expect(section).toContain(row);
    expect(kept.toLowerCase()).toContain('health');
  });
});

describe('what people are told team sync sends', () => {
  it('the welcome table names every field of the snapshot, and nothing else', () => {
    expect(SYNC_SENT.map(([f]) => f).sort()).toEqual(Object.keys(MemberSnapshot.shape).sort());
  });

  it('the README lists every field, and says how often, to whom, why weeks cannot be linked and how to withdraw', () => {
    const section = readme.slice(readme.indexOf('## Team sync'));
    expect(section.length).toBeGreaterThan(100);
    for (const [field] of SYNC_SENT) expect(section, field).toContain(`\`${field}\``);
    for (const words of ['once a week', 'collector', 'pseudonym', 'cannot be linked', 'Delete everything', 'withdraw']) expect(section.toLowerCase(), words).toContain(words.toLowerCase());
    const facts = SYNC_FACTS.join(' ').toLowerCase();
    for (const words of ['one snapshot a week', 'collector', 'pseudonym', 'cannot link', 'withdraws']) expect(facts).toContain(words);
  });
});
