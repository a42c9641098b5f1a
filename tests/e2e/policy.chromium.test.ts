/**
 * Managed policy in real Chromium, deployed the way IT does it on Linux: a JSON
 * file in /etc/chromium/policies/managed/ whose `3rdparty.extensions.<id>` entry
 * reaches the extension's storage.managed. The test shows that
 *
 *  1. a built-in tool policy leaves out of approvedTools (gemini) leaves no trace in
 *     anything the extension stores, while an approved one (claude) records as usual;
 *  2. a custom tool IT adds (intranet-llm.example.com, served from the fixture)
 *     records with the generic adapter once its host is granted;
 *  3. values of the right type that break a rule (syncIntervalMinutes 5,
 *     rawRetentionDays 1000) are reported in the options page and replaced by the
 *     default, while every other policy value still applies; the tools are locked;
 *  4. a policy change is picked up while the browser runs, without a restart.
 *
 * Host access for the custom tool: the manifest asks `https://*\/*` only as an
 * optional host permission, which the person grants with a click in the options
 * page; headless Chromium cannot accept the permission dialog. So the grant is
 * emulated: Chromium first loads a copy of the build whose manifest also lists
 * the custom host under host_permissions (same key, same id), and then the real
 * build is loaded over it through CDP Extensions.loadUnpacked (an update).
 * Chrome keeps the granted host because it is still within the real build's
 * optional_host_permissions: the state a person's earlier click leaves behind.
 * The first test checks that this is so.
 *
 * The policy file is machine-wide: afterAll always removes it.
 *
 *   npx wxt build && npx vitest run --project e2e tests/e2e/policy.chromium.test.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { answerFinished, drivers, type SiteDriver } from '../support/drivers';
import {
  CHROME_BUILD,
  dumpChromium,
  eventsOf,
  eventually,
  EXTENSION_ID,
  reloadExtension,
  serviceWorkerRunning,
  shape,
  type StorageDump,
} from '../support/extension';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import {
  APPROVED_WITHOUT_GEMINI,
  buildWithGrantedHosts,
  CHROMIUM_POLICY_FILE,
  CUSTOM_HOST,
  CUSTOM_MATCH,
  CUSTOM_SELECTORS,
  CUSTOM_TOOL_ID,
  removeChromiumPolicy,
  testPolicy,
  writeChromiumPolicy,
} from '../support/policy';

const WORDS = 12;
const VERSION = (JSON.parse(readFileSync(path.join(CHROME_BUILD, 'manifest.json'), 'utf8')) as { version: string }).version;
const OPTIONS_URL = `chrome-extension://${EXTENSION_ID}/options.html`;

let server: FixtureServer | undefined;
let chromium: LaunchedChromium | undefined;
let granted: { dir: string; remove(): Promise<void> } | undefined;

beforeAll(async () => {
  await writeChromiumPolicy(testPolicy());
  server = await startFixtureServer();
  granted = await buildWithGrantedHosts([CUSTOM_MATCH]);
  chromium = await launchChromium({
    extensionDir: granted.dir,
    fixturePort: server.port,
    // Lets the test load the real build over the granted copy through CDP.
    args: ['--enable-unsafe-extension-debugging'],
  });
  const probe = await chromium.context.newPage();
  expect(await eventually(() => serviceWorkerRunning(chromium!.context, probe), Boolean)).toBe(true);
  // The person granted the intranet host earlier; now the real build, as an update.
  await reloadExtension(chromium.context, CHROME_BUILD);
  expect(await eventually(() => serviceWorkerRunning(chromium!.context, probe), Boolean)).toBe(true);
  await probe.close();
});

afterAll(async () => {
  try {
    await chromium?.close();
    await server?.close();
    await granted?.remove();
  } finally {
    await removeChromiumPolicy();
  }
});

/** Evaluates in a fresh extension page (the welcome page), then closes it. */
async function inExtension<T>(fn: (arg: string) => Promise<T>, arg: string): Promise<T> {
  const page = await chromium!.context.newPage();
  try {
    await page.goto(`chrome-extension://${EXTENSION_ID}/welcome.html`);
    return await page.evaluate(fn, arg);
  } finally {
    await page.close();
  }
}

function recorded(dump: StorageDump, tool: string) {
  return eventsOf(dump, tool).filter((e) => e.kind !== 'engaged_time');
}

async function storedFor(tool: string, count: number): Promise<StorageDump> {
  return eventually(
    () => dumpChromium(chromium!.context),
    (d) => recorded(d, tool).length >= count,
    20_000,
  );
}

async function openBuiltIn(d: SiteDriver): Promise<Page> {
  const page = await chromium!.context.newPage();
  await page.addInitScript((w) => ((window as unknown as { __fixtureWords: number }).__fixtureWords = w), WORDS);
  await d.open(page);
  return page;
}

/** One prompt through the real keyboard on a built-in fixture site, and its whole answer. */
async function promptBuiltIn(d: SiteDriver, text: string): Promise<Page> {
  const page = await openBuiltIn(d);
  await d.sendPrompt(page, text, { via: 'enter' });
  await d.waitForResponse(page);
  await page.waitForTimeout(500); // a person reads the answer
  return page;
}

/** The same on the custom tool's page (a generic in-house chat UI). */
async function promptCustom(page: Page, text: string, via: 'enter' | 'click'): Promise<void> {
  const S = CUSTOM_SELECTORS;
  const before = await page.locator(S.userTurn).count();
  await page.locator(S.composer).click();
  await page.keyboard.type(text);
  if (via === 'enter') await page.keyboard.press('Enter');
  else await page.locator(S.send).click();
  await page.locator(S.userTurn).nth(before).waitFor({ state: 'attached' });
  await page.waitForFunction(answerFinished, { stop: S.stop, turn: S.assistantTurn, copy: S.copy }, { timeout: 30_000, polling: 50 });
  await page.waitForTimeout(500);
}

async function openOptions(): Promise<Page> {
  const page = await chromium!.context.newPage();
  await page.goto(OPTIONS_URL);
  await page.locator('table.config tr[data-setting="approvedTools"]').waitFor();
  return page;
}

const sourceOf = (page: Page, key: string) => page.locator(`table.config tr[data-setting="${key}"] td.source`);
const valueOf = (page: Page, key: string) => page.locator(`table.config tr[data-setting="${key}"] code.value`);
const toolItem = (page: Page, id: string) => page.locator(`ul.tools li.tool[data-tool="${id}"]`);

describe('managed policy in real Chromium', () => {
  it('delivers the policy file to storage.managed, and the emulated host grant survives the real build', async () => {
    // The background registers the custom tool's script when its worker starts (asynchronously).
    const state = await eventually(() => inExtension(
      async (match) => {
        // Chrome's MV3 `chrome.*` returns promises: the same shape as `browser.*`.
        const c = (globalThis as unknown as { chrome: typeof browser }).chrome;
        return {
          managed: await c.storage.managed.get(null),
          granted: await c.permissions.contains({ origins: [match] }),
          hostPermissions: c.runtime.getManifest().host_permissions ?? [],
          scripts: (await c.scripting.getRegisteredContentScripts()).map((s) => ({ id: s.id, matches: s.matches })),
        };
      },
      CUSTOM_MATCH,
    ), (st) => st.scripts.length > 0);
    expect(state.managed).toEqual(testPolicy());
    // The real build is loaded (its manifest does not list the intranet host)…
    expect(state.hostPermissions).not.toContain(CUSTOM_MATCH);
    // …and the host the person granted is still granted, so the custom tool's script is registered.
    expect(state.granted).toBe(true);
    expect(state.scripts).toEqual([{ id: 'leadline-custom-tools', matches: [CUSTOM_MATCH] }]);
  });

  it('records nothing on a tool policy does not approve (gemini), and records an approved one (claude)', async () => {
    const gemini = await promptBuiltIn(drivers.gemini, 'Please summarise the policy for me');
    // The page itself worked: the prompt and its answer are on screen.
    expect(await gemini.locator(drivers.gemini.selectors.userTurn).count()).toBe(1);
    const claude = await promptBuiltIn(drivers.claude, 'Please write code that sorts a list');
    await gemini.close({ runBeforeUnload: true });
    await claude.close({ runBeforeUnload: true });

    // The positive signal: the approved tool's events, from a tab closed after gemini's.
    const dump = await storedFor('claude', 3);
    expect(recorded(dump, 'claude').map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed']);
    // The whole dump (every IndexedDB store, every extension storage area) never names gemini:
    // no event, health row, alias or counter, not even that its page was opened.
    const text = JSON.stringify(dump);
    expect(text).toContain('"claude"');
    expect(text).not.toContain('gemini');
    expect(text).not.toContain('not_recording');
  });

  it('records the custom tool IT added, on its granted host, with the generic adapter', async () => {
    const page = await chromium!.context.newPage();
    await page.addInitScript((w) => ((window as unknown as { __fixtureWords: number }).__fixtureWords = w), WORDS);
    await page.goto(`https://${CUSTOM_HOST}/`, { waitUntil: 'load' });
    await page.locator(CUSTOM_SELECTORS.composer).waitFor({ state: 'visible' });
    await page.waitForTimeout(500); // the registered content script runs at document_idle
    await promptCustom(page, 'Draft a short note to the team about the offsite', 'enter');
    await promptCustom(page, 'Make it friendlier please', 'click');
    await page.close({ runBeforeUnload: true });

    const dump = await storedFor(CUSTOM_TOOL_ID, 5);
    const rows = recorded(dump, CUSTOM_TOOL_ID);
    expect(rows.map((e) => e.kind)).toEqual([
      'conversation_started',
      'prompt_sent',
      'response_completed',
      'prompt_sent',
      'response_completed',
    ]);
    expect(rows.map(shape).filter((e) => e.kind === 'prompt_sent')).toEqual([
      { kind: 'prompt_sent', size: expect.any(String), attachments: 0, mode: 'new', turn: 1 },
      { kind: 'prompt_sent', size: expect.any(String), attachments: 0, mode: 'new', turn: 2 },
    ]);
    for (const e of rows) expect(e.conv).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(rows.map((e) => e.conv)).size).toBe(1);
  });

  it('reports the malformed policy values in the options page and applies the rest', async () => {
    const page = await openOptions();
    try {
      // Warnings: exactly the two values that break a rule, each with what was used instead.
      const warnings = page.locator('.policy-warnings li[data-key]');
      await warnings.first().waitFor();
      expect((await warnings.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).sort()).toEqual([
        'rawRetentionDays',
        'syncIntervalMinutes',
      ]);
      const sync = await page.locator('.policy-warnings li[data-key="syncIntervalMinutes"]').innerText();
      expect(sync).toContain('Used instead: 60 (the default)');
      expect(sync).toMatch(/15/); // the reason names the rule
      const retention = await page.locator('.policy-warnings li[data-key="rawRetentionDays"]').innerText();
      expect(retention).toContain('Used instead: 30 (the default)');
      expect(retention).toMatch(/365/);

      // The effective configuration: the broken values fell back to the default…
      expect(await sourceOf(page, 'syncIntervalMinutes').innerText()).toBe('Default');
      expect(await valueOf(page, 'syncIntervalMinutes').innerText()).toBe('60');
      expect(await sourceOf(page, 'rawRetentionDays').innerText()).toBe('Default');
      expect(await valueOf(page, 'rawRetentionDays').innerText()).toBe('30');
      // …and every other policy value applies.
      expect(await sourceOf(page, 'approvedTools').innerText()).toBe('Policy');
      expect(JSON.parse(await valueOf(page, 'approvedTools').innerText())).toEqual(APPROVED_WITHOUT_GEMINI);
      expect(await sourceOf(page, 'customTools').innerText()).toBe('Policy');
      expect(await valueOf(page, 'customTools').innerText()).toContain(CUSTOM_MATCH);
      expect(await sourceOf(page, 'allowUserDisableTools').innerText()).toBe('Policy');
      expect(await valueOf(page, 'allowUserDisableTools').innerText()).toBe('false');
      expect(await sourceOf(page, 'teamId').innerText()).toBe('Policy');
      expect(await valueOf(page, 'teamId').innerText()).toBe('"e2e-policy-team"');
      expect(await sourceOf(page, 'syncEnabled').innerText()).toBe('Default');

      // Tools: every checkbox locked; gemini unticked and not approved; the custom tool listed, granted.
      for (const id of ['chatgpt', 'claude', 'copilot', 'perplexity', 'deepseek', 'mistral', 'poe', 'gemini', CUSTOM_TOOL_ID]) {
        const item = toolItem(page, id);
        expect(await item.locator('input[type="checkbox"]').isDisabled(), id).toBe(true);
        expect(await item.locator('.managed').innerText(), id).toContain('Managed by your organisation');
      }
      expect(await toolItem(page, 'claude').locator('input[type="checkbox"]').isChecked()).toBe(true);
      expect(await toolItem(page, 'gemini').locator('input[type="checkbox"]').isChecked()).toBe(false);
      expect(await toolItem(page, 'gemini').locator('.managed').innerText()).toContain('Not approved by your organisation');
      expect(await toolItem(page, 'claude').locator('.managed').innerText()).not.toContain('Not approved');
      const custom = toolItem(page, CUSTOM_TOOL_ID);
      expect(await custom.locator('label').innerText()).toBe('Intranet LLM');
      expect(await custom.locator('input[type="checkbox"]').isChecked()).toBe(true);
      expect(await custom.innerText()).toContain(CUSTOM_MATCH);
      await custom.getByText('Leadline may run on these sites.').waitFor();
      expect(await custom.getByRole('button', { name: /Allow Leadline on/ }).count()).toBe(0);

      // Adapter health lists the custom tool too; the extension tells who it is.
      await page.locator(`table.health tr[data-tool="${CUSTOM_TOOL_ID}"]`).waitFor();
      expect(await page.locator('#extension-id').innerText()).toBe(EXTENSION_ID);
      expect(await page.locator('#extension-version').innerText()).toBe(VERSION);
    } finally {
      await page.close();
    }
  });

  it('picks up a policy change while the browser runs, without a restart', async () => {
    const page = await openOptions();
    try {
      expect(await valueOf(page, 'approvedTools').innerText()).not.toContain('gemini');
      // IT approves gemini and moves the browser to another team.
      const next = testPolicy({ approvedTools: [...APPROVED_WITHOUT_GEMINI, 'gemini'], teamId: 'e2e-policy-team-2' });
      await writeChromiumPolicy(next);
      const t0 = Date.now();
      const updated = () => page.locator('table.config tr[data-setting="teamId"] code.value', { hasText: 'e2e-policy-team-2' });
      // Chromium watches the policy directory and reloads a few seconds after a change settles.
      let how = 'file watcher';
      const seen = await updated()
        .waitFor({ timeout: 30_000 })
        .then(() => true)
        .catch(() => false);
      if (!seen) {
        // What an admin does when in a hurry: chrome://policy → "Reload policies".
        how = 'chrome://policy reload';
        const admin = await chromium!.context.newPage();
        await admin.goto('chrome://policy');
        await admin.locator('#reload-policies').click();
        await admin.close();
        await updated().waitFor({ timeout: 30_000 });
      }
      console.info(`policy change reached the options page after ${Date.now() - t0} ms (${how})`);
      // The open options page re-rendered from storage.onChanged (no reload of the page).
      expect(await sourceOf(page, 'approvedTools').innerText()).toBe('Policy');
      expect(JSON.parse(await valueOf(page, 'approvedTools').innerText())).toContain('gemini');
      const gemini = toolItem(page, 'gemini');
      await expect.poll(() => gemini.locator('input[type="checkbox"]').isChecked()).toBe(true);
      expect(await gemini.locator('input[type="checkbox"]').isDisabled()).toBe(true);
      expect(await gemini.locator('.managed').innerText()).not.toContain('Not approved');
      // The malformed values are still reported.
      expect(await page.locator('.policy-warnings li[data-key]').count()).toBe(2);
    } finally {
      await page.close();
    }

    // The background reloaded its configuration too: gemini records now, in a new page load.
    const before = recorded(await dumpChromium(chromium!.context), 'gemini').length;
    expect(before).toBe(0);
    const gemini = await promptBuiltIn(drivers.gemini, 'Now that it is approved, summarise this');
    await gemini.close({ runBeforeUnload: true });
    const dump = await storedFor('gemini', 3);
    expect(recorded(dump, 'gemini').map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed']);
  });
});
