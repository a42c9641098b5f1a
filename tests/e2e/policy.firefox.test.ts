/**
 * Managed policy in real Firefox ESR, deployed the way IT does it on Linux:
 * /etc/firefox/policies/policies.json with a `3rdparty.Extensions.<gecko id>`
 * entry, read at start-up and handed to the add-on as storage.managed. One
 * browser session shows that
 *
 *  - the policy reaches the add-on, and the options page reports the values of
 *    the right type that break a rule (syncIntervalMinutes 5, rawRetentionDays
 *    1000: the defaults 60 and 30 are used) while every other value applies;
 *  - a built-in tool policy leaves out (gemini) records nothing, an approved one
 *    (claude) records;
 *  - the custom tool IT added records on its host once the person clicks
 *    "Allow Leadline on …" in the options page. The pref
 *    extensions.webextOptionalPermissionPrompts=false makes Firefox grant an
 *    optional permission request without showing its prompt (headless has no
 *    one to click); the click itself is a real mouse click, so the request runs
 *    inside a genuine user gesture, as the browser requires.
 *
 * Any existing policies.json is moved aside and put back afterwards.
 *
 *   npx wxt build -b firefox --mv3 && npx vitest run --project e2e tests/e2e/policy.firefox.test.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../src/contract/identity';
import { answerFinished, SITE_SELECTORS } from '../support/drivers';
import { dumpInExtensionPage, eventsOf, eventually, FIREFOX_BUILD, shape, type StorageDump } from '../support/extension';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { findExtensionPage, launchFirefox, type LaunchedFirefox } from '../support/firefox';
import {
  APPROVED_WITHOUT_GEMINI,
  CUSTOM_HOST,
  CUSTOM_MATCH,
  CUSTOM_SELECTORS,
  CUSTOM_TOOL_ID,
  testPolicy,
  writeFirefoxPolicy,
  type FirefoxPolicyHandle,
} from '../support/policy';

const VERSION = (JSON.parse(readFileSync(path.join(FIREFOX_BUILD, 'manifest.json'), 'utf8')) as { version: string }).version;

let server: FixtureServer | undefined;
let ff: LaunchedFirefox | undefined;
let policy: FirefoxPolicyHandle | undefined;

beforeAll(async () => {
  policy = await writeFirefoxPolicy(testPolicy());
  server = await startFixtureServer();
  ff = await launchFirefox({
    fixturePort: server.port,
    extensionDir: FIREFOX_BUILD,
    // Optional permission requests are granted without a prompt (the click still has to be real).
    prefs: { 'extensions.webextOptionalPermissionPrompts': false },
  });
});

afterAll(async () => {
  try {
    await ff?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  } finally {
    await policy?.restore();
  }
});

interface ChatSelectors {
  composer: string;
  stop: string;
  userTurn: string;
  assistantTurn: string;
  copy: string;
}

/** One prompt through the real keyboard, then the whole answer. */
async function prompt(page: Page, S: ChatSelectors, text: string): Promise<void> {
  const before = await page.$$eval(S.userTurn, (els) => els.length);
  await page.evaluate(() => void ((window as unknown as { __fixtureWords: number }).__fixtureWords = 12));
  await page.click(S.composer);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction((sel, n) => document.querySelectorAll(sel).length > n, { timeout: 10_000, polling: 50 }, S.userTurn, before);
  await page.waitForFunction(answerFinished, { timeout: 30_000, polling: 50 }, { stop: S.stop, turn: S.assistantTurn, copy: S.copy });
  await new Promise((r) => setTimeout(r, 500)); // a person reads the answer
}

async function openSite(host: string, composer: string): Promise<Page> {
  const page = await ff!.browser.newPage();
  await page.goto(`https://${host}/`, { waitUntil: 'load' });
  await page.waitForSelector(composer, { visible: true });
  await new Promise((r) => setTimeout(r, 500)); // content scripts run at document_idle
  return page;
}

async function dump(): Promise<StorageDump> {
  return (await ff!.extensionPage()).evaluate(dumpInExtensionPage);
}

function recorded(d: StorageDump, tool: string) {
  return eventsOf(d, tool).filter((e) => e.kind !== 'engaged_time');
}

async function storedFor(tool: string, count: number): Promise<StorageDump> {
  return eventually(dump, (d) => recorded(d, tool).length >= count, 30_000);
}

/**
 * The options page. With a custom tool whose host is not granted yet, the add-on
 * opens it by itself at install (where the "Allow" button is); otherwise it is
 * opened the way the add-ons manager does, with runtime.openOptionsPage().
 */
async function optionsPage(): Promise<Page> {
  const url = `${ff!.extensionBase}/options.html`;
  const found = await findExtensionPage(ff!.browser, url, 5_000).catch(() => undefined);
  console.info(`options page ${found ? 'already open' : 'not open: opening it'}`);
  if (found) return found;
  const ext = await ff!.extensionPage();
  await ext.evaluate(() => (globalThis as unknown as { browser: typeof browser }).browser.runtime.openOptionsPage());
  return findExtensionPage(ff!.browser, url);
}

const text = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).innerText.trim());
const sourceOf = (page: Page, key: string) => text(page, `table.config tr[data-setting="${key}"] td.source`);
const valueOf = (page: Page, key: string) => text(page, `table.config tr[data-setting="${key}"] code.value`);
const tool = (id: string) => `ul.tools li.tool[data-tool="${id}"]`;

describe('managed policy in real Firefox ESR', () => {
  it('delivers policies.json to storage.managed', async () => {
    const ext = await ff!.extensionPage();
    const managed = await ext.evaluate(() => (globalThis as unknown as { browser: typeof browser }).browser.storage.managed.get(null));
    expect(managed).toEqual(testPolicy());
  });

  it('reports the malformed policy values in the options page and applies the rest', async () => {
    const page = await optionsPage();
    await page.bringToFront();
    await page.waitForSelector('.policy-warnings li[data-key]');
    const keys = await page.$$eval('.policy-warnings li[data-key]', (els) => els.map((e) => e.getAttribute('data-key')));
    expect(keys.sort()).toEqual(['rawRetentionDays', 'syncIntervalMinutes']);
    expect(await text(page, '.policy-warnings li[data-key="syncIntervalMinutes"]')).toContain('Used instead: 60 (the default)');
    expect(await text(page, '.policy-warnings li[data-key="rawRetentionDays"]')).toContain('Used instead: 30 (the default)');

    expect(await sourceOf(page, 'syncIntervalMinutes')).toBe('Default');
    expect(await valueOf(page, 'syncIntervalMinutes')).toBe('60');
    expect(await sourceOf(page, 'rawRetentionDays')).toBe('Default');
    expect(await valueOf(page, 'rawRetentionDays')).toBe('30');
    expect(await sourceOf(page, 'approvedTools')).toBe('Policy');
    expect(JSON.parse(await valueOf(page, 'approvedTools'))).toEqual(APPROVED_WITHOUT_GEMINI);
    expect(await sourceOf(page, 'customTools')).toBe('Policy');
    expect(await sourceOf(page, 'allowUserDisableTools')).toBe('Policy');
    expect(await valueOf(page, 'allowUserDisableTools')).toBe('false');
    expect(await sourceOf(page, 'teamId')).toBe('Policy');
    expect(await valueOf(page, 'teamId')).toBe('"e2e-policy-team"');

    for (const id of ['chatgpt', 'claude', 'gemini', CUSTOM_TOOL_ID]) {
      expect(await page.$eval(`${tool(id)} input[type="checkbox"]`, (el) => (el as HTMLInputElement).disabled), id).toBe(true);
      expect(await text(page, `${tool(id)} .managed`), id).toContain('Managed by your organisation');
    }
    expect(await text(page, `${tool('gemini')} .managed`)).toContain('Not approved by your organisation');
    expect(await page.$eval(`${tool('gemini')} input[type="checkbox"]`, (el) => (el as HTMLInputElement).checked)).toBe(false);

    expect(await text(page, '#extension-id')).toBe(GECKO_ID);
    expect(await text(page, '#extension-version')).toBe(VERSION);
  });

  it('records nothing on a tool policy does not approve (gemini), and records an approved one (claude)', async () => {
    const G = SITE_SELECTORS.gemini;
    const gemini = await openSite('gemini.google.com', G.composer);
    await prompt(gemini, G, 'Please summarise the policy for me');
    expect(await gemini.$$eval(G.userTurn, (els) => els.length)).toBe(1);
    const C = SITE_SELECTORS.claude;
    const claude = await openSite('claude.ai', C.composer);
    await prompt(claude, C, 'Please write code that sorts a list');
    await gemini.close();
    await claude.close();

    const d = await storedFor('claude', 3);
    expect(recorded(d, 'claude').map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed']);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(eventsOf(await dump(), 'gemini')).toEqual([]);
  });

  it('records the custom tool after the person clicks "Allow Leadline on …"', async () => {
    const page = await optionsPage();
    await page.bringToFront();
    const allow = `${tool(CUSTOM_TOOL_ID)} .host-access button`;
    await page.waitForSelector(allow, { visible: true });
    expect(await text(page, allow)).toBe(`Allow Leadline on ${CUSTOM_HOST}`);
    const ext = await ff!.extensionPage();
    const contains = () =>
      ext.evaluate((m) => (globalThis as unknown as { browser: typeof browser }).browser.permissions.contains({ origins: [m] }), CUSTOM_MATCH);
    expect(await contains()).toBe(false);

    await page.click(allow); // a real mouse click: the permission request runs in its gesture
    await page.waitForFunction(
      (sel) => (document.querySelector(sel) as HTMLElement | null)?.innerText.includes('Leadline may run on these sites.'),
      { timeout: 10_000 },
      tool(CUSTOM_TOOL_ID),
    );
    expect(await contains()).toBe(true);
    // The background registers the content script for the newly granted host.
    const scripts = await eventually(
      () =>
        ext.evaluate(async () =>
          (await (globalThis as unknown as { browser: typeof browser }).browser.scripting.getRegisteredContentScripts()).map((s) => ({
            id: s.id,
            matches: s.matches,
          })),
        ),
      (s) => s.length > 0,
    );
    expect(scripts).toEqual([{ id: 'leadline-custom-tools', matches: [CUSTOM_MATCH] }]);

    const S = CUSTOM_SELECTORS;
    const custom = await openSite(CUSTOM_HOST, S.composer);
    await prompt(custom, S, 'Draft a short note to the team about the offsite');
    await prompt(custom, S, 'Make it friendlier please');
    await custom.close();

    const d = await storedFor(CUSTOM_TOOL_ID, 5);
    const rows = recorded(d, CUSTOM_TOOL_ID);
    expect(rows.map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed', 'prompt_sent', 'response_completed']);
    expect(rows.map(shape).filter((e) => e.kind === 'prompt_sent').map((e) => e.turn)).toEqual([1, 2]);
    expect(new Set(rows.map((e) => e.conv)).size).toBe(1);
  });
});
