/**
 * Launch real Chromium (new headless mode) against the fixture server, optionally
 * with the unpacked Leadline extension loaded.
 *
 * `headless: false` + `--headless=new`: Playwright's own headless flag would select
 * the old headless shell behaviour, in which extensions do not load. New headless
 * mode supports extensions (service worker, content scripts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { hostResolverRules } from './fixture-server';

export interface LaunchChromiumOptions {
  /** Path to an unpacked extension (e.g. .output/chrome-mv3). */
  extensionDir?: string;
  /** Port of the fixture server from startFixtureServer(). */
  fixturePort: number;
  /** Reuse a profile (e.g. to test persistence across restarts). Not removed on close. */
  userDataDir?: string;
  /** Extra Chromium args. */
  args?: string[];
  /** The browser's UI language (e.g. "ka"): Chromium on Linux takes it from --lang and LANGUAGE. */
  language?: string;
}

export interface LaunchedChromium {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

export function chromiumArgs(opts: LaunchChromiumOptions): string[] {
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--ignore-certificate-errors',
    `--host-resolver-rules=${hostResolverRules(opts.fixturePort)}`,
  ];
  if (opts.extensionDir) {
    const dir = path.resolve(opts.extensionDir);
    args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  }
  if (opts.language) args.push(`--lang=${opts.language}`);
  if (opts.args) args.push(...opts.args);
  return args;
}

export async function launchChromium(opts: LaunchChromiumOptions): Promise<LaunchedChromium> {
  const ownsDir = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'leadline-chromium-')));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: false,
      args: chromiumArgs(opts),
      // Playwright adds --disable-extensions by default; drop it so --load-extension works.
      ignoreDefaultArgs: opts.extensionDir ? ['--disable-extensions'] : undefined,
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 900 },
      ...(opts.language ? { env: { ...process.env, LANGUAGE: opts.language } } : {}),
    });
  } catch (err) {
    if (ownsDir) await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  let closed = false;
  return {
    context,
    userDataDir,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      if (ownsDir) await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
