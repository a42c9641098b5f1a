import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, FEATURES, SIZE_BUCKETS } from './buckets';
import { COUNTER_RETENTION_DAYS } from './counters';
import {
  COUNTER_DAYS,
  DISCLOSURE_FIGURES,
  DISCLOSURE_IDS,
  RAW_DAYS,
  RECORDED_SECTION,
  NEVER_SECTION,
  ROLLUP_DAYS,
  ROLLUP_MONTHS,
  SYNC_FIELD_TEXT,
  SYNC_SECTION,
  WELCOME_DISCLOSURE,
  sectionIds,
  type DisclosureId,
} from './disclosure';
import { SETTINGS } from './config';
import { MemberSnapshot } from './sync';
import { EVENT_KINDS } from './events';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const locale = (l: string) => JSON.parse(readFileSync(path.join(ROOT, `assets/public/_locales/${l}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const LOCALES = { en: locale('en'), ka: locale('ka') };
const english = (id: DisclosureId) => LOCALES.en[`disclosure_${id}`]!.message;
const placeholders = (message: string) => [...new Set([...message.matchAll(/\$([1-9])/g)].map((m) => Number(m[1])))].sort();

describe('the disclosure: one source for each fact', () => {
  it.each(Object.entries(LOCALES))('%s: every text exists, with exactly the placeholders its figures fill', (_, messages) => {
    for (const id of DISCLOSURE_IDS) {
      const message = messages[`disclosure_${id}`]?.message;
      expect(message, id).toBeTruthy();
      const figures = DISCLOSURE_FIGURES[id] ?? [];
      // contact_set takes the contact itself, not a figure.
      if (id !== 'contact_set') expect(placeholders(message!), id).toEqual(figures.map((_, i) => i + 1));
    }
    // No disclosure message outside the contract's list: nothing is said that no page renders.
    const ids = new Set<string>(DISCLOSURE_IDS);
    expect(Object.keys(messages).filter((k) => k.startsWith('disclosure_') && !ids.has(k.slice('disclosure_'.length)))).toEqual([]);
  });

  it.each(Object.entries(LOCALES))('%s: how long rows are kept is never written in the words, only substituted from the figures', (_, messages) => {
    const kept = DISCLOSURE_IDS.filter((id) => id.startsWith('kept_'));
    for (const id of kept) expect(messages[`disclosure_${id}`]!.message.replace(/\$[1-9]/g, ''), id).not.toMatch(/\d/);
  });

  it('states the figures retention runs on', () => {
    expect(SETTINGS.rawRetentionDays.default).toBe(RAW_DAYS.default);
    expect(SETTINGS.rawRetentionDays.schema.safeParse(RAW_DAYS.min).success).toBe(true);
    expect(SETTINGS.rawRetentionDays.schema.safeParse(RAW_DAYS.min - 1).success).toBe(false);
    expect(SETTINGS.rawRetentionDays.schema.safeParse(RAW_DAYS.max).success).toBe(true);
    expect(SETTINGS.rawRetentionDays.schema.safeParse(RAW_DAYS.max + 1).success).toBe(false);
    expect(COUNTER_RETENTION_DAYS).toBe(COUNTER_DAYS);
    expect(DISCLOSURE_FIGURES.kept_events_details).toEqual([RAW_DAYS.default, RAW_DAYS.min, RAW_DAYS.max]);
    expect(DISCLOSURE_FIGURES.kept_counters_details).toEqual([COUNTER_DAYS]);
    expect(DISCLOSURE_FIGURES.kept_rollups_details).toEqual([ROLLUP_MONTHS, ROLLUP_DAYS]);
    // The months said are kept: the days kept cover that many months of average length.
    expect(ROLLUP_DAYS).toBeGreaterThanOrEqual(Math.ceil((ROLLUP_MONTHS * 365.25) / 12));
  });

  it('announces every field of a weekly snapshot, and nothing it does not send', () => {
    expect(Object.keys(SYNC_FIELD_TEXT).sort()).toEqual(Object.keys(MemberSnapshot.shape).sort());
    const items = 'items' in SYNC_SECTION ? SYNC_SECTION.items : [];
    expect([...new Set(Object.values(SYNC_FIELD_TEXT))].sort()).toEqual([...items].sort());
  });

  it('every section the welcome page shows uses texts of the list, each once', () => {
    const used = WELCOME_DISCLOSURE.flatMap(sectionIds);
    expect(new Set(used).size).toBe(used.length);
  });
});

describe('what people are told is recorded', () => {
  const recorded = sectionIds(RECORDED_SECTION).map(english).join(' ');

  it('the README names every event kind, feature and bucket the contract can store', () => {
    for (const name of [...EVENT_KINDS, ...FEATURES, ...DURATION_BUCKETS, ...SIZE_BUCKETS.filter((b) => b !== 'unknown')]) {
      expect(readme, name).toContain(`\`${name}\``);
    }
  });

  it('the welcome page names every feature and the size bucket limits', () => {
    for (const f of FEATURES) expect(recorded.toLowerCase(), f).toContain(f.split('_')[0]!.replace('custom', 'custom assistant').slice(0, 5));
    expect(recorded).toContain('50 characters');
    expect(recorded).toContain('4,000');
  });

  it('both say that text, titles, URLs and conversation ids are never recorded', () => {
    const never = sectionIds(NEVER_SECTION).map(english).join(' ').toLowerCase();
    for (const word of ['prompt text', 'response text', 'titles', 'urls', 'conversation ids']) expect(never).toContain(word);
    const section = readme.slice(readme.indexOf('Never recorded'));
    for (const word of ['prompt text', 'response text', 'page titles', 'URLs', 'conversation ids']) expect(section).toContain(word);
  });

  it("the README's kept and sync blocks state the figures and name every snapshot field (they are generated: src/deploy/readme.ts)", () => {
    const kept = readme.slice(readme.indexOf('<!-- disclosure:kept'), readme.indexOf('<!-- /disclosure:kept -->'));
    for (const figure of [`${RAW_DAYS.default} days`, `${RAW_DAYS.min} to ${RAW_DAYS.max}`, `${COUNTER_DAYS} days`, `${ROLLUP_DAYS} days`, `${ROLLUP_MONTHS} months`]) expect(kept, figure).toContain(figure);
    const sync = readme.slice(readme.indexOf('<!-- disclosure:sync'), readme.indexOf('<!-- /disclosure:sync -->'));
    for (const field of Object.keys(MemberSnapshot.shape)) expect(sync, field).toContain(`\`${field}\``);
    const section = readme.slice(readme.indexOf('## Team sync'));
    for (const words of ['once a week', 'collector', 'pseudonym', 'cannot be linked', 'Delete everything', 'withdraw']) expect(section.toLowerCase(), words).toContain(words.toLowerCase());
  });
});
