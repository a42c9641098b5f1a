/**
 * The employee's own view, end to end in real Chromium: a realistic 12-week
 * history (written as another computer's export) is imported through the
 * options page, and the popup then shows the level and figures that the
 * history's plan says it must. The popup and the options page are checked
 * with axe-core and driven from the keyboard. The first screen (400 × 600)
 * must hold the level, the profile and the week comparison, in English and
 * Georgian, light and dark; screenshots go to tests/artifacts/. The welcome
 * page is checked the same way.
 *
 *   npx wxt build && npx vitest run --project e2e tests/e2e/popup.chromium.test.ts
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/contract/day';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { drivers } from '../support/drivers';
import { dumpChromium, eventsOf, eventually, EXTENSION_ID, ROOT, serviceWorkerRunning } from '../support/extension';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { expectedFigures, exportOf, habitualPlan, heavyYearPlan } from '../support/history';

const POPUP_URL = `chrome-extension://${EXTENSION_ID}/popup.html`;
const WELCOME_URL = `chrome-extension://${EXTENSION_ID}/welcome.html`;
const OPTIONS_URL = `chrome-extension://${EXTENSION_ID}/options.html`;
const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: FixtureServer | undefined;
let chromium: LaunchedChromium | undefined;
const today = localDay(Date.now());
const plan = habitualPlan(today);
const expected = expectedFigures(plan, today);
let historyFile = '';

beforeAll(async () => {
  server = await startFixtureServer();
  chromium = await launchChromium({ extensionDir: path.join(ROOT, '.output/chrome-mv3'), fixturePort: server.port });
  const probe = await chromium.context.newPage();
  expect(await eventually(() => serviceWorkerRunning(chromium!.context, probe), Boolean)).toBe(true);
  await probe.close();
  historyFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'leadline-history-')), 'history.json');
  await writeFile(historyFile, JSON.stringify(exportOf(plan, today)));
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function openPopup(): Promise<Page> {
  const page = await chromium!.context.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  await page.goto(POPUP_URL);
  await page.waitForFunction(() => performance.getEntriesByName('leadline:summary-rendered').length > 0);
  return page;
}

async function openOptions(): Promise<Page> {
  const page = await chromium!.context.newPage();
  await page.goto(OPTIONS_URL);
  await page.locator('input[type=file]').waitFor();
  return page;
}

/** axe-core in the page itself (evaluated over CDP, so the extension page's CSP does not apply). */
async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; nodes: string[] }[]> {
  await page.evaluate(await readFile(AXE_SOURCE, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

const serious = (v: { impact: string | null }[]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');

/** Opens a section below the first screen by its summary, and waits for its lazy body. */
async function openSection(page: Page, id: string, ready: string): Promise<void> {
  await page.locator(`[data-testid="more-${id}"] > summary`).click();
  await page.getByTestId(ready).first().waitFor();
}

/**
 * The first screen, as a person sees it: a screenshot of the 400 × 600
 * viewport only, and the level, profile and week comparison wholly inside it.
 */
async function checkFirstScreen(page: Page, name: string): Promise<void> {
  for (const id of ['level', 'profile', 'week']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.y, `${id} top`).toBeGreaterThanOrEqual(0);
    expect(box!.x, `${id} left`).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${id} bottom (${name})`).toBeLessThanOrEqual(600);
    expect(box!.x + box!.width, `${id} right (${name})`).toBeLessThanOrEqual(400);
  }
  // Nothing sticks out sideways (a long Georgian word must wrap, not scroll).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
  // No label, figure or line is cut off inside its own box either (an overflow a page-wide check cannot see).
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.bar-label, .tile-label, .tile-now, .tile-last, .level-name, .level-line, .figures, .eyebrow, .status-line, .tip-text, button')]
      .filter((el) => el.offsetParent !== null && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
      .map((el) => `${el.className || el.tagName}: ${el.textContent}`),
  );
  expect(clipped, name).toEqual([]);
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `popup-first-screen-${name}.png`) });
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails if it never gets there. */
async function tabTo(page: Page, accessibleText: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''}`.trim() : '';
    });
    if (accessibleText.test(text)) return;
  }
  throw new Error(`no focusable element matching ${accessibleText} within ${max} Tab presses`);
}

describe('the popup and personal data in real Chromium', () => {
  it('shows the empty state on a new install, with no serious accessibility violations', async () => {
    const popup = await openPopup();
    await expect(popup.getByTestId('empty-state').isVisible()).resolves.toBe(true);
    expect(serious(await axeViolations(popup))).toEqual([]);
    await popup.close();
  });

  it('imports a 12-week history through the options page', async () => {
    const options = await openOptions();
    expect(serious(await axeViolations(options))).toEqual([]);
    await options.locator('input[type=file]').setInputFiles(historyFile);
    await expect(options.getByRole('status').filter({ hasText: /import/i }).first().textContent({ timeout: 15_000 })).resolves.toBeTruthy();
    const dump = await eventually(
      () => dumpChromium(chromium!.context),
      (d) => (d.indexedDB.leadline?.rollups ?? []).length > 0,
    );
    expect(dump.indexedDB.leadline!.rollups!.length).toBe(exportOf(plan, today).rollups.length);

    // A file that is not a Leadline export is refused in words, and changes nothing.
    const foreign = path.join(path.dirname(historyFile), 'foreign.json');
    await writeFile(foreign, JSON.stringify({ version: 3, items: [{ title: 'not ours' }] }));
    await options.locator('input[type=file]').setInputFiles(foreign);
    await expect(options.getByRole('alert').filter({ hasText: /not a Leadline export/i }).first().textContent({ timeout: 15_000 })).resolves.toBeTruthy();
    const after = await dumpChromium(chromium!.context);
    expect(after.indexedDB.leadline!.rollups).toEqual(dump.indexedDB.leadline!.rollups);
    expect(after.indexedDB.leadline!.importedEvents).toEqual(dump.indexedDB.leadline!.importedEvents);
    await mkdir(ARTIFACTS, { recursive: true });
    await options.screenshot({ path: path.join(ARTIFACTS, 'options.png'), fullPage: true });
    await options.close();
  });

  it('shows the level and the figures the history stands for', async () => {
    const popup = await openPopup();
    const level = popup.getByTestId('level');
    expect(await level.getAttribute('data-level')).toBe('habitual');
    const levelText = (await level.textContent()) ?? '';
    expect(levelText).toMatch(/habitual/i);
    // The figures as the person reads them (the page is in English here).
    const average = new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(expected.averagePerWeek);
    expect(levelText).toContain(`Active ${expected.activeWeeks} of 12 weeks · ${average} prompts a week on average`);

    const habit = popup.getByTestId('dim-habit');
    expect(Number(await habit.getAttribute('data-raw'))).toBe(expected.activeDays28);
    const intensity = popup.getByTestId('dim-intensity');
    expect(Number(await intensity.getAttribute('data-raw'))).toBeCloseTo(expected.prompts28 / expected.activeDays28, 5);
    const toolBreadth = popup.getByTestId('dim-tool_breadth');
    expect(Number(await toolBreadth.getAttribute('data-raw'))).toBe(Object.keys(expected.tools28).length);
    const raw = async (dim: string) => Number(await popup.getByTestId(`dim-${dim}`).getAttribute('data-raw'));
    expect(await raw('iteration')).toBeCloseTo(expected.iterativeShare, 5);
    expect(await raw('capability_breadth')).toBe(expected.distinctFeatures);
    expect(await raw('output_reuse')).toBeCloseTo(expected.copiesPerResponse, 5);
    expect(await raw('context_richness')).toBeCloseTo(expected.contextRichShare, 5);
    // And as a screen reader hears it: the habit bar says the active days of 28.
    expect(await habit.locator('[role="meter"]').getAttribute('aria-valuetext')).toContain(`${expected.activeDays28} active days of 28`);
    const scores: Record<string, number> = {};
    for (const dim of ['habit', 'intensity', 'iteration', 'capability_breadth', 'tool_breadth', 'output_reuse', 'context_richness']) {
      const score = Number(await popup.getByTestId(`dim-${dim}`).getAttribute('data-score'));
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      scores[dim] = score;
    }
    // This week (Monday to today) against the same days of last week, from the plan.
    const prompts = popup.getByTestId('change-prompts');
    expect(Number(await prompts.getAttribute('data-this'))).toBe(expected.week.thisWeek);
    expect(Number(await prompts.getAttribute('data-last'))).toBe(expected.week.lastWeek);
    expect(Number(await popup.getByTestId('change-activeDays').getAttribute('data-this'))).toBe(expected.week.activeDaysThis);

    // The tip is the weakest dimension's (ties: the first in order).
    const lowest = Math.min(...Object.values(scores));
    const weakest = Object.entries(scores).find(([, v]) => v === lowest)![0];
    expect(await popup.getByTestId('tip').getAttribute('data-dimension')).toBe(weakest);

    await checkFirstScreen(popup, 'en-light');

    // Team sync: one line on the first screen that opens its panel, from the keyboard; the panel does not repeat it.
    const syncLine = popup.getByTestId('sync-line');
    expect(await syncLine.textContent()).toBe('Team sync: off');
    await popup.locator('body').focus();
    await tabTo(popup, /team sync/i);
    await popup.keyboard.press('Enter');
    expect(await syncLine.getAttribute('aria-expanded')).toBe('true');
    await popup.locator('#sync-state').waitFor();
    expect(await popup.locator('#sync-state').textContent()).toBe('Nothing leaves this browser.');
    expect(await popup.getByTestId('sync-panel').textContent()).not.toContain('Team sync');
    expect(serious(await axeViolations(popup))).toEqual([]);
    await popup.locator('.sync-payload > summary').click();
    await popup.getByTestId('sync-sends').waitFor();
    await popup.screenshot({ path: path.join(ARTIFACTS, 'popup-sync-panel-en.png') });
    await popup.locator('.sync-payload > summary').click();
    await syncLine.focus();
    await popup.keyboard.press('Enter');
    expect(await popup.getByTestId('sync-panel').isVisible()).toBe(false);

    await openSection(popup, 'tools', 'active-days-28');
    expect(await popup.getByTestId('active-days-28').textContent()).toContain(String(expected.activeDays28));
    for (const [tool, figures] of Object.entries(expected.tools28)) {
      const row = popup.getByTestId(`tool-${tool}`);
      expect(Number(await row.getAttribute('data-prompts'))).toBe(figures.prompts);
      expect(Number(await row.getAttribute('data-active-days'))).toBe(figures.activeDays);
    }
    await openSection(popup, 'trend', 'trend-chart');
    const bars = await popup.locator('[data-testid="trend-chart"] .trend-bar').count();
    expect(bars).toBe(12);
    await openSection(popup, 'recorded', 'disclosure-recorded');
    expect(serious(await axeViolations(popup))).toEqual([]);
    await mkdir(ARTIFACTS, { recursive: true });
    await popup.screenshot({ path: path.join(ARTIFACTS, 'popup-habitual.png'), fullPage: true });
    // The dark palette is held to the same contrast rules.
    await popup.emulateMedia({ colorScheme: 'dark' });
    expect(serious(await axeViolations(popup))).toEqual([]);
    await popup.screenshot({ path: path.join(ARTIFACTS, 'popup-habitual-dark.png'), fullPage: true });
    await popup.close();

    const dark = await chromium!.context.newPage();
    await dark.emulateMedia({ colorScheme: 'dark' });
    await dark.setViewportSize({ width: 400, height: 600 });
    await dark.goto(POPUP_URL);
    await dark.waitForFunction(() => performance.getEntriesByName('leadline:summary-rendered').length > 0);
    await checkFirstScreen(dark, 'en-dark');
    await dark.close();
  });

  it('hides tips when asked, from the keyboard, and stores nothing about tips but that choice', async () => {
    const before = await dumpChromium(chromium!.context);
    const popup = await openPopup();
    const tipText = (await popup.locator('[data-testid="tip"] .tip-text').textContent()) ?? '';
    expect(tipText.length).toBeGreaterThan(10);
    await tabTo(popup, /hide tips/i);
    await popup.keyboard.press('Enter');
    await popup.getByTestId('tip').waitFor({ state: 'detached' });
    const after = await eventually(
      () => dumpChromium(chromium!.context),
      (d) => (d.storage.local as Record<string, unknown>)['tipsHidden'] === true,
    );
    const local = after.storage.local as Record<string, unknown>;
    expect(local['tipsHidden']).toBe(true);
    expect(Object.keys(local).filter((k) => !(k in (before.storage.local as Record<string, unknown>)))).toEqual(['tipsHidden']);
    expect(JSON.stringify(after)).not.toContain(tipText);
    await popup.close();
    // Shown again from the section that explains tips: the key goes, nothing stays.
    const again = await openPopup();
    expect(await again.getByTestId('tip').count()).toBe(0);
    await openSection(again, 'recorded', 'disclosure-recorded');
    await again.getByRole('button', { name: 'Show tips again' }).click();
    await again.getByTestId('tip').waitFor();
    await eventually(() => dumpChromium(chromium!.context), (d) => !('tipsHidden' in (d.storage.local as object)));
    expect((await dumpChromium(chromium!.context)).storage.local).not.toHaveProperty('tipsHidden');
    await again.close();
  });

  it('shows the welcome page complete, accessible and usable from the keyboard', async () => {
    const page = await chromium!.context.newPage();
    await page.goto(WELCOME_URL);
    await page.getByTestId('welcome-retention').waitFor();
    for (const id of ['recorded', 'never', 'kept', 'health', 'device', 'controls', 'sync']) {
      expect(await page.getByTestId(`disclosure-${id}`).isVisible(), id).toBe(true);
    }
    const text = (await page.textContent('main')) ?? '';
    for (const words of ['Kept 13 months', '30 days by default', 'one snapshot per ISO week', 'new every week', 'rounded to tens', 'major.minor', 'withdraw', 'device id', 'Export', 'Import', 'Delete', 'Pause']) {
      expect(text, words).toContain(words);
    }
    expect(await page.getByTestId('welcome-sync').getAttribute('data-sync')).toBe('off');
    expect(await page.getByTestId('privacy-contact').textContent()).toContain('IT team');
    expect(serious(await axeViolations(page))).toEqual([]);
    await page.locator('body').focus();
    await tabTo(page, /open settings/i);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.setViewportSize({ width: 900, height: 900 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'welcome-en.png'), fullPage: true });
    await page.close();
  });

  it('pauses and resumes from the keyboard alone; nothing is stored while paused, and an open tab records again on resume', async () => {
    const site = await chromium!.context.newPage();
    await drivers.chatgpt.open(site);
    const popup = await openPopup();
    await tabTo(popup, /^pause$/i);
    await popup.keyboard.press('Enter');
    await tabTo(popup, /1 hour/i);
    await popup.keyboard.press('Enter');
    await popup.getByTestId('paused-banner').waitFor();

    const canary = `paused-canary-${Date.now()}`;
    await drivers.chatgpt.sendPrompt(site, canary, { via: 'enter' });
    await drivers.chatgpt.waitForResponse(site);
    await site.waitForTimeout(1_500); // past the content script's send and the background's commit
    const paused = await dumpChromium(chromium!.context);
    expect(paused.storage.local).toHaveProperty('pause');
    expect(eventsOf(paused, 'chatgpt')).toEqual([]);
    expect(JSON.stringify(paused)).not.toContain(canary);

    await tabTo(popup, /resume/i);
    await popup.keyboard.press('Enter');
    await popup.getByTestId('recording').waitFor();
    // Same tab, no reload: the content script kept running, and the background stores again.
    await drivers.chatgpt.sendPrompt(site, 'after the pause', { via: 'enter' });
    await drivers.chatgpt.waitForResponse(site);
    const resumed = await eventually(
      () => dumpChromium(chromium!.context),
      (d) => eventsOf(d, 'chatgpt').some((e) => e.kind === 'prompt_sent'),
    );
    expect(eventsOf(resumed, 'chatgpt').filter((e) => e.kind === 'prompt_sent')).toHaveLength(1);
    await popup.close();
    await site.close();
  });

  it('works from the keyboard on the options page: export, and a delete confirmation that Escape cancels', async () => {
    const options = await openOptions();
    await options.locator('body').focus();
    await tabTo(options, /export.*json/i);
    const download = options.waitForEvent('download');
    await options.keyboard.press('Enter');
    expect((await download).suggestedFilename()).toMatch(/^leadline-export-\d{4}-\d{2}-\d{2}\.json$/);

    await tabTo(options, /delete all my data/i);
    await options.keyboard.press('Enter');
    const dialog = options.getByRole('alertdialog');
    await dialog.waitFor();
    // Focus moved into the confirmation; Escape closes it and deletes nothing.
    expect(await options.evaluate(() => document.activeElement?.closest('[role="alertdialog"]') !== null)).toBe(true);
    await options.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(((await dumpChromium(chromium!.context)).indexedDB.leadline?.rollups ?? []).length).toBeGreaterThan(0);
    expect(await options.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/delete all my data/i);
    await options.close();
  });

  it('exports, deletes everything after a confirmation, and re-imports the export', async () => {
    const options = await openOptions();
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: /export.*json/i }).click();
    const file = await (await download).path();
    const exported = JSON.parse(await readFile(file!, 'utf8')) as { rollups: unknown[] };
    expect(exported.rollups.length).toBeGreaterThan(0);

    await options.getByRole('button', { name: /delete/i }).first().click();
    // Nothing is deleted before the confirmation.
    expect(((await dumpChromium(chromium!.context)).indexedDB.leadline?.rollups ?? []).length).toBe(exported.rollups.length);
    await options.getByRole('button', { name: /delete everything/i }).click();
    await eventually(() => dumpChromium(chromium!.context), (d) => (d.indexedDB.leadline?.rollups ?? []).length === 0);
    const emptied = await openPopup();
    await expect(emptied.getByTestId('empty-state').isVisible()).resolves.toBe(true);
    await emptied.close();

    await options.locator('input[type=file]').setInputFiles(file!);
    await eventually(() => dumpChromium(chromium!.context), (d) => (d.indexedDB.leadline?.rollups ?? []).length === exported.rollups.length);
    const restored = await openPopup();
    expect(await restored.getByTestId('level').getAttribute('data-level')).toBe('habitual');
    await restored.close();
    await options.close();
  });
});

describe('the popup in Georgian', () => {
  let ka: LaunchedChromium | undefined;
  afterAll(async () => ka?.close());

  it('shows a Power user their level in Georgian, with lang="ka" and no serious accessibility violations', async () => {
    // Another history: 50 prompts every day of the 12 weeks, across 4 tools.
    const powerFile = path.join(path.dirname(historyFile), 'power.json');
    const powerPlan = heavyYearPlan(today, 84);
    await writeFile(powerFile, JSON.stringify(exportOf(powerPlan, today)));
    const power = expectedFigures(powerPlan, today);
    ka = await launchChromium({ extensionDir: path.join(ROOT, '.output/chrome-mv3'), fixturePort: server!.port, language: 'ka' });
    const probe = await ka.context.newPage();
    expect(await eventually(() => serviceWorkerRunning(ka!.context, probe), Boolean)).toBe(true);
    await probe.close();
    const messages = JSON.parse(await readFile(path.join(ROOT, 'assets/public/_locales/ka/messages.json'), 'utf8')) as Record<string, { message: string }>;

    const options = await ka.context.newPage();
    await options.goto(OPTIONS_URL);
    await options.locator('input[type=file]').setInputFiles(powerFile);
    await eventually(() => dumpChromium(ka!.context), (d) => (d.indexedDB.leadline?.rollups ?? []).length > 0);
    expect(await options.evaluate(() => document.documentElement.lang)).toBe('ka');
    expect(serious(await axeViolations(options))).toEqual([]);
    await options.close();

    const popup = await ka.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(POPUP_URL);
    await popup.waitForFunction(() => performance.getEntriesByName('leadline:summary-rendered').length > 0);
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('ka');
    const level = popup.getByTestId('level');
    expect(power.activeWeeks).toBe(12);
    expect(await level.getAttribute('data-level')).toBe('power');
    const name = messages.popup_level_power?.message;
    expect(name, 'a Georgian name for the Power level').toBeTruthy();
    expect(await level.textContent()).toContain(name!);
    expect(Number(await popup.getByTestId('dim-habit').getAttribute('data-raw'))).toBe(power.activeDays28);
    expect(await popup.getByTestId('tip').textContent()).toContain(messages[`tip_${await popup.getByTestId('tip').getAttribute('data-dimension')}`]!.message);
    await checkFirstScreen(popup, 'ka-light');
    expect(serious(await axeViolations(popup))).toEqual([]);
    await popup.emulateMedia({ colorScheme: 'dark' });
    await checkFirstScreen(popup, 'ka-dark');
    expect(serious(await axeViolations(popup))).toEqual([]);
    await popup.emulateMedia({ colorScheme: 'light' });
    await openSection(popup, 'trend', 'trend-chart');
    await popup.screenshot({ path: path.join(ARTIFACTS, 'popup-power-ka.png'), fullPage: true });
    await popup.close();

    const welcome = await ka.context.newPage();
    await welcome.goto(WELCOME_URL);
    await welcome.getByTestId('welcome-retention').waitFor();
    expect(await welcome.evaluate(() => document.documentElement.lang)).toBe('ka');
    expect(await welcome.textContent('h1')).toBe(messages.welcome_heading!.message);
    expect(await welcome.getByTestId('disclosure-sync').textContent()).toContain(messages.disclosure_sync_sends_scores!.message);
    expect(serious(await axeViolations(welcome))).toEqual([]);
    await welcome.setViewportSize({ width: 900, height: 900 });
    await welcome.screenshot({ path: path.join(ARTIFACTS, 'welcome-ka.png'), fullPage: true });
    await welcome.close();
  });
});
