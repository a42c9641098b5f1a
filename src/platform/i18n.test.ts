import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { formatDay, formatList, formatNumber, messagesLanguage, t, tp, uiLocale } from './i18n';

interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string }>;
}
type Messages = Record<string, Message>;

const LOCALES_DIR = path.resolve(__dirname, '../../assets/public/_locales');
const locales = readdirSync(LOCALES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const read = (locale: string): Messages => JSON.parse(readFileSync(path.join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Messages;
const en = read('en');
/** `$1`…`$9` used by a message, as a sorted list ("$$" is a literal dollar, not a substitution). */
const substitutions = (message: string) => [...new Set([...message.replaceAll('$$', '').matchAll(/\$([1-9])/g)].map((m) => m[1]))].sort();

describe('locale files', () => {
  it('has English, the default locale, and Georgian', () => {
    expect(locales).toContain('en');
    expect(locales).toContain('ka');
  });

  it.each(locales)('%s: a messages.json that is valid JSON', (locale) => {
    expect(existsSync(path.join(LOCALES_DIR, locale, 'messages.json'))).toBe(true);
    expect(() => read(locale)).not.toThrow();
  });

  it.each(locales)('%s: exactly the keys of en', (locale) => {
    const keys = Object.keys(read(locale));
    expect(keys.filter((k) => !(k in en)), 'keys en does not have').toEqual([]);
    expect(Object.keys(en).filter((k) => !keys.includes(k)), 'keys missing').toEqual([]);
  });

  it.each(locales)('%s: the same $n substitutions as en, per key', (locale) => {
    const messages = read(locale);
    const different = Object.keys(en)
      .filter((k) => messages[k] && substitutions(messages[k].message).join() !== substitutions(en[k]!.message).join())
      .map((k) => `${k}: en ${substitutions(en[k]!.message).join() || '-'}, ${locale} ${substitutions(messages[k]!.message).join() || '-'}`);
    expect(different).toEqual([]);
  });

  it.each(locales)('%s: no empty messages, no stray named placeholders', (locale) => {
    const messages = read(locale);
    for (const [key, m] of Object.entries(messages)) {
      expect(typeof m.message, key).toBe('string');
      expect(m.message.trim(), key).not.toBe('');
      // Chrome refuses to load the extension when a message uses $name$ without declaring it.
      for (const [, name] of m.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)) {
        expect(Object.keys(m.placeholders ?? {}).map((p) => p.toLowerCase()), `${key} uses $${name}$`).toContain(name!.toLowerCase());
      }
    }
  });

  it.each(locales)('%s: key names Chrome accepts', (locale) => {
    for (const key of Object.keys(read(locale))) {
      expect(key).toMatch(/^[A-Za-z0-9_]+$/);
      expect(key.startsWith('@@'), key).toBe(false);
    }
  });

  it.each(locales)('%s: a name and description within the store limits', (locale) => {
    const messages = read(locale);
    expect([...messages.extName!.message].length).toBeLessThanOrEqual(75);
    expect([...messages.extDescription!.message].length).toBeLessThanOrEqual(132);
  });

  it('gives every plural form a fallback: each <base>_one has a <base>_other', () => {
    const missing = Object.keys(en)
      .filter((k) => k.endsWith('_one'))
      .map((k) => `${k.slice(0, -'_one'.length)}_other`)
      .filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });
});

describe('t, tp and formatting', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The browser's own lookup, as Chrome does it for a locale: its message with $1…$9 replaced. */
  function speak(locale: string) {
    const messages = read(locale);
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue(locale);
    return vi
      .spyOn(fakeBrowser.i18n, 'getMessage')
      .mockImplementation((key: string, subs?: string | Array<string | number>) =>
        (messages[key]?.message ?? '').replace(/\$([1-9])/g, (_, n: string) => String([subs ?? []].flat()[Number(n) - 1] ?? '')),
      );
  }

  it('falls back to English outside an extension page, with substitutions', () => {
    expect(uiLocale()).toBe('en');
    expect(t('options_allow_hosts', 'llm.example.com')).toBe('Allow Leadline on llm.example.com');
    expect(t('options_import_too_large', 50)).toBe('This file is larger than 50 MB, too large to be a Leadline export. It was not read; nothing changed.');
    expect(t('options_page_title')).toBe('Leadline settings');
  });

  it("uses the browser's message and passes substitutions as strings", () => {
    const get = speak('ka');
    expect(t('options_allow_hosts', 'llm.example.com')).toBe('Leadline-ის დაშვება საიტებზე: llm.example.com');
    expect(t('options_import_too_large', 50)).toContain('50 მბ');
    expect(get).toHaveBeenCalledWith('options_import_too_large', ['50']);
  });

  it('gives the language of the text shown, not of the browser, for <html lang>', () => {
    speak('ka');
    expect(messagesLanguage()).toBe('ka');
    vi.restoreAllMocks();
    // A German browser: Leadline has no German, so the text (and lang) is English.
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('de');
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
    expect(messagesLanguage()).toBe('en');
  });

  it('formats in the browser locale when the text is in its language, else in the language of the text', () => {
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-GB');
    expect(uiLocale()).toBe('en-GB');
    vi.restoreAllMocks();
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('de-DE');
    expect(uiLocale()).toBe('en');
    vi.restoreAllMocks();
    speak('ka');
    expect(uiLocale()).toBe('ka');
  });

  it('falls back to English when the browser has no message', () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
    expect(t('options_save')).toBe('Save');
  });

  it('chooses _one or _other by the plural rules, with the number formatted', () => {
    expect(tp('options_import_events', 1)).toBe('1 event added');
    expect(tp('options_import_events', 0)).toBe('0 events added');
    expect(tp('options_import_events', 2)).toBe('2 events added');
    expect(tp('options_import_events', 1234)).toBe('1,234 events added');
  });

  it('asks the browser for the plural key of its own language', () => {
    const get = speak('ka');
    expect(tp('options_import_rollups', 1)).toBe('დაემატა 1 დღიური ჯამი');
    expect(get).toHaveBeenLastCalledWith('options_import_rollups_one', ['1']);
    expect(tp('options_import_rollups', 5)).toBe('დაემატა 5 დღიური ჯამი');
    expect(get).toHaveBeenLastCalledWith('options_import_rollups_other', ['5']);
    expect(tp('options_import_rollups', 12345)).toBe(`დაემატა ${formatNumber(12345)} დღიური ჯამი`);
    expect(formatNumber(12345)).not.toBe('12,345');
  });

  it('formats numbers, days and lists in the UI language', () => {
    expect(formatNumber(1234.5)).toBe('1,234.5');
    expect(formatDay('2025-03-09')).toBe('Mar 9');
    expect(formatList(['a', 'b', 'c'])).toBe('a, b, and c');
    speak('ka');
    expect(uiLocale()).toBe('ka');
    expect(formatDay('2025-03-09', { day: 'numeric', month: 'long' })).toBe(new Intl.DateTimeFormat('ka', { day: 'numeric', month: 'long' }).format(new Date(2025, 2, 9)));
    expect(formatDay('2025-03-09', { day: 'numeric', month: 'long' })).not.toContain('March');
    expect(formatList(['ა', 'ბ'])).toBe('ა და ბ');
  });
});
