import { act, createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, settle, type Mounted } from '../render.testkit';
import { resolveConfig } from '../../contract/config';
import type { SyncView } from '../../platform/sync-view';
import { syncSettings } from '../../sync/settings';
import { EMPTY_STATE } from '../../sync/queue';
import { SYNC_SECTION } from '../../contract/disclosure';

const SYNC_SECTION_ITEMS = 'items' in SYNC_SECTION ? SYNC_SECTION.items.length : 0;

const platform = vi.hoisted(() => ({
  saved: [] as Array<[string, unknown]>,
  order: [] as string[],
  consent: true,
}));

vi.mock('../../platform/config-store', () => ({
  saveUserSetting: vi.fn(async (key: string, value: unknown) => {
    platform.order.push(`save:${key}`);
    platform.saved.push([key, value]);
    return { ok: true };
  }),
  watchConfig: vi.fn(() => () => {}),
}));
vi.mock('../../platform/sync-job', () => ({
  requestDataConsent: vi.fn(async () => {
    platform.order.push('consent');
    return platform.consent;
  }),
}));
vi.mock('../../platform/sync-store', () => ({
  onSyncChanged: vi.fn(() => () => {}),
  requestSyncNow: vi.fn(async () => {}),
}));
vi.mock('../../platform/sync-view', () => ({ readSyncView: vi.fn() }));

const { readSyncView } = await import('../../platform/sync-view');
const { requestDataConsent } = await import('../../platform/sync-job');
const { requestSyncNow } = await import('../../platform/sync-store');
const { SyncSection } = await import('./SyncSection');

let mounted: Mounted;
let host: HTMLElement;
const $ = <T extends Element = HTMLElement>(sel: string) => host.querySelector<T>(sel);

function viewFor(config: ReturnType<typeof resolveConfig>, consent = true): SyncView {
  const { token: _t, ...settings } = syncSettings(config.values, config.sources, consent);
  return { settings, tokenPrefix: null, state: EMPTY_STATE, weeks: [], next: null, lastSent: null, nextAttemptAt: null };
}

async function render(policy: Record<string, unknown> | undefined, user: Record<string, unknown> = {}, consent = true) {
  const config = resolveConfig(policy, user);
  vi.mocked(readSyncView).mockResolvedValue(viewFor(config, consent));
  mounted = await mount(createElement(SyncSection, { config }));
  host = mounted.host;
  await settle();
}

async function type(id: string, value: string) {
  const input = $<HTMLInputElement>(`#sync-${id}`)!;
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(sel: string) {
  await act(async () => $<HTMLButtonElement>(sel)!.click());
  await settle();
}
async function fill(url: string, token = 'll_enroll_abc', team = 'acme/sales') {
  await type('collectorUrl', url);
  await type('enrollmentToken', token);
  await type('teamId', team);
}

beforeEach(() => {
  platform.saved = [];
  platform.order = [];
  platform.consent = true;
  vi.clearAllMocks();
});
afterEach(async () => {
  await mounted.unmount();
});

describe('Share with my team', () => {
  it('explains what is sent and offers an explicit opt-in, off by default', async () => {
    await render(undefined);
    expect(host.textContent).toMatch(/Off until you turn it on/);
    expect(host.textContent).toMatch(/a pseudonym that is new every week/);
    // The welcome page's words, field for field: the settings say what a snapshot holds as the disclosure does.
    expect($('[data-testid="sync-sends"]')!.querySelectorAll('li')).toHaveLength(SYNC_SECTION_ITEMS);
    expect($('#sync-opt-in')!.textContent).toBe('Share with my team');
    expect($('#sync-send-now')).toBeNull();
  });

  it('refuses an http:// collector that is not this computer, saying why, and saves nothing', async () => {
    await render(undefined);
    await fill('http://leadline.example.com');
    await click('#sync-opt-in');
    expect($('#sync-notice')!.textContent).toMatch(/unencrypted.*localhost/);
    expect(platform.saved).toEqual([]);
    expect(requestDataConsent).not.toHaveBeenCalled();
  });

  it('refuses a team that is not a team path, and names missing fields', async () => {
    await render(undefined);
    await fill('https://c.example', 'll_enroll_abc', 'Sales Team');
    await click('#sync-opt-in');
    expect($('#sync-notice')!.textContent).toMatch(/lowercase letters/);
    await fill('https://c.example', '', 'acme');
    await click('#sync-opt-in');
    expect($('#sync-notice')!.textContent).toMatch(/Fill in first: Enrollment code/);
    expect(platform.saved).toEqual([]);
  });

  it('asks for the data-collection consent first; declined: sync stays off and the page says why', async () => {
    platform.consent = false;
    await render(undefined);
    await fill('http://127.0.0.1:4100');
    await click('#sync-opt-in');
    expect(platform.order).toEqual(['consent']);
    expect(platform.saved).toEqual([]);
    expect($('#sync-notice')!.getAttribute('role')).toBe('alert');
    expect($('#sync-notice')!.textContent).toMatch(/stays off.*consent/);
  });

  it('on consent, saves the three fields and then turns sync on', async () => {
    await render(undefined);
    await fill('https://c.example/', 'll_enroll_abc', 'acme/sales');
    await click('#sync-opt-in');
    expect(platform.order[0]).toBe('consent');
    expect(platform.saved).toEqual([
      ['collectorUrl', 'https://c.example/'],
      ['enrollmentToken', 'll_enroll_abc'],
      ['teamId', 'acme/sales'],
      ['syncEnabled', true],
    ]);
    expect($('#sync-notice')!.textContent).toMatch(/Sharing is on/);
  });

  it('locks what policy sets (the code masked), and offers Send now once policy turned it on', async () => {
    await render({ syncEnabled: true, collectorUrl: 'https://c.example', enrollmentToken: 'll_enroll_secret', teamId: 'acme/sales' });
    for (const f of ['collectorUrl', 'enrollmentToken', 'teamId']) {
      expect($<HTMLInputElement>(`#sync-${f}`)!.readOnly).toBe(true);
      expect($(`#sync-${f}-managed`)!.textContent).toBe('Managed by your organisation');
    }
    expect($<HTMLInputElement>('#sync-enrollmentToken')!.value).not.toContain('secret');
    expect($('#sync-opt-in')).toBeNull();
    expect($('#sync-state')!.textContent).toMatch(/^Your organisation turned it on.*c\.example.*acme\/sales/);
    await click('#sync-send-now');
    expect(requestSyncNow).toHaveBeenCalledTimes(1);
  });

  it('in Firefox with policy on and no consent: says so and offers the consent button', async () => {
    await render({ syncEnabled: true, collectorUrl: 'https://c.example', enrollmentToken: 'll_enroll_x', teamId: 'acme' }, {}, false);
    expect($('#sync-state')!.textContent).toMatch(/Firefox needs your consent/);
    expect($('#sync-send-now')).toBeNull();
    await click('#sync-consent');
    expect(requestDataConsent).toHaveBeenCalledTimes(1);
  });
});
