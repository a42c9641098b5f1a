import { browser } from 'wxt/browser';
import type en from '../../assets/public/_locales/en/messages.json';

/**
 * Strings go through the browser's own i18n (`_locales/<lang>/messages.json`),
 * so the extension follows the browser's language like every other extension.
 * English is the source of truth for the keys; a test holds every other
 * locale to the same keys and placeholders.
 */
export type MessageKey = keyof typeof en;

/**
 * English where no browser supplies messages: unit tests set it
 * (src/platform/english.testkit.ts). In the extension the browser itself falls
 * back to English (the manifest's default_locale), so the pages do not carry a
 * second copy of every message in their first-paint JS.
 */
let ENGLISH: Record<string, { message: string }> = {};
export function setEnglishFallback(messages: Record<string, { message: string }>): void {
  ENGLISH = messages;
}

/** The browser's message, or '' when there is none (or no extension around it). */
function browserMessage(key: string, subs?: string[]): string {
  try {
    // WXT types getMessage from the keys it saw at its last `wxt prepare`; the JSON type above is the current truth.
    return (browser.i18n.getMessage as (name: string, substitutions?: string[]) => string)(key, subs) || '';
  } catch {
    return ''; // Not in an extension page (unit tests): English below.
  }
}

/** As the browsers do it: `$1`…`$9` are substitutions and `$$` is a literal `$`, in one pass so `$$1` stays `$1`. */
function substitute(message: string, subs: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (m, n: string) => (n === '$' ? '$' : (subs[Number(n) - 1] ?? m)));
}

/** A message in the browser's language, with `$1`…`$9` replaced. Falls back to English where the browser has none. */
export function t(key: MessageKey, ...subs: Array<string | number>): string {
  const s = subs.map(String);
  return browserMessage(key, s) || substitute(ENGLISH[key]?.message ?? key, s);
}

/** Plural forms are separate keys, `<base>_one`, `<base>_other`…, chosen by the locale's plural rules. */
export function tp(base: string, n: number): string {
  const locale = uiLocale();
  const rule = cached('plural', locale, undefined, () => new Intl.PluralRules(locale)).select(n);
  const specific = `${base}_${rule}`;
  const key = (browserMessage(specific) || specific in ENGLISH ? specific : `${base}_other`) as MessageKey;
  return t(key, formatNumber(n));
}

/**
 * The locale for dates and numbers: the browser's UI language (so "en-GB"
 * keeps its own date order), unless Leadline's text is in another language (a
 * German browser reads English text here), and then the text's language, so
 * dates and numbers never mix into a sentence in another language.
 */
export function uiLocale(): string {
  let browserLocale = 'en';
  try {
    browserLocale = browser.i18n.getUILanguage() || 'en';
  } catch {
    // Not in an extension page (unit tests).
  }
  const text = messagesLanguage();
  return browserLocale.split('-')[0]!.toLowerCase() === text.split('-')[0]!.toLowerCase() ? browserLocale : text;
}

/**
 * Intl formatters are costly to build (a popup's first screen formats dozens
 * of figures), so each locale and option set is built once per page.
 */
const formatters = new Map<string, unknown>();
function cached<T>(kind: string, locale: string, options: object | undefined, make: () => T): T {
  const key = `${kind}|${locale}|${options ? JSON.stringify(options) : ''}`;
  let f = formatters.get(key) as T | undefined;
  if (f === undefined) formatters.set(key, (f = make()));
  return f;
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  const locale = uiLocale();
  return cached('number', locale, options, () => new Intl.NumberFormat(locale, options)).format(n);
}

/** A local day (YYYY-MM-DD) as a date in the browser's language. */
export function formatDay(day: string, options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' }): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const locale = uiLocale();
  return cached('date', locale, options, () => new Intl.DateTimeFormat(locale, options)).format(new Date(y, m - 1, d));
}

/** Items joined the way the browser's language joins a list ("a, b and c"). */
export function formatList(items: readonly string[], type: 'conjunction' | 'unit' = 'conjunction'): string {
  return new Intl.ListFormat(uiLocale(), { style: 'long', type }).format(items);
}

/**
 * The language the page's text is actually in, for `<html lang>`: the browser
 * falls back to English where Leadline has no translation, and a screen reader
 * must then read English, not the browser's language.
 */
export function messagesLanguage(): string {
  return t('messages_language');
}
