/**
 * The welcome page and the popup say the same thing about what is recorded,
 * never recorded and kept, in both languages: the same sections rendered from
 * the same messages and figures (src/contract/disclosure.ts). A text written
 * into one page alone, or a figure that is not the contract's, fails here.
 */
import { createElement } from 'react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import en from '../../../assets/public/_locales/en/messages.json';
import ka from '../../../assets/public/_locales/ka/messages.json';
import { resolveConfig } from '../../contract/config';
import { COUNTER_DAYS, POPUP_DISCLOSURE, RAW_DAYS, ROLLUP_DAYS, ROLLUP_MONTHS, SYNC_SECTION } from '../../contract/disclosure';
import { mount, settle, type Mounted } from '../render.testkit';

const platform = vi.hoisted(() => ({ policy: undefined as unknown, user: {} as Record<string, unknown> }));
vi.mock('../../platform/config-store', () => ({
  loadConfig: vi.fn(async () => ({ ...resolveConfig(platform.policy, platform.user), policy: platform.policy, policyUnknown: false })),
  watchConfig: vi.fn(() => () => {}),
}));
vi.mock('../../platform/navigation', () => ({ openSettings: vi.fn(async () => {}), openWelcome: vi.fn(async () => {}) }));

const { WelcomePage } = await import('./WelcomePage');
const Sections = (await import('../popup/sections')).default;

const LANGUAGES = { en: en as Record<string, { message: string }>, ka: ka as Record<string, { message: string }> };

function speak(lang: keyof typeof LANGUAGES) {
  const messages = LANGUAGES[lang];
  return [
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue(lang),
    vi
      .spyOn(fakeBrowser.i18n, 'getMessage')
      .mockImplementation((key: string, subs?: string | Array<string | number>) => (messages[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => String([subs ?? []].flat()[Number(n) - 1] ?? ''))),
  ];
}

let pages: Mounted[] = [];
afterEach(async () => {
  for (const p of pages) await p.unmount();
  pages = [];
  vi.restoreAllMocks();
  platform.policy = undefined;
  platform.user = {};
});

async function render(element: ReturnType<typeof createElement>): Promise<HTMLElement> {
  const page = await mount(element);
  pages.push(page);
  await settle(6);
  return page.host;
}

const text = (host: HTMLElement, id: string) => host.querySelector(`[data-testid="disclosure-${id}"]`)?.textContent ?? null;

describe.each(Object.keys(LANGUAGES) as Array<keyof typeof LANGUAGES>)('in %s', (lang) => {
  it('the popup and the welcome page render the same words for every section the popup shows, with the contract figures', async () => {
    speak(lang);
    const welcome = await render(createElement(WelcomePage));
    const popup = await render(createElement(Sections, { part: 'recorded', summary: null, toolName: (id: string) => id, privacyContact: '', tipsHidden: false, onShowTips: () => {} }));
    for (const section of POPUP_DISCLOSURE) {
      const inPopup = text(popup, section.id);
      expect(inPopup, section.id).toBeTruthy();
      expect(inPopup, section.id).toBe(text(welcome, section.id));
    }
    // The figures reach both pages from the constants retention runs on.
    const format = (n: number) => new Intl.NumberFormat(lang).format(n);
    const kept = text(popup, 'kept')!;
    for (const n of [RAW_DAYS.default, RAW_DAYS.min, RAW_DAYS.max, ROLLUP_MONTHS, ROLLUP_DAYS, COUNTER_DAYS]) expect(kept).toContain(format(n));
    expect(kept).not.toContain('$');
    // The sync section names every item, in this language.
    const items = 'items' in SYNC_SECTION ? SYNC_SECTION.items : [];
    const sync = [...welcome.querySelectorAll('[data-testid="disclosure-sync"] li')].map((li) => li.textContent);
    expect(sync).toEqual(items.map((id) => LANGUAGES[lang][`disclosure_${id}`]!.message));
  });
});

describe('the welcome page', () => {
  it('says who turned sync on', async () => {
    platform.user = { syncEnabled: true };
    const byUser = await render(createElement(WelcomePage));
    expect(byUser.querySelector('[data-testid="welcome-sync"]')!.textContent).toBe(en.disclosure_sync_on_user.message);
    platform.user = {};
    platform.policy = { syncEnabled: true };
    const byPolicy = await render(createElement(WelcomePage));
    expect(byPolicy.querySelector('[data-testid="welcome-sync"]')!.textContent).toBe(en.disclosure_sync_on_policy.message);
  });
});
