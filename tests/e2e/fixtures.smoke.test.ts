/**
 * Smoke test of the test infrastructure itself, WITHOUT the extension:
 * fixture server + host mapping + real Chromium + the per-site drivers.
 *
 *   npx vitest run tests/e2e/fixtures.smoke.test.ts --environment node
 *
 * (While the root vitest.config.ts points its e2e project at a globalSetup file that
 * does not exist yet, run it without the root config instead:
 *   npx vitest run --root tests e2e/fixtures.smoke.test.ts --environment node )
 */
import http from 'node:http';
import tls from 'node:tls';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { ALL_TOOLS, drivers, MAIN_TOOLS, type SiteDriver, type ToolId } from '../support/drivers';
import {
  FIXTURE_HOSTS,
  startConnectProxy,
  startFixtureServer,
  type FixtureServer,
} from '../support/fixture-server';

const TIMEOUT = 120_000;
const STREAM_MS = 500;

let server: FixtureServer;
let browser: LaunchedChromium;

interface Tracked {
  page: Page;
  requests: string[];
  errors: string[];
}

async function newTrackedPage(streamMs = STREAM_MS): Promise<Tracked> {
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r: Request) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.addInitScript((ms) => {
    (window as unknown as { __fixtureStreamMs: number }).__fixtureStreamMs = ms;
  }, streamMs);
  return { page, requests, errors };
}

const pathname = (page: Page) => new URL(page.url()).pathname;
const fixtureEvents = (page: Page) =>
  page.evaluate(() => (window as unknown as { __fixtureEvents: { type: string }[] }).__fixtureEvents.map((e) => e.type));

async function streamingMarker(page: Page, d: SiteDriver): Promise<string | null> {
  if (d.tool === 'claude') return page.locator(d.selectors.assistantTurn).last().getAttribute('data-is-streaming');
  if (d.tool === 'gemini')
    return page.locator(d.selectors.assistantTurn).last().locator('[aria-busy]').getAttribute('aria-busy');
  return null;
}

async function fullFlow(tool: ToolId): Promise<void> {
  const d = drivers[tool];
  const s = d.selectors;
  const { page, requests, errors } = await newTrackedPage();
  try {
    // --- open -----------------------------------------------------------
    await d.open(page);
    expect(new URL(page.url()).origin).toBe(`https://${d.host}`);
    expect(await page.evaluate(() => location.origin)).toBe(`https://${d.host}`);
    const homeTitle = await page.title();
    await expect(page.locator(s.userTurn).count()).resolves.toBe(0);

    // --- empty composer: neither Enter nor click does anything ----------
    await page.locator(s.composer).click();
    await page.keyboard.press('Enter');
    await page.locator(s.send).click();
    await page.waitForTimeout(100);
    expect(await page.locator(s.userTurn).count()).toBe(0);
    expect(await page.locator(s.stop).count()).toBe(0);
    expect(pathname(page)).toBe('/');

    // --- prompt 1 via Enter, with a Shift+Enter newline -----------------
    const prompt1 = 'Hello there, explain tides briefly\nin two short lines';
    await d.sendPrompt(page, prompt1, { via: 'enter' });
    // streaming signals are up right after sending
    expect(await page.locator(s.stop).count()).toBe(1);
    if (tool === 'claude' || tool === 'gemini') expect(await streamingMarker(page, d)).toBe('true');
    // the composer was cleared
    expect((await page.locator(s.composer).evaluate((el) => ('value' in el ? (el as HTMLTextAreaElement).value : (el as HTMLElement).innerText)).then((t) => t.trim()))).toBe('');
    expect(await page.locator(s.userTurn).first().locator(s.userText).first().textContent()).toBe(prompt1);
    expect(await page.locator(s.userTurn).count()).toBe(1);

    // conversation URL + title
    const convPath = pathname(page);
    expect(convPath).toMatch(d.conversationPath);
    expect(await page.title()).toContain(prompt1.replace(/\s+/g, ' ').slice(0, 30));

    await d.waitForResponse(page);
    expect(await page.locator(s.stop).count()).toBe(0);
    if (tool === 'claude' || tool === 'gemini') expect(await streamingMarker(page, d)).toBe('false');
    const answer1 = page.locator(s.assistantTurn).first();
    expect((await answer1.locator(s.assistantContent).first().innerText()).length).toBeGreaterThan(10);
    expect(await answer1.locator('pre code').count()).toBe(0);
    for (const sel of [s.copy, s.regenerate, s.good, s.bad]) expect(await answer1.locator(sel).count()).toBe(1);

    // --- prompt 2 via click, asks for code -------------------------------
    await d.sendPrompt(page, 'Now write some code that adds two numbers', { via: 'click' });
    expect(await page.locator(s.stop).count()).toBe(1);
    await d.waitForResponse(page);
    expect(await page.locator(s.userTurn).count()).toBe(2);
    expect(await page.locator(s.assistantTurn).count()).toBe(2);
    expect(await page.locator(s.assistantTurn).last().locator('pre code').count()).toBe(1);
    expect(pathname(page)).toBe(convPath); // same conversation

    // --- copy, rate ------------------------------------------------------
    await d.copyLastResponse(page);
    expect(await fixtureEvents(page)).toContain('copy');
    await d.rateLast(page, 'up');
    expect(await page.locator(s.assistantTurn).last().locator(s.good).getAttribute('aria-pressed')).toBe('true');
    await d.rateLast(page, 'down');
    expect(await page.locator(s.assistantTurn).last().locator(s.good).getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator(s.assistantTurn).last().locator(s.bad).getAttribute('aria-pressed')).toBe('true');

    // --- regenerate --------------------------------------------------------
    await d.regenerateLastResponse(page);
    expect(await page.locator(s.stop).count()).toBe(1);
    expect(await page.locator(s.assistantTurn).last().locator(s.copy).count()).toBe(0); // action bar gone while streaming
    if (tool === 'claude' || tool === 'gemini') expect(await streamingMarker(page, d)).toBe('true');
    await d.waitForResponse(page);
    expect(await page.locator(s.assistantTurn).count()).toBe(2);
    expect(await page.locator(s.userTurn).count()).toBe(2);
    expect(await page.locator(s.assistantTurn).last().locator('pre code').count()).toBe(1);
    expect(await fixtureEvents(page)).toContain('regenerate-start');

    // --- stop a long response early ---------------------------------------
    await page.evaluate(() => {
      (window as unknown as { __fixtureStreamMs: number }).__fixtureStreamMs = 20_000;
    });
    const t0 = Date.now();
    await d.sendPrompt(page, 'Tell me a long story', { via: 'enter' });
    await page.waitForTimeout(150);
    await d.stopResponse(page);
    await d.waitForResponse(page, { timeout: 5_000 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await fixtureEvents(page)).toContain('stream-stopped');
    expect(await page.locator(s.assistantTurn).count()).toBe(3);
    await page.evaluate((ms) => {
      (window as unknown as { __fixtureStreamMs: number }).__fixtureStreamMs = ms;
    }, STREAM_MS);

    // --- web search toggle ---------------------------------------------------
    if (d.toggleWebSearch) {
      expect(await d.toggleWebSearch(page)).toBe(true);
      expect(await d.toggleWebSearch(page)).toBe(false);
    }

    // --- attach a file -------------------------------------------------------
    await d.attachFile(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('secret notes') });
    expect(await page.locator(s.attachmentChip).count()).toBe(1);
    expect(await page.locator(s.attachmentChip).first().innerText()).toContain('notes.txt');

    // --- new chat --------------------------------------------------------------
    await d.newChat(page);
    expect(pathname(page)).toBe('/');
    expect(await page.locator(s.userTurn).count()).toBe(0);
    expect(await page.locator(s.assistantTurn).count()).toBe(0);
    expect(await page.title()).toBe(homeTitle);

    // --- one more prompt, with an attachment: chips cleared on send ------------
    await d.attachFile(page, { name: 'data.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    expect(await page.locator(s.attachmentChip).count()).toBe(1);
    await d.sendPrompt(page, 'Summarise the attached file', { via: 'enter' });
    expect(await page.locator(s.attachmentChip).count()).toBe(0);
    await d.waitForResponse(page);
    expect(await page.locator(s.userTurn).count()).toBe(1);
    expect(await page.locator(s.assistantTurn).count()).toBe(1);
    const convPath2 = pathname(page);
    expect(convPath2).toMatch(d.conversationPath);
    expect(convPath2).not.toBe(convPath);
    expect(await page.title()).toContain('Summarise the attached file');

    // --- everything was served by the fixture server, nothing else ------------
    expect(requests.length).toBeGreaterThan(0);
    for (const u of requests) {
      const url = new URL(u);
      expect(url.origin, u).toBe(`https://${d.host}`);
    }
    expect(requests.some((u) => u.endsWith('/__fixture/engine.js'))).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
}

describe('fixture sites in real Chromium (no extension)', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchChromium({ fixturePort: server.port });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('maps every tool host to the fixture server via --host-resolver-rules', { timeout: TIMEOUT }, async () => {
    const { page } = await newTrackedPage();
    try {
      for (const host of FIXTURE_HOSTS) {
        const res = await page.goto(`https://${host}/some/deep/path?q=1`);
        expect(res, host).not.toBeNull();
        expect(res!.status(), host).toBe(200);
        // header set by our server: the request really reached it, with the right Host
        expect(res!.headers()['x-fixture-host'], host).toBe(host);
        expect(await page.evaluate(() => location.href)).toBe(`https://${host}/some/deep/path?q=1`);
      }
      // the server's port is the real destination, the URL keeps the default port
      expect(server.url('chatgpt.com', '/c/x')).toBe('https://chatgpt.com/c/x');
      // favicon 404, engine served (fetched by the page, i.e. through the browser's mapping)
      await page.goto('https://claude.ai/');
      const [fav, eng] = await page.evaluate(async () => {
        const f = await fetch('/favicon.ico');
        const e = await fetch('/__fixture/engine.js');
        return [f.status, { status: e.status, type: e.headers.get('content-type'), text: await e.text() }] as const;
      });
      expect(fav).toBe(404);
      expect(eng.status).toBe(200);
      expect(eng.type).toContain('javascript');
      expect(eng.text).toContain('__fixtureConfig');
      // unknown hosts are blackholed: no test ever touches the network
      await expect(page.goto('https://example.net/')).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
    } finally {
      await page.close();
    }
  });

  it('extraFixtures overrides a host page', { timeout: TIMEOUT }, async () => {
    server.extraFixtures.set('unrelated.example.org', '<!doctype html><title>Custom</title><p id="x">hi</p>');
    const { page } = await newTrackedPage();
    try {
      await page.goto('https://unrelated.example.org/anything');
      expect(await page.locator('#x').innerText()).toBe('hi');
    } finally {
      server.extraFixtures.delete('unrelated.example.org');
      await page.close();
    }
  });

  it('a conversation URL loaded directly shows an empty thread at that URL', { timeout: TIMEOUT }, async () => {
    const { page } = await newTrackedPage();
    try {
      for (const tool of MAIN_TOOLS) {
        const d = drivers[tool];
        const path = {
          chatgpt: '/c/6650a1b2-0000-4000-8000-000000000001',
          claude: '/chat/6650a1b2-0000-4000-8000-000000000001',
          gemini: '/app/0123456789abcdef',
          copilot: '/chats/abcDEF123',
          perplexity: '/search/why-is-the-sky-blue-Xy12',
        }[tool as 'chatgpt'];
        await d.open(page, path);
        expect(pathname(page)).toBe(path);
        expect(pathname(page)).toMatch(d.conversationPath);
        expect(await page.locator(d.selectors.userTurn).count()).toBe(0);
        // first prompt in an existing conversation keeps the URL
        await d.sendPrompt(page, 'continue', { via: 'click' });
        await d.waitForResponse(page);
        expect(pathname(page)).toBe(path);
      }
    } finally {
      await page.close();
    }
  });

  for (const tool of ALL_TOOLS) {
    it(`${tool}: open, 2 prompts (Enter + click), copy, rate, regenerate, stop, attach, new chat, prompt`, { timeout: TIMEOUT }, async () => {
      await fullFlow(tool);
    });
  }

  it('the custom-tool and unrelated hosts serve their pages', { timeout: TIMEOUT }, async () => {
    const { page } = await newTrackedPage();
    try {
      await page.goto('https://intranet-llm.example.com/');
      await page.locator('textarea[name="prompt"]').click();
      await page.keyboard.type('hello intranet');
      await page.keyboard.press('Enter');
      await page.locator('.message[data-role="assistant"] .actions').waitFor();
      expect(pathname(page)).toMatch(/^\/conversations\/[0-9a-f-]{36}$/);

      await page.goto('https://unrelated.example.org/');
      await page.locator('#message').click();
      await page.keyboard.type('not an AI tool');
      await page.locator('button[type="submit"]').click();
      await page.locator('#sent').waitFor();
    } finally {
      await page.close();
    }
  });

  it('CONNECT proxy (for Firefox) tunnels TLS to the fixture server', { timeout: TIMEOUT }, async () => {
    const proxy = await startConnectProxy(server.port);
    try {
      const socket = await new Promise<import('node:net').Socket>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: proxy.port, method: 'CONNECT', path: 'claude.ai:443' });
        req.on('connect', (res, sock) => {
          expect(res.statusCode).toBe(200);
          resolve(sock);
        });
        req.on('error', reject);
        req.end();
      });
      const body = await new Promise<string>((resolve, reject) => {
        const t = tls.connect({ socket, servername: 'claude.ai', rejectUnauthorized: false }, () => {
          // the self-signed cert carries the tool hosts as SANs
          expect(t.getPeerCertificate().subjectaltname).toContain('DNS:claude.ai');
          t.write('GET /chat/abc HTTP/1.1\r\nHost: claude.ai\r\nConnection: close\r\n\r\n');
        });
        let data = '';
        t.on('data', (c) => (data += c));
        t.on('end', () => resolve(data));
        t.on('error', reject);
      });
      expect(body).toMatch(/^HTTP\/1\.1 200/);
      expect(body).toContain("tool: 'claude'");
    } finally {
      await proxy.close();
    }
  });
});
