/**
 * Launch real Firefox ESR (headless) through puppeteer-core over WebDriver BiDi,
 * pointed at the fixture server through the CONNECT proxy, with the Leadline
 * Firefox build installed as a temporary add-on.
 *
 * Playwright cannot drive this Firefox, so Firefox tests use puppeteer-core.
 *
 * The moz-extension UUID is pinned with the `extensions.webextensions.uuids`
 * pref, so a test can open the extension's own pages at a known origin
 * (`${extensionBase}/welcome.html`). The add-on is installed with BiDi
 * `webExtension.install` (`browser.installExtension`), i.e. temporarily, the
 * way `about:debugging` / `web-ext run` load it. Firefox grants the manifest's
 * MV3 host_permissions to such an add-on at install
 * (`extensions.originControls.grantByDefault`, on by default since Firefox 127),
 * so the content script runs on the AI hosts without any prompt; the pref is
 * set explicitly anyway so the test does not depend on the default.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../../src/contract/identity';
import { startConnectProxy } from './fixture-server';

/** The moz-extension host the tests pin for Leadline (any UUID works; fixed so URLs are predictable). */
export const FIREFOX_EXTENSION_UUID = '6c1e2d3a-4b5c-4d6e-8f70-8192a3b4c5d6';

export interface LaunchFirefoxOptions {
  /** Port of the fixture server from startFixtureServer(); a CONNECT proxy to it is started. */
  fixturePort: number;
  /** Path to the unpacked Firefox build (e.g. FIREFOX_BUILD = .output/firefox-mv3). Omit for no extension. */
  extensionDir?: string;
  /** Extra Firefox prefs (override the defaults below). */
  prefs?: Record<string, unknown>;
  executablePath?: string;
  headless?: boolean;
}

export interface LaunchedFirefox {
  browser: Browser;
  /** `moz-extension://<uuid>` (no trailing slash); '' when no extension was installed. */
  extensionBase: string;
  /** The add-on id returned by BiDi webExtension.install. */
  extensionId: string | null;
  proxyPort: number;
  profileDir: string;
  /**
   * A tab showing one of the extension's own pages (the welcome page the add-on
   * opens on install), for evaluating `dumpInExtensionPage` and the like.
   * WebDriver BiDi refuses to navigate a tab to moz-extension:// ("not allowed in
   * this context"), so tests reuse the tab the extension opened itself.
   */
  extensionPage(timeoutMs?: number): Promise<Page>;
  close(): Promise<void>;
}

/** The first tab whose document is an extension page (puppeteer reports such tabs as about:blank). */
export async function findExtensionPage(browser: Browser, base = 'moz-extension://', timeoutMs = 15_000): Promise<Page> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const page of await browser.pages()) {
      // A tab that is still loading can already report the URL while its document
      // has no extension APIs yet; such a page is not ready to be used.
      const href = await page
        .evaluate(() => ((globalThis as { browser?: { runtime?: unknown } }).browser?.runtime ? location.href : ''))
        .catch(() => '');
      if (href.startsWith(base)) return page;
    }
    if (Date.now() > end) throw new Error(`no open tab shows an extension page under ${base}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function firefoxPrefs(proxyPort: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    // Everything HTTPS goes through the CONNECT proxy to the fixture server.
    'network.proxy.type': 1,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.share_proxy_settings': false,
    'network.dns.disableIPv6': true,
    'network.http.http3.enable': false,
    // A known moz-extension:// origin for the Leadline add-on.
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
    // MV3 host permissions granted at install (the default since Firefox 127; explicit here).
    'extensions.originControls.grantByDefault': true,
    // Quiet, offline profile.
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'app.update.enabled': false,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'captivedetect.canonicalURL': '',
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    ...extra,
  };
}

export async function launchFirefox(opts: LaunchFirefoxOptions): Promise<LaunchedFirefox> {
  const proxy = await startConnectProxy(opts.fixturePort);
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'leadline-firefox-'));
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await proxy.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  };
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: opts.executablePath ?? process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      headless: opts.headless ?? true,
      acceptInsecureCerts: true,
      userDataDir: profileDir,
      extraPrefsFirefox: firefoxPrefs(proxy.port, opts.prefs),
      defaultViewport: { width: 1280, height: 900 },
    });
    let extensionId: string | null = null;
    if (opts.extensionDir) extensionId = await browser.installExtension(path.resolve(opts.extensionDir));
    let extensionBase = '';
    if (opts.extensionDir) {
      // The welcome tab the add-on opens on install tells whether the pinned UUID took effect.
      const welcome = await findExtensionPage(browser);
      // (Node's URL has no origin for moz-extension:, so ask the page.)
      extensionBase = await welcome.evaluate(() => location.origin);
      if (extensionBase !== `moz-extension://${FIREFOX_EXTENSION_UUID}`) {
        throw new Error(`extensions.webextensions.uuids did not apply: the add-on runs at ${extensionBase}`);
      }
    }
    const launched = browser;
    let closed = false;
    return {
      browser,
      extensionBase,
      extensionId,
      proxyPort: proxy.port,
      profileDir,
      extensionPage(timeoutMs?: number) {
        if (!extensionBase) return Promise.reject(new Error('no extension installed'));
        return findExtensionPage(launched, extensionBase, timeoutMs);
      },
      async close() {
        if (closed) return;
        closed = true;
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
