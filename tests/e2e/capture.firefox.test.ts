/**
 * End to end in real Firefox ESR: the Firefox MV3 build, installed as a temporary
 * add-on over WebDriver BiDi, records a scripted claude.ai session (real keyboard
 * and mouse through puppeteer) as exactly the expected events, and nothing of
 * the person's work (prompt text, conversation id, URL, title) reaches storage.
 *
 *   npx wxt build -b firefox --mv3 && npx vitest run --project e2e tests/e2e/capture.firefox.test.ts
 *
 * Order: stored rows carry `seq`, the background's write order (times are
 * minute-rounded and cannot order events within a minute).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sizeBucket } from '../../src/contract/buckets';
import { answerFinished, SITE_SELECTORS } from '../support/drivers';
import {
  dumpInExtensionPage,
  eventsOf,
  eventually,
  FIREFOX_BUILD,
  shape,
  type StorageDump,
  type StoredEventRow,
} from '../support/extension';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { launchFirefox, type LaunchedFirefox } from '../support/firefox';

const S = SITE_SELECTORS.claude;
const CONVERSATION_PATH = /^\/chat\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

let server: FixtureServer | undefined;
let ff: LaunchedFirefox | undefined;
let tmpDir: string | undefined;

type Win = Window & { __fixtureWords?: number };

/** Sets the fixture's answer length (in words) for the next response. */
const setWords = (page: Page, n: number) => page.evaluate((w) => void ((window as Win).__fixtureWords = w), n);

async function userTurns(page: Page): Promise<number> {
  return page.$$eval(S.userTurn, (els) => els.length);
}

async function waitForUserTurn(page: Page, before: number): Promise<void> {
  await page.waitForFunction((sel, n) => document.querySelectorAll(sel).length > n, { timeout: 10_000, polling: 50 }, S.userTurn, before);
}

/**
 * A person's pause after an answer appears, before the next action. The content
 * script notices the end of a stream on its throttled DOM check (CHECK_THROTTLE_MS,
 * 150 ms); an action taken faster than that (a file chosen 20 ms after the copy
 * button appeared) is recorded before that answer's response_completed.
 */
const THINK_MS = 500;
const pause = (ms = THINK_MS) => new Promise((r) => setTimeout(r, ms));

/** Stop button gone and the copy button present on the last assistant turn. */
async function waitForAnswer(page: Page): Promise<void> {
  await page.waitForFunction(answerFinished, { timeout: 30_000, polling: 50 }, { stop: S.stop, turn: S.assistantTurn, copy: S.copy });
  await pause();
}

interface Answer {
  /** Trimmed textContent length of the last assistant turn's content. */
  content: number;
  /** Trimmed textContent length of the whole last assistant turn (content + action bar labels). */
  turn: number;
  hasCode: boolean;
}

async function lastAnswer(page: Page): Promise<Answer> {
  return page.evaluate(
    (turnSel, contentSel) => {
      const turns = document.querySelectorAll(turnSel);
      const last = turns[turns.length - 1]!;
      const content = last.querySelector(contentSel)!;
      return {
        content: (content.textContent ?? '').trim().length,
        turn: (last.textContent ?? '').trim().length,
        hasCode: !!content.querySelector('pre code'),
      };
    },
    S.assistantTurn,
    S.assistantContent,
  );
}

/** The expected response_completed fields, from the page right after the answer finished. */
function completed(a: Answer, prompt: string) {
  // The fixture puts a code block in the answer exactly when the prompt has the word "code".
  expect(a.hasCode).toBe(/\bcode\b/i.test(prompt));
  // The extension measures the whole turn, action bar labels included ("CopyUpDownRetry"):
  // the answer lengths below are chosen so both measures fall in one bucket.
  expect(sizeBucket(a.turn), `content ${a.content} chars vs turn ${a.turn} chars`).toBe(sizeBucket(a.content));
  return { kind: 'response_completed', size: sizeBucket(a.content), hasCode: a.hasCode, duration: 'lt5s' };
}

/** A real mouse click on a button of the last assistant turn. */
async function clickOnLastAnswer(page: Page, button: string): Promise<void> {
  const turns = await page.$$(S.assistantTurn);
  const target = await turns[turns.length - 1]!.$(button);
  expect(target, button).not.toBeNull();
  await target!.click();
}

async function typeInComposer(page: Page, text: string): Promise<void> {
  await page.click(S.composer);
  await page.keyboard.type(text);
}

async function dump(ext: Page): Promise<StorageDump> {
  return ext.evaluate(dumpInExtensionPage);
}

function captured(d: StorageDump): StoredEventRow[] {
  return eventsOf(d, 'claude').filter((e) => e.kind !== 'engaged_time');
}

describe('Firefox ESR: capture on claude.ai', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    ff = await launchFirefox({ fixturePort: server.port, extensionDir: FIREFOX_BUILD });
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'leadline-upload-'));
  });

  afterAll(async () => {
    await ff?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
  });

  it('records the exact event sequence of a scripted session, and none of its content', async () => {
    const browser = ff!.browser;
    const ext = await ff!.extensionPage();
    expect(await ext.evaluate(() => location.href)).toBe(`${ff!.extensionBase}/welcome.html`);

    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    const canary = `CANARY-${randomUUID()}`;
    const expected: Record<string, unknown>[] = [];

    // ---- 1. open claude.ai/new, first prompt via Enter ------------------------------
    await page.goto('https://claude.ai/new', { waitUntil: 'load' });
    await page.waitForSelector(S.composer, { visible: true });
    expect(await page.evaluate(() => location.origin)).toBe('https://claude.ai');
    const prompt1 = `${canary}: please write some code for it`;
    await setWords(page, 12);
    await typeInComposer(page, prompt1);
    await page.keyboard.press('Enter');
    await waitForUserTurn(page, 0);
    const path1 = await page.evaluate(() => location.pathname);
    const convId1 = CONVERSATION_PATH.exec(path1)?.[1];
    expect(convId1, path1).toBeTruthy();
    await waitForAnswer(page);
    const title1 = await page.title();
    expect(title1).toContain(canary.slice(0, 30)); // the page titles a chat after its first prompt
    expected.push(
      { kind: 'conversation_started' },
      { kind: 'prompt_sent', size: sizeBucket(prompt1.length), attachments: 0, mode: 'new', turn: 1 },
      completed(await lastAnswer(page), prompt1),
    );

    // ---- 2. a long prompt, sent with the send button -------------------------------
    const sentence = 'Summarise the trade-offs between the three options we discussed, with caveats. ';
    const prompt2 = sentence.repeat(Math.ceil(1600 / sentence.length)).trim();
    expect(prompt2.length).toBeGreaterThanOrEqual(1500);
    expect(sizeBucket(prompt2.length)).toBe('l');
    await setWords(page, 60);
    await typeInComposer(page, prompt2);
    // the whole prompt reached the composer through the keyboard
    expect(await page.$eval(S.composer, (el) => (el.textContent ?? '').trim().length)).toBe(prompt2.length);
    await page.click(S.send);
    await waitForUserTurn(page, 1);
    await waitForAnswer(page);
    expect(await page.evaluate(() => location.pathname)).toBe(path1);
    expected.push(
      { kind: 'prompt_sent', size: 'l', attachments: 0, mode: 'new', turn: 2 },
      completed(await lastAnswer(page), prompt2),
    );

    // ---- 3. copy the last answer ------------------------------------------------------
    await clickOnLastAnswer(page, S.copy);
    await page.waitForFunction(() => (window as unknown as { __fixtureEvents: { type: string }[] }).__fixtureEvents.some((e) => e.type === 'copy'));
    expected.push({ kind: 'response_copied' });

    // ---- 4. regenerate it ---------------------------------------------------------------
    await setWords(page, 30);
    await clickOnLastAnswer(page, S.regenerate);
    await page.waitForFunction(
      () => (window as unknown as { __fixtureEvents: { type: string }[] }).__fixtureEvents.some((e) => e.type === 'regenerate-start'),
      { timeout: 5_000, polling: 50 },
    );
    await waitForAnswer(page);
    expected.push({ kind: 'response_regenerated' }, completed(await lastAnswer(page), prompt2));

    // ---- 5. attach a file, then a third prompt ------------------------------------------
    const file = path.join(tmpDir!, 'notes.txt');
    await writeFile(file, `secret notes ${canary}\n`);
    const input = (await page.$(S.fileInput)) as ElementHandle<HTMLInputElement> | null;
    expect(input).not.toBeNull();
    await input!.uploadFile(file);
    await page.waitForSelector(S.attachmentChip);
    const prompt3 = 'Summarise the attached notes in three bullet points please';
    await setWords(page, 20);
    await typeInComposer(page, prompt3);
    await page.keyboard.press('Enter');
    await waitForUserTurn(page, 2);
    await waitForAnswer(page);
    expect(await userTurns(page)).toBe(3);
    expected.push(
      { kind: 'feature_used', feature: 'file_upload' },
      { kind: 'prompt_sent', size: sizeBucket(prompt3.length), attachments: 1, mode: 'new', turn: 3 },
      completed(await lastAnswer(page), prompt3),
    );

    // ---- 6. new chat, fourth prompt --------------------------------------------------------
    await page.click(S.newChat);
    await page.waitForFunction(() => location.pathname === '/');
    expect(await userTurns(page)).toBe(0);
    const prompt4 = 'What is a good name for a cat?';
    await setWords(page, 5);
    await typeInComposer(page, prompt4);
    await page.keyboard.press('Enter');
    await waitForUserTurn(page, 0);
    const path2 = await page.evaluate(() => location.pathname);
    const convId2 = CONVERSATION_PATH.exec(path2)?.[1];
    expect(convId2, path2).toBeTruthy();
    expect(convId2).not.toBe(convId1);
    await waitForAnswer(page);
    const title2 = await page.title();
    expected.push(
      { kind: 'conversation_started' },
      { kind: 'prompt_sent', size: sizeBucket(prompt4.length), attachments: 0, mode: 'new', turn: 1 },
      completed(await lastAnswer(page), prompt4),
    );

    // ---- the kinds the brief fixes, whatever the measured buckets ---------------------------
    expect(expected.map((e) => e.kind)).toEqual([
      'conversation_started', 'prompt_sent', 'response_completed',
      'prompt_sent', 'response_completed', 'response_copied', 'response_regenerated', 'response_completed',
      'feature_used', 'prompt_sent', 'response_completed',
      'conversation_started', 'prompt_sent', 'response_completed',
    ]);
    expect(expected[2]).toMatchObject({ hasCode: true });

    // ---- what the extension stored ------------------------------------------------------
    const d = await eventually(
      () => dump(ext),
      (x) => captured(x).length >= expected.length,
      30_000,
    );
    const ordered = captured(d);
    const diagnostics = JSON.stringify({ counters: d.indexedDB.leadline?.counters, rows: ordered.map(shape), pageErrors });
    expect(ordered.length, diagnostics).toBe(expected.length);
    expect(ordered.map(shape), diagnostics).toEqual(expected);

    // Conversation keys: one per conversation, keyed (HMAC), never the site's id.
    for (const r of ordered) expect(r.conv, JSON.stringify(r)).toMatch(/^[0-9a-f]{32}$/);
    const first = ordered.slice(0, 11);
    const last = ordered.slice(11);
    expect(new Set(first.map((r) => r.conv)).size).toBe(1);
    expect(new Set(last.map((r) => r.conv)).size).toBe(1);
    expect(last[0]!.conv).not.toBe(first[0]!.conv);

    // Nothing of the work reaches storage.
    const all = JSON.stringify(d);
    const secrets = [canary, convId1!, convId2!, path1, path2, title1, title2, 'notes.txt', prompt3, prompt4];
    for (const s of secrets) expect(all.includes(s), `storage contains ${JSON.stringify(s)}`).toBe(false);
    for (const s of [convId1!, convId2!]) expect(all.toLowerCase().includes(s.replaceAll('-', ''))).toBe(false);

    expect(pageErrors).toEqual([]);

    // ---- engaged time reaches the rollups, as on Chromium ------------------------------
    // Firefox delivers the flush a closing tab sends with no tab attached; it used to be
    // refused as dropped:not_a_tab, so Firefox never recorded engaged time.
    await page.close({ runBeforeUnload: true });
    type Engaged = { tool: string; engagedSeconds: number };
    const withEngaged = await eventually(
      () => dump(ext),
      (x) => eventsOf(x, 'claude').some((e) => e.kind === 'engaged_time'),
      30_000,
    );
    const engagedDiagnostics = JSON.stringify({ counters: withEngaged.indexedDB.leadline?.counters });
    const engaged = eventsOf(withEngaged, 'claude').filter((e) => e.kind === 'engaged_time');
    expect(engaged.length, engagedDiagnostics).toBeGreaterThanOrEqual(1);
    const seconds = engaged.reduce((n, e) => n + (e.seconds as number), 0);
    expect(seconds).toBeGreaterThan(0);
    const claudeRollups = (withEngaged.indexedDB.leadline?.rollups ?? []) as Engaged[];
    expect(claudeRollups.filter((r) => r.tool === 'claude').reduce((n, r) => n + r.engagedSeconds, 0)).toBe(seconds);
    const health = (withEngaged.indexedDB.leadline?.health ?? []) as Engaged[];
    expect(health.filter((h) => h.tool === 'claude').reduce((n, h) => n + h.engagedSeconds, 0)).toBe(seconds);
    expect(engagedDiagnostics).not.toContain('not_a_tab');

    // ---- the same session as the popup shows it, from the daily rollup ------------------
    const prompts = expected.filter((e) => e.kind === 'prompt_sent').length;
    const rollups = (d.indexedDB.leadline?.rollups ?? []) as { tool: string; prompts: number; conversations: number; copies: number }[];
    expect(rollups.filter((r) => r.tool === 'claude').map((r) => [r.prompts, r.conversations, r.copies])).toEqual([[prompts, 2, 1]]);
    await ext.evaluate(() => void (location.href = '/popup.html'));
    await ext.waitForFunction(() => performance.getEntriesByName('leadline:summary-rendered').length > 0, { timeout: 15_000 });
    expect(await ext.$eval('[data-testid="level"]', (el) => el.getAttribute('data-level'))).toBe('low');
    // The per-tool table sits in a section that opens (and loads) on a click.
    await ext.click('[data-testid="more-tools"] > summary');
    await ext.waitForSelector('[data-testid="tool-claude"]', { timeout: 15_000 });
    expect(Number(await ext.$eval('[data-testid="tool-claude"]', (el) => el.getAttribute('data-prompts')))).toBe(prompts);
    expect(JSON.stringify(await dump(ext))).not.toContain(canary);
  });
});
