import { act, createElement } from 'react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, settle, type Mounted } from '../render.testkit';
import { resolveConfig } from '../../contract/config';
import { addDays, localDay } from '../../contract/day';
import type { DailyRollup } from '../../contract/rollup';
import { emptyRollup } from '../../metrics/rollup';

const platform = vi.hoisted(() => ({
  rollups: [] as DailyRollup[],
  policy: undefined as unknown,
  /** A config read that never answers, like managed storage right after a browser start. */
  configHangs: false,
  /** The managed-storage read failed: the background records nothing until it succeeds. */
  policyUnknown: false,
  pause: null as { until: number | null; since: number } | null,
  pauseListeners: new Set<(s: { until: number | null; since: number } | null) => void>(),
  syncError: null as { kind: 'network'; at: number } | null,
}));

vi.mock('../../platform/db', () => ({
  readRollupsSince: vi.fn(async (day: string) => platform.rollups.filter((r) => r.day >= day)),
  readFirstRollupDay: vi.fn(async () => platform.rollups.map((r) => r.day).sort()[0] ?? null),
}));
vi.mock('../../platform/config-store', () => ({
  loadConfig: vi.fn(() => (platform.configHangs ? new Promise(() => {}) : Promise.resolve({ ...resolveConfig(platform.policy, {}), policy: platform.policy, policyUnknown: platform.policyUnknown }))),
  watchConfig: vi.fn(() => () => {}),
}));
vi.mock('../../platform/pause', () => {
  const set = (s: { until: number | null; since: number } | null) => {
    platform.pause = s;
    platform.pauseListeners.forEach((l) => l(s));
  };
  return {
    readPause: vi.fn(async () => platform.pause),
    pauseFor: vi.fn(async (kind: string) => {
      const now = Date.now();
      set({ until: kind === 'hour' ? now + 3_600_000 : kind === 'tomorrow' ? new Date(new Date().setHours(24, 0, 0, 0)).getTime() : null, since: now });
      return { ok: true };
    }),
    resume: vi.fn(async () => set(null)),
    watchPause: vi.fn((cb: (s: { until: number | null; since: number } | null) => void) => {
      platform.pauseListeners.add(cb);
      return () => platform.pauseListeners.delete(cb);
    }),
  };
});
// The first paint reads the pause through pause-read; pausing itself loads pause.ts on the click.
vi.mock('../../platform/pause-read', async () => {
  const pause = await import('../../platform/pause');
  return { readPause: pause.readPause, watchPause: pause.watchPause, PAUSE_KEY: 'pause', LAST_PAUSE_KEY: 'lastPause' };
});
vi.mock('../../platform/navigation', () => ({ openSettings: vi.fn(async () => {}), openWelcome: vi.fn(async () => {}) }));
// The sync panel's state, as the options page's test builds it: from the resolved configuration.
vi.mock('../../platform/sync-store', () => ({ onSyncChanged: vi.fn(() => () => {}) }));
vi.mock('../../platform/sync-view', async () => {
  const { syncSettings } = await import('../../sync/settings');
  const { EMPTY_STATE } = await import('../../sync/queue');
  return {
    readSyncView: vi.fn(async () => {
      const config = resolveConfig(platform.policy, {});
      const { token: _token, ...settings } = syncSettings(config.values, config.sources, true);
      return { settings, tokenPrefix: null, state: { ...EMPTY_STATE, lastError: platform.syncError }, weeks: [], next: null, lastSent: null, nextAttemptAt: null };
    }),
  };
});

const { pauseFor, resume } = await import('../../platform/pause');
const { openSettings } = await import('../../platform/navigation');
const { readRollupsSince } = await import('../../platform/db');
const { writeConfigSnapshot } = await import('../../platform/config-snapshot');
const { PopupPage, SUMMARY_RENDERED_MARK } = await import('./PopupPage');
const { POLICY_WAIT_NOTICE_MS } = await import('./usePopupData');


const DEVICE = '0123456789abcdef';
const today = localDay(Date.now());
function rollup(tool: string, day: string, counts: Partial<DailyRollup>): DailyRollup {
  return { ...emptyRollup(DEVICE, tool, day), ...counts };
}

/**
 * 20 ChatGPT prompts on one day of each of the last 12 weeks (the first 77
 * days ago), plus 5 Claude prompts today. By hand: 245 prompts in 12 active
 * weeks (20.4 a week) = Power; 4 active days in 28; 85 prompts / 4 days.
 */
function powerHistory(): DailyRollup[] {
  const rows = Array.from({ length: 12 }, (_, k) => rollup('chatgpt', addDays(today, -7 * k), { events: 40, prompts: 20, conversations: 4, responses: 20, copies: 2 }));
  rows.push(rollup('claude', today, { events: 10, prompts: 5, conversations: 1, responses: 5, copies: 3 }));
  return rows;
}

let mounted: Mounted;
let host: HTMLElement;
const flush = () => settle(6);
async function render() {
  mounted = await mount(createElement(PopupPage));
  host = mounted.host;
  await flush();
}
const $ = <T extends Element = HTMLElement>(sel: string) => host.querySelector<T>(sel);
const testId = (id: string) => $(`[data-testid="${id}"]`);
const button = (text: string | RegExp) => [...host.querySelectorAll('button')].find((b) => (typeof text === 'string' ? b.textContent === text : text.test(b.textContent ?? '')));

/** The element a Tab press would reach from `from` (DOM order; the popup has no positive tabindex). */
/** Opens a section below the first screen, as a click on its summary does, and lets its lazy body load. */
async function openFold(id: string): Promise<HTMLElement> {
  const fold = testId(`more-${id}`) as HTMLDetailsElement;
  await act(async () => {
    fold.open = true;
    fold.dispatchEvent(new Event('toggle'));
  });
  // The body is a lazy chunk: wait for it to replace its fallback.
  for (let i = 0; i < 50 && (fold.querySelector('.fold-body')!.textContent === 'Reading your usage…' || !fold.querySelector('.fold-body')!.firstChild); i++) {
    await act(async () => new Promise((r) => setTimeout(r, 20)));
  }
  return fold;
}

/** Opens the pause choices under the Pause button. */
async function openPause(): Promise<void> {
  await act(async () => button('Pause')!.click());
}

function nextTabbable(from: Element): HTMLElement | undefined {
  const all = [...host.querySelectorAll<HTMLElement>('button, summary, a[href], input, [tabindex="0"]')].filter((e) => !(e as HTMLButtonElement).disabled);
  return all.find((e) => from.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
}

beforeEach(() => {
  fakeBrowser.reset();
  platform.rollups = [];
  platform.policy = undefined;
  platform.configHangs = false;
  platform.policyUnknown = false;
  platform.pause = null;
  platform.syncError = null;
  platform.pauseListeners.clear();
  performance.clearMarks();
  vi.clearAllMocks();
});
afterEach(async () => {
  await mounted.unmount();
});

describe('PopupPage', () => {
  it('shows the level, its meaning and the figures of the history on the first screen, the rest in sections that open', async () => {
    platform.rollups = powerHistory();
    await render();
    expect(readRollupsSince).toHaveBeenCalledWith(addDays(today, -83));
    const level = testId('level')!;
    expect(level.dataset['level']).toBe('power');
    expect(level.querySelector('.level-name')!.textContent).toBe('Power');
    expect(level.textContent).toContain('You use AI often, in almost every week.');
    expect(level.textContent).toContain('Active 12 of 12 weeks · 20.4 prompts a week on average');
    expect(level.querySelector('[role="img"]')!.getAttribute('aria-label')).toBe('Level 5 of 5');
    expect(host.textContent).toContain('Leadline has recorded for 78 days; levels use 12 weeks.');

    const habit = testId('dim-habit')!;
    expect([habit.dataset['raw'], habit.dataset['score']]).toEqual(['4', expect.stringMatching(/^\d+$/)]);
    const meter = habit.querySelector('[role="meter"]')!;
    expect(document.getElementById(meter.getAttribute('aria-labelledby')!)!.textContent).toBe('Habit');
    expect(meter.getAttribute('aria-valuetext')).toContain('4 active days of 28');
    expect(Number(testId('dim-intensity')!.dataset['raw'])).toBeCloseTo(85 / 4, 10);
    expect(host.querySelectorAll('[data-testid^="dim-"]')).toHaveLength(7);

    const prompts = testId('change-prompts')!;
    expect([prompts.dataset['this'], prompts.dataset['last']]).toEqual(['25', '20']);
    expect(prompts.textContent).toContain('up 5');
    expect(prompts.textContent).toContain('last week 20');
    expect(prompts.querySelector('svg')).not.toBeNull();

    // Nothing below the first screen is rendered before it is opened.
    expect(testId('active-days-28')).toBeNull();
    expect(testId('trend-chart')).toBeNull();

    await openFold('tools');
    expect(testId('active-days-28')!.textContent).toBe('Active on 4 of the last 28 days (any tool).');
    const chatgpt = testId('tool-chatgpt')!;
    expect([chatgpt.dataset['prompts'], chatgpt.dataset['activeDays'], chatgpt.querySelector('th')!.textContent]).toEqual(['80', '4', 'ChatGPT']);
    expect(testId('tool-claude')!.dataset['prompts']).toBe('5');

    await openFold('trend');
    const chart = $('[data-testid="trend-chart"] svg')!;
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toContain('Prompts per week: 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 25.');
    expect(chart.querySelectorAll('.trend-bar')).toHaveLength(12);
    expect($('[data-testid="trend-chart"] tbody')!.children).toHaveLength(12);

    await openFold('figures');
    expect(testId('dim-figure-intensity')!.textContent).toContain('21.3 prompts per active day');

    await openFold('rules');
    expect(testId('more-rules')!.textContent).toContain('Weeks run from Monday to Sunday');
    expect(testId('more-rules')!.querySelector('[aria-current="true"]')!.textContent).toContain('9 or more of the last 12 weeks');

    expect(testId('empty-state')).toBeNull();
    expect(performance.getEntriesByName(SUMMARY_RENDERED_MARK)).toHaveLength(1);
  });

  it('offers a tip from the weakest dimension, and hides tips when asked, storing only that choice', async () => {
    platform.rollups = powerHistory();
    await render();
    const tip = testId('tip')!;
    const scores = [...host.querySelectorAll<HTMLElement>('[data-testid^="dim-"]')].map((d) => [d.dataset['testid']!.slice(4), Number(d.dataset['score'])] as const);
    const lowest = Math.min(...scores.map(([, s]) => s));
    expect(tip.dataset['dimension']).toBe(scores.find(([, s]) => s === lowest)![0]);
    expect(testId(`dim-${tip.dataset['dimension']}`)!.className).toContain('weakest');
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty('tipsHidden');
    const before = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(before).not.toContain(tip.querySelector('.tip-text')!.textContent!);

    await act(async () => tip.querySelector<HTMLButtonElement>('button[aria-label="Hide tips"]')!.click());
    await flush();
    expect(testId('tip')).toBeNull();
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored['tipsHidden']).toBe(true);
    // Nothing else about tips: the stored keys differ from before by tipsHidden alone.
    expect(Object.keys(stored).filter((k) => !(k in JSON.parse(before)))).toEqual(['tipsHidden']);

    await mounted.unmount();
    await render();
    expect(testId('tip')).toBeNull();
    await openFold('recorded');
    await act(async () => button('Show tips again')!.click());
    await flush();
    expect(testId('tip')).not.toBeNull();
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty('tipsHidden');
  });

  it('says team sync is off without sync state, and on when the organisation turns it on', async () => {
    await render();
    expect(testId('sync-line')!.textContent).toBe('Team sync: off');
    await mounted.unmount();
    platform.policy = { syncEnabled: true };
    await render();
    expect(testId('sync-line')!.dataset['sync']).not.toBe('off');
  });

  it('opens the sync panel from the sync line, a button, and the panel says the rest without repeating the line', async () => {
    platform.policy = { syncEnabled: true, collectorUrl: 'https://leadline.example.com', enrollmentToken: 'll_enroll_0123456789abcdef0123456789abcdef', teamId: 'acme/sales' };
    platform.syncError = { kind: 'network', at: Date.now() };
    await render();
    const line = testId('sync-line')!;
    expect(line.tagName).toBe('BUTTON');
    expect(line.textContent).toContain('Team sync: on');
    // The sync state arrived from the panel's code: the last attempt failed.
    expect(testId('sync-problem')!.textContent).toBe('Last attempt failed');
    const panel = document.getElementById(line.getAttribute('aria-controls')!)!;
    expect(line.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);
    await act(async () => line.click());
    await flush();
    expect(line.getAttribute('aria-expanded')).toBe('true');
    expect(panel.hidden).toBe(false);
    expect(panel.querySelector('#sync-state')!.textContent).toMatch(/^Your organisation turned it on.*leadline\.example\.com.*acme\/sales/);
    expect(panel.querySelector('#sync-last-error')!.textContent).toMatch(/could not be reached/);
    // Said once: the line's words are not in the panel, and the first screen has no second sync heading.
    expect(panel.textContent).not.toContain('Team sync: on');
    expect(host.textContent!.split('Team sync').length - 1).toBe(1);
    // What a snapshot holds, in the disclosure's words, one click further.
    expect(panel.querySelector('[data-testid="sync-sends"]')!.textContent).toContain('a pseudonym that is new every week');
    // Next in the tab order after the line: the panel's own control.
    expect(nextTabbable(line)?.textContent).toBe('See exactly what is sent');
    await act(async () => line.click());
    expect(panel.hidden).toBe(true);
  });

  it('has one h1, headings in order, a main landmark and the UI language', async () => {
    platform.rollups = powerHistory();
    await render();
    expect(host.querySelectorAll('main')).toHaveLength(1);
    expect(host.querySelectorAll('h1')).toHaveLength(1);
    const levels = [...host.querySelectorAll('h1, h2, h3')].map((h) => Number(h.tagName[1]));
    levels.forEach((l, i) => i > 0 && expect(l - levels[i - 1]!).toBeLessThanOrEqual(1));
    expect(document.documentElement.lang).toBe('en');
    for (const s of host.querySelectorAll('section')) {
      const name = s.getAttribute('aria-label') ?? document.getElementById(s.getAttribute('aria-labelledby') ?? '')?.textContent;
      expect(name, s.outerHTML.slice(0, 80)).toBeTruthy();
    }
  });

  it('shows the empty state on a new install, with the recorded tools and a way to settings', async () => {
    await render();
    const empty = testId('empty-state')!;
    expect(empty.textContent).toContain('Nothing has been recorded yet');
    expect(empty.textContent).toContain('ChatGPT, Claude, Gemini');
    expect(testId('level')).toBeNull();
    expect(performance.getEntriesByName(SUMMARY_RENDERED_MARK)).toHaveLength(1);
    await act(async () => empty.querySelector('button')!.click());
    expect(openSettings).toHaveBeenCalledTimes(1);
    await act(async () => $<HTMLButtonElement>('button[aria-label="Settings"]')!.click());
    expect(openSettings).toHaveBeenCalledTimes(2);
  });

  it('shows a Non-user level, not the empty state, to someone whose last use is older than 12 weeks', async () => {
    platform.rollups = [rollup('chatgpt', addDays(today, -200), { events: 3, prompts: 3 })];
    await render();
    expect(testId('empty-state')).toBeNull();
    expect(testId('level')!.getAttribute('data-level')).toBe('non_user');
    // With a hint that the history exists, before the 12 weeks the level counts.
    expect(testId('level')!.textContent).toContain('no prompts in the last 12 weeks');
  });

  it('renders what is recorded, never recorded and kept from the disclosure, with who to ask', async () => {
    platform.policy = { privacyContact: 'privacy@example.com' };
    await render();
    await openFold('recorded');
    expect(testId('disclosure-recorded')!.querySelectorAll('dt')).toHaveLength(7);
    expect(testId('disclosure-never')!.textContent).toContain('Prompt text or response text');
    expect(testId('disclosure-kept')!.textContent).toContain('Kept 13 months');
    const contact = testId('privacy-contact')!;
    expect(contact.querySelector('a')!.getAttribute('href')).toBe('mailto:privacy@example.com');
    expect(contact.textContent).toBe('Questions about Leadline and your data: privacy@example.com');
  });

  it('pauses for an hour through pauseFor, shows it, and resumes', async () => {
    await render();
    expect(testId('recording')!.textContent).toBe('Recording');
    expect(testId('paused-banner')).toBeNull();
    expect(testId('pause-controls')).toBeNull();
    const toggle = button('Pause')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await openPause();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(nextTabbable(toggle)?.textContent).toBe('Pause for 1 hour');
    await act(async () => button('Pause for 1 hour')!.click());
    await flush();
    expect(pauseFor).toHaveBeenCalledWith('hour');
    const banner = testId('paused-banner')!;
    expect(banner.textContent).toMatch(/^Paused until \d/);
    expect(banner.closest('[role="status"]')).not.toBeNull();
    expect(testId('pause-controls')).toBeNull();
    // Focus lands on the status, so the next Tab reaches Resume.
    expect(document.activeElement).toBe(banner.closest('[role="status"]'));
    expect(nextTabbable(document.activeElement!)?.textContent).toBe('Resume');

    await act(async () => button('Resume')!.click());
    await flush();
    expect(resume).toHaveBeenCalledTimes(1);
    expect(testId('paused-banner')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Recording');
    expect(nextTabbable(document.activeElement!)?.textContent).toBe('Pause');
  });

  it('passes the other two pause kinds and shows an open pause in words', async () => {
    await render();
    await openPause();
    await act(async () => button('Pause until tomorrow')!.click());
    await flush();
    expect(pauseFor).toHaveBeenLastCalledWith('tomorrow');
    await act(async () => button('Resume')!.click());
    await flush();
    await openPause();
    await act(async () => button('Pause until I resume')!.click());
    await flush();
    expect(pauseFor).toHaveBeenLastCalledWith('resumed');
    expect(testId('paused-banner')!.textContent).toBe('Paused until you resume');
  });

  it('shows why pausing was refused', async () => {
    vi.mocked(pauseFor).mockResolvedValueOnce({ ok: false, reason: 'not_allowed', error: 'Your organisation does not allow pausing Leadline.' });
    await render();
    await openPause();
    await act(async () => button('Pause for 1 hour')!.click());
    await flush();
    // In the person's language (a message key), not the English detail.
    expect($('[role="alert"]')!.textContent).toBe('Your organisation does not allow pausing.');
    expect(button('Pause')).not.toBeUndefined();
  });

  it('hides the pause controls when policy does not allow pausing', async () => {
    platform.policy = { allowUserPause: false };
    await render();
    expect(testId('pause-controls')).toBeNull();
    expect(button(/pause/i)).toBeUndefined();
    expect(host.textContent).toContain('Your organisation does not allow pausing.');
  });

  it('shows the summary from the snapshot while the configuration has not answered', async () => {
    platform.configHangs = true;
    platform.rollups = powerHistory();
    await writeConfigSnapshot({ allowUserPause: false, showPersonalSummary: true, customTools: [], approvedTools: ['chatgpt'], disabledTools: [], syncEnabled: false, privacyContact: '', allowUserDisableTools: true, rawRetentionDays: 30 });
    await render();
    expect(testId('level')!.dataset['level']).toBe('power');
    expect(testId('pause-controls')).toBeNull();
    expect(host.textContent).toContain('Your organisation does not allow pausing.');
  });

  it("says it is waiting for the organisation's settings while the policy cannot be read, and not otherwise", async () => {
    platform.rollups = powerHistory();
    await render();
    expect(testId('level')).not.toBeNull();
    expect(testId('waiting-policy')).toBeNull();
    await mounted.unmount();
    platform.policyUnknown = true;
    await render();
    expect(testId('waiting-policy')!.textContent).toMatch(/Waiting for your organisation's settings/);
  });

  it("says it is waiting for the organisation's settings once their read has taken a few seconds", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      platform.configHangs = true; // managed storage right after a browser start
      await render();
      expect(testId('waiting-policy')).toBeNull(); // not at once: usually it answers quickly
      await act(async () => void vi.advanceTimersByTime(POLICY_WAIT_NOTICE_MS));
      expect(testId('waiting-policy')).not.toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a write failure the background recorded, so a full disk is not a silent loss', async () => {
    const { reportStorageState } = await import('../../platform/storage-guard');
    await reportStorageState('QuotaExceededError');
    await render();
    await vi.waitFor(() => expect(testId('storage-problem')?.textContent).toContain('QuotaExceededError'));
  });

  it('writes the snapshot once the configuration answers', async () => {
    platform.policy = { showPersonalSummary: false };
    await render();
    const stored = (await fakeBrowser.storage.local.get('configSnapshot'))['configSnapshot'] as Record<string, unknown>;
    expect(stored['showPersonalSummary']).toBe(false);
  });

  it('leaves a snapshot that already matches the configuration alone', async () => {
    await writeConfigSnapshot(resolveConfig(undefined, {}).values);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await render();
    expect(set).not.toHaveBeenCalled();
  });

  it('shows only the disclosure and pause, with a note, when the personal summary is off', async () => {
    platform.policy = { showPersonalSummary: false };
    platform.rollups = powerHistory();
    await render();
    expect(testId('level')).toBeNull();
    expect(testId('empty-state')).toBeNull();
    expect(host.querySelector('[data-testid^="dim-"]')).toBeNull();
    expect(host.textContent).toContain('Your organisation has turned off the personal summary.');
    expect(testId('more-recorded')).not.toBeNull();
    expect(testId('more-trend')).toBeNull();
    expect(button('Pause')).not.toBeUndefined();
  });

  it('says so, in words a person can act on, when the data cannot be read', async () => {
    vi.mocked(readRollupsSince).mockRejectedValueOnce(new Error('QuotaExceededError'));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await render();
    expect([...host.querySelectorAll('[role="alert"]')].map((a) => a.textContent).join(' ')).toContain('Close this window and open it again');
  });
});
