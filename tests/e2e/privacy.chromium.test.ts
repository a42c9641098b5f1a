/**
 * The privacy gate in real Chromium, with no policy: a tool the person turned
 * off leaves no trace anywhere the extension stores data; a tool turned off
 * while its tab is open stops recording in that tab; and a page that fakes
 * the person's keyboard and clicks records nothing by it.
 *
 * Every negative check waits on a positive signal first (another tool's
 * events arriving), never on a fixed sleep.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { drivers, type SiteDriver, type ToolId } from '../support/drivers';
import { CHROME_BUILD, dumpChromium, eventsOf, eventually, EXTENSION_ID, shape, type StorageDump } from '../support/extension';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';

const WORDS = 12;
let server: FixtureServer;
let chromium: LaunchedChromium;

beforeAll(async () => {
  server = await startFixtureServer();
  chromium = await launchChromium({ extensionDir: CHROME_BUILD, fixturePort: server.port });
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

const recorded = (dump: StorageDump, tool: string) => eventsOf(dump, tool).filter((e) => e.kind !== 'engaged_time');

async function storedFor(tool: string, count: number): Promise<StorageDump> {
  return eventually(() => dumpChromium(chromium.context), (d) => recorded(d, tool).length >= count, 20_000);
}

async function open(d: SiteDriver): Promise<Page> {
  const page = await chromium.context.newPage();
  await page.addInitScript((w) => ((window as unknown as { __fixtureWords: number }).__fixtureWords = w), WORDS);
  await d.open(page);
  return page;
}

async function prompt(page: Page, d: SiteDriver, text: string): Promise<void> {
  await d.sendPrompt(page, text, { via: 'enter' });
  await d.waitForResponse(page);
}

/** The person turns a tool off (or on) in the options page. */
async function setToolRecorded(tool: ToolId, on: boolean): Promise<void> {
  const page = await chromium.context.newPage();
  try {
    await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    const box = page.locator(`ul.tools li.tool[data-tool="${tool}"] input[type="checkbox"]`);
    await box.waitFor();
    if ((await box.isChecked()) !== on) await box.click();
    await expect.poll(() => box.isChecked()).toBe(on);
    // Saved: the person's settings hold the choice.
    await expect
      .poll(async () => {
        const stored = await page.evaluate(() => (globalThis as unknown as { chrome: typeof browser }).chrome.storage.local.get('userSettings'));
        return ((stored.userSettings as { disabledTools?: string[] } | undefined)?.disabledTools ?? []).includes(tool);
      })
      .toBe(!on);
  } finally {
    await page.close();
  }
}

/**
 * The whole dump without the settings, as text: the person's own record of the
 * choice (the setting that turns the tool off has to name it), and the popup's
 * copy of the configuration (the approved list, every built-in id by default,
 * the same whether or not a tool was ever opened).
 */
function withoutTheChoice(dump: StorageDump): string {
  const local = { ...(dump.storage.local as Record<string, unknown>) };
  delete local.userSettings;
  const snapshot = local.configSnapshot as Record<string, unknown> | undefined;
  if (snapshot) local.configSnapshot = { ...snapshot, approvedTools: '(configuration)', disabledTools: '(the choice)' };
  return JSON.stringify({ ...dump, storage: { ...dump.storage, local } });
}

describe('the privacy gate in real Chromium', () => {
  it('keeps nothing at all about a tool the person turned off: the whole storage dump never names it', async () => {
    await setToolRecorded('mistral', false);
    const mistral = await open(drivers.mistral);
    await prompt(mistral, drivers.mistral, 'Something the person does not want recorded here');
    // The page worked: the prompt and its answer are on screen.
    expect(await mistral.locator(drivers.mistral.selectors.userTurn).count()).toBe(1);
    await mistral.close({ runBeforeUnload: true });
    // The positive signal: a recorded tool's events, from a tab closed after mistral's.
    const poe = await open(drivers.poe);
    await prompt(poe, drivers.poe, 'A question for a tool that is recorded');
    await poe.close({ runBeforeUnload: true });
    const dump = await storedFor('poe', 3);
    expect(recorded(dump, 'poe').map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed']);
    const text = withoutTheChoice(dump);
    expect(text).toContain('"poe"'); // the dump does hold what was recorded, by name
    // No event, health row, alias or counter: not even that the page was opened.
    expect(text).not.toContain('mistral');
    expect(JSON.stringify(dump.indexedDB.leadline?.counters ?? [])).not.toContain('not_recording');
  });

  it('stops recording a tool turned off while its tab is open', async () => {
    const deepseek = await open(drivers.deepseek);
    await prompt(deepseek, drivers.deepseek, 'First question, while deepseek is recorded');
    const before = await storedFor('deepseek', 3);
    const rowsBefore = recorded(before, 'deepseek').map(shape);
    expect(rowsBefore.map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed']);

    await setToolRecorded('deepseek', false);
    await prompt(deepseek, drivers.deepseek, 'Second question, after it was turned off');
    await deepseek.close({ runBeforeUnload: true });
    // Positive signal: a recorded tool's prompt, made after deepseek's, is stored.
    const poeBefore = recorded(await dumpChromium(chromium.context), 'poe').length;
    const poe = await open(drivers.poe);
    await prompt(poe, drivers.poe, 'Another question for poe');
    await poe.close({ runBeforeUnload: true });
    const after = await storedFor('poe', poeBefore + 3);
    expect(recorded(after, 'poe')).toHaveLength(poeBefore + 3);
    // Nothing more about deepseek: its events are those of before, and no engaged time came after.
    expect(recorded(after, 'deepseek').map(shape)).toEqual(rowsBefore);
    const health = (after.indexedDB.leadline?.health ?? []) as { tool: string; prompts: number }[];
    expect(health.filter((h) => h.tool === 'deepseek').map((h) => h.prompts)).toEqual([1]);
    await setToolRecorded('deepseek', true);
  });

  it('counts no synthetic Enter or click from the page, and a real prompt still counts', async () => {
    const d = drivers.poe;
    const page = await open(d);
    const before = recorded(await dumpChromium(chromium.context), 'poe').length;
    await page.locator(d.selectors.composer).click();
    await page.keyboard.type('Typed by the person, sent by a script');
    await page.evaluate(
      ({ composer, send }) => {
        // The page's own handlers never see these (so the site sends nothing): a hostile script
        // faking a send, with no new turn appearing.
        for (const type of ['keydown', 'click']) {
          window.addEventListener(type, (e) => e.isTrusted || e.stopImmediatePropagation(), { capture: true });
        }
        for (let i = 0; i < 3; i++) {
          document.querySelector(composer)!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
          document.querySelector<HTMLElement>(send)!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        }
      },
      { composer: d.selectors.composer, send: d.selectors.send },
    );
    // The composer empties (as when a site takes a prompt): a counted intent would now be
    // confirmed once its timeout passes (4 s), so the real prompt waits that long.
    await page.locator(d.selectors.composer).fill('');
    await page.waitForTimeout(4_500);
    expect(await page.locator(d.selectors.userTurn).count()).toBe(0);
    await prompt(page, d, 'A real prompt');
    await page.close({ runBeforeUnload: true });
    const dump = await storedFor('poe', before + 3);
    expect(recorded(dump, 'poe').slice(before).map(shape)).toEqual([
      { kind: 'conversation_started' },
      { kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'new', turn: 1 },
      { kind: 'response_completed', size: expect.any(String), hasCode: false, duration: 'lt5s' },
    ]);
  });
});
