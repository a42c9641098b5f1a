import { act, createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, settle, type Mounted } from '../render.testkit';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import ka from '../../../assets/public/_locales/ka/messages.json';
import { resolveConfig } from '../../contract/config';

const platform = vi.hoisted(() => ({
  policy: undefined as unknown,
  user: {} as Record<string, unknown>,
  access: false,
  configListeners: new Set<() => void>(),
  accessListeners: new Set<() => void>(),
}));

vi.mock('../../platform/config-store', () => ({
  readUserSettings: vi.fn(async () => platform.user),
  loadConfig: vi.fn(async () => ({ ...resolveConfig(platform.policy, platform.user), policy: platform.policy })),
  saveUserSetting: vi.fn(async (key: string, value: unknown) => {
    if (key === 'rawRetentionDays' && (typeof value !== 'number' || value < 7 || value > 365)) return { ok: false, error: 'Too small: expected number to be >=7' };
    platform.user = { ...platform.user, [key]: value };
    return { ok: true };
  }),
  watchConfig: vi.fn((cb: () => void) => {
    platform.configListeners.add(cb);
    return () => platform.configListeners.delete(cb);
  }),
}));
vi.mock('../../platform/permissions', () => ({
  hasHostAccess: vi.fn(async () => platform.access),
  requestHostAccess: vi.fn(async () => true),
  extensionInfo: () => ({ id: 'cecokggigaclclkmpkjmndcmicloeogn', version: '0.1.0', name: 'Leadline' }),
  onHostAccessChanged: vi.fn((cb: () => void) => {
    platform.accessListeners.add(cb);
    return () => platform.accessListeners.delete(cb);
  }),
}));
vi.mock('../../platform/personal-data', () => ({
  exportPersonalData: vi.fn(),
  rollupsCsv: vi.fn(),
  importPersonalData: vi.fn(),
  deleteEverything: vi.fn(),
}));
vi.mock('../../platform/db', () => ({
  readHealthSince: vi.fn(async () => [
    { key: 'chatgpt|d', tool: 'chatgpt', day: localToday(), engagedSeconds: 1500, prompts: 0, errors: 0, snapshots: 1, chains: {} },
    { key: 'claude|d', tool: 'claude', day: localToday(), engagedSeconds: 600, prompts: 12, errors: 0, snapshots: 1, chains: { composer: 0 } },
  ]),
}));

function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const { loadConfig, saveUserSetting } = await import('../../platform/config-store');
const { readHealthSince } = await import('../../platform/db');
const { requestHostAccess } = await import('../../platform/permissions');
const { OptionsPage } = await import('./OptionsPage');


const INTRANET = { id: 'intranet-llm', name: 'Intranet LLM', matches: ['https://llm.example.com/*'] };
let mounted: Mounted;
let host: HTMLElement;

const flush = () => settle(5);
async function render() {
  mounted = await mount(createElement(OptionsPage));
  host = mounted.host;
  await flush();
}
async function fire(listeners: Set<() => void>) {
  await act(async () => listeners.forEach((l) => l()));
  await flush();
}
const $ = <T extends Element = HTMLElement>(sel: string) => host.querySelector<T>(sel);
const checkbox = (id: string) => $<HTMLInputElement>(`#tool-${id}`)!;
const toolText = (id: string) => $(`li[data-tool="${id}"]`)!.textContent ?? '';

beforeEach(() => {
  platform.policy = undefined;
  platform.user = {};
  platform.access = false;
  platform.configListeners.clear();
  platform.accessListeners.clear();
  vi.clearAllMocks();
});
afterEach(async () => {
  await mounted.unmount();
});

describe('OptionsPage', () => {
  it('renders the heading, the labelled sections and the extension identity', async () => {
    await render();
    expect($('h1')!.textContent).toBe('Leadline settings');
    const sections = [...host.querySelectorAll('section')];
    expect(sections.map((s) => document.getElementById(s.getAttribute('aria-labelledby')!)!.textContent)).toEqual(['Tools', 'Data retention', 'Sharing with your team', 'Your data', 'Organisation']);
    expect(document.title).toBe('Leadline settings');
    expect(document.documentElement.lang).toBe('en');
    const levels = [...host.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
    // Never skip a level going down (h2 → h4), as axe's heading-order rule requires.
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
    expect(sections.every((s) => s.querySelector('h2')!.id === s.getAttribute('aria-labelledby'))).toBe(true);
    expect($('#extension-id')!.textContent).toBe('cecokggigaclclkmpkjmndcmicloeogn');
    expect($('#extension-version')!.textContent).toBe('0.1.0');
    expect(host.querySelector('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])')).toBeNull();
    for (const input of host.querySelectorAll('input')) expect(host.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    expect($('.policy-warnings')).toBeNull();
  });

  it('offers export, import and delete at once, while policy is still being read', async () => {
    vi.mocked(loadConfig).mockReturnValueOnce(new Promise(() => {}));
    await render();
    expect($('[role="status"]')!.textContent).toBe('Loading settings…');
    expect($('#personal-data input[type="file"]')).not.toBeNull();
    expect($('#tools')).toBeNull();
  });

  it("shows the last known settings at once, read-only, while the organisation's settings are still being read", async () => {
    vi.mocked(loadConfig).mockReturnValueOnce(new Promise(() => {}));
    await fakeBrowser.storage.local.set({ configSnapshot: { approvedTools: ['chatgpt', 'claude'], disabledTools: ['claude'], customTools: [], allowUserPause: true, showPersonalSummary: true, allowUserDisableTools: true, rawRetentionDays: 45, syncEnabled: false, privacyContact: '' } });
    await render();
    expect($('[role="status"]')!.textContent).toBe("Checking your organisation's settings…");
    expect(host.textContent).not.toContain('Loading settings…');
    expect(checkbox('chatgpt').checked).toBe(true);
    expect(checkbox('claude').checked).toBe(false);
    expect(checkbox('chatgpt').disabled).toBe(true);
    const retention = $<HTMLInputElement>('input#retention')!;
    expect([retention.value, retention.readOnly]).toEqual(['45', true]);
    expect($('#organisation')).toBeNull();
    await fakeBrowser.storage.local.clear();
  });

  it('ticks recorded tools and saves disabledTools when one is toggled', async () => {
    platform.user = { disabledTools: ['poe'] };
    await render();
    expect(checkbox('chatgpt').checked).toBe(true);
    expect(checkbox('poe').checked).toBe(false);
    await act(async () => checkbox('claude').click());
    await flush();
    expect(saveUserSetting).toHaveBeenCalledWith('disabledTools', ['poe', 'claude']);
    expect(checkbox('claude').checked).toBe(false);
    await act(async () => checkbox('poe').click());
    await flush();
    expect(saveUserSetting).toHaveBeenLastCalledWith('disabledTools', ['claude']);
  });

  it('locks tools that policy manages, in words', async () => {
    platform.policy = { approvedTools: ['chatgpt', 'claude'], disabledTools: ['claude'] };
    await render();
    expect(checkbox('chatgpt').disabled).toBe(true);
    expect(toolText('chatgpt')).toContain('Managed by your organisation');
    expect(checkbox('claude').checked).toBe(false);
    expect(checkbox('gemini').disabled).toBe(true);
    expect(checkbox('gemini').checked).toBe(false);
    expect(toolText('gemini')).toContain('Not approved by your organisation');
    const note = document.getElementById(checkbox('gemini').getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(note.textContent).toContain('Not approved');
  });

  it('re-renders live when policy changes', async () => {
    await render();
    expect(checkbox('chatgpt').disabled).toBe(false);
    expect($<HTMLInputElement>('#retention')!.readOnly).toBe(false);
    platform.policy = { allowUserDisableTools: false, rawRetentionDays: 90, approvedTools: ['chatgpt', 'nope'] };
    await fire(platform.configListeners);
    expect(checkbox('chatgpt').disabled).toBe(true);
    expect(toolText('chatgpt')).toContain('Managed by your organisation');
    const retention = $<HTMLInputElement>('#retention')!;
    expect(retention.readOnly).toBe(true);
    expect(retention.value).toBe('90');
    expect($('#data')!.textContent).toContain('Managed by your organisation');
    expect($('#data button[type="submit"]')).toBeNull();
    const warning = $('.policy-warnings[role="alert"] li[data-key="approvedTools"]')!;
    expect(warning.querySelector('code')!.textContent).toBe('approvedTools');
    expect(warning.textContent).toContain('unknown tool id "nope"');
    expect(warning.textContent).toContain('Used instead: the known ids in the list');
    expect($('tr[data-setting="rawRetentionDays"]')!.textContent).toContain('Policy');
  });

  it('shows the effective configuration with sources and masked secrets', async () => {
    platform.policy = { enrollmentToken: 'llt_topsecret', teamId: 'finance' };
    platform.user = { rawRetentionDays: 45 };
    await render();
    const cells = (key: string) => [...$(`tr[data-setting="${key}"]`)!.children].map((c) => c.textContent);
    expect(host.querySelectorAll('tr[data-setting]').length).toBe(15);
    expect(cells('enrollmentToken')).toEqual(['Enrollment tokenenrollmentToken', '••••', 'Policy']);
    expect(host.textContent).not.toContain('llt_topsecret');
    expect(cells('teamId')[1]).toBe('"finance"');
    expect(cells('rawRetentionDays').slice(1)).toEqual(['45', 'Your setting']);
    expect(cells('collectorUrl').slice(1)).toEqual(['""', 'Default']);
  });

  it('shows adapter health for the last 7 days, one row per tool', async () => {
    platform.policy = { customTools: [INTRANET] };
    await render();
    expect(readHealthSince).toHaveBeenCalledTimes(1);
    const row = (id: string) => [...$(`tr[data-tool="${id}"]`)!.children].map((c) => c.textContent);
    expect(row('chatgpt')).toEqual(['ChatGPT', 'Stale', expect.stringContaining('25 engaged minutes but no prompt'), '0', '25']);
    expect(row('claude').slice(1, 2)).toEqual(['OK']);
    expect(row('claude').slice(3)).toEqual(['12', '10']);
    expect(row('intranet-llm')[1]).toBe('No data');
  });

  it('asks for host access of a custom tool and updates when it is granted', async () => {
    platform.policy = { customTools: [INTRANET] };
    await render();
    const button = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Allow Leadline on llm.example.com')!;
    expect(button).toBeDefined();
    expect(toolText('intranet-llm')).toContain('https://llm.example.com/*');
    expect(toolText('intranet-llm')).toContain('never text');
    await act(async () => button.click());
    expect(requestHostAccess).toHaveBeenCalledWith(['https://llm.example.com/*']);
    platform.access = true;
    await fire(platform.accessListeners);
    expect([...host.querySelectorAll('button')].some((b) => b.textContent?.startsWith('Allow Leadline'))).toBe(false);
  });

  it('saves the retention and shows a refused value as an alert by the field', async () => {
    await render();
    const input = $<HTMLInputElement>('#retention')!;
    expect(input.value).toBe('30');
    const setValue = async (v: string) => {
      await act(async () => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    };
    await setValue('3');
    await act(async () => $<HTMLButtonElement>('#data button[type="submit"]')!.click());
    await flush();
    expect(saveUserSetting).toHaveBeenCalledWith('rawRetentionDays', 3);
    const alert = $('#retention-error')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('This value was not saved.');
    expect(alert.querySelector('[lang="en"]')!.textContent).toContain('expected number to be >=7');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain('retention-error');

    await setValue('90');
    await act(async () => $<HTMLButtonElement>('#data button[type="submit"]')!.click());
    await flush();
    expect(saveUserSetting).toHaveBeenLastCalledWith('rawRetentionDays', 90);
    expect($('#retention-error')!.textContent).toBe('');
    expect($('#data [role="status"]')!.textContent).toBe('Saved.');
    expect($('tr[data-setting="rawRetentionDays"]')!.textContent).toContain('Your setting');
  });

  it('follows the browser language: Georgian text, lang="ka", and the personal data section', async () => {
    const messages = ka as Record<string, { message: string }>;
    const lang = vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('ka');
    const get = vi
      .spyOn(fakeBrowser.i18n, 'getMessage')
      .mockImplementation((key: string, subs?: string | Array<string | number>) => (messages[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => String([subs ?? []].flat()[Number(n) - 1] ?? '')));
    try {
      document.documentElement.lang = 'en';
      await render();
      expect(document.documentElement.lang).toBe('ka');
      expect($('h1')!.textContent).toBe(messages.options_page_title!.message);
      expect($('#personal-data h2')!.textContent).toBe('თქვენი მონაცემები');
      expect($('tr[data-setting="rawRetentionDays"] td.source')!.textContent).toBe(messages.options_source_default!.message);
      expect(host.textContent).not.toContain('Export all my data');
    } finally {
      lang.mockRestore();
      get.mockRestore();
    }
  });
});
