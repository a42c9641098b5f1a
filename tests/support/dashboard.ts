/**
 * Shared pieces of the dashboard's browser tests: axe-core in the page, the
 * built dashboard (dist/dashboard) served to a page, and keyboard helpers.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { WeekReport } from '../../src/contract/report';
import { formatFigure, type Fmt } from '../../src/dashboard/format';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
export const DASHBOARD_DIST = path.join(ROOT, 'dist/dashboard');
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export function assertDashboardBuilt(): void {
  if (!existsSync(path.join(DASHBOARD_DIST, 'index.html'))) throw new Error('dist/dashboard is missing: run `npm run build:dashboard` first.');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core run in the page over CDP (so the collector's CSP, which forbids inline scripts, does not apply to it). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await readFile(AXE_SOURCE, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export const serious = (v: AxeViolation[]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');

/** axe in light and in dark: both palettes are held to the same rules. */
export async function axeLightAndDark(page: Page): Promise<{ light: AxeViolation[]; dark: AxeViolation[] }> {
  await page.emulateMedia({ colorScheme: 'light' });
  const light = serious(await axeViolations(page));
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = serious(await axeViolations(page));
  await page.emulateMedia({ colorScheme: 'light' });
  return { light, dark };
}

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would; fails if it never gets there. */
export async function tabTo(page: Page, text: RegExp, max = 80): Promise<void> {
  for (let i = 0; i <= max; i++) {
    // The element focused already counts (an autofocused field): no Tab is pressed past it.
    if (i > 0) await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return [el.getAttribute('aria-label'), labelled, el.closest('label')?.textContent, el.textContent, el.getAttribute('placeholder')].filter(Boolean).join(' ');
    });
    if (text.test(focused)) return;
  }
  throw new Error(`Tab never reached an element matching ${text}`);
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export type FakeApi = (req: { method: string; path: string; search: URLSearchParams; body: string | null; headers: Record<string, string> }) => { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * Serves the built dashboard at `origin` inside the page, and answers /v1/*
 * with `api`: the views can be looked at with any report fixture without a
 * collector. Nothing else is answered, so any request elsewhere fails the page.
 */
export async function serveDashboard(page: Page, origin: string, api: FakeApi): Promise<string[]> {
  const foreign: string[] = [];
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== origin) {
      foreign.push(url.href);
      return route.abort();
    }
    if (url.pathname.startsWith('/v1/')) {
      const r = api({ method: route.request().method(), path: url.pathname, search: url.searchParams, body: route.request().postData(), headers: route.request().headers() });
      return route.fulfill({ status: r.status, headers: { 'content-type': 'application/json', ...r.headers }, body: r.body === undefined ? '' : JSON.stringify(r.body) });
    }
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const full = path.join(DASHBOARD_DIST, path.normalize(file));
    if (!full.startsWith(DASHBOARD_DIST) || !existsSync(full)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, headers: { 'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream' }, body: await readFile(full) });
  });
  return foreign;
}

/**
 * The page's headline and level table show exactly the week of the collector's
 * report: members, the Habitual-or-Power share, and every level's count and share
 * (one explanation across the row when both are hidden for the same reason).
 */
export async function expectHeadlineAndLevels(page: Page, fmt: Fmt, latest: WeekReport): Promise<void> {
  await expect(page.getByTestId('headline-members').textContent()).resolves.toBe(formatFigure(fmt, latest.headline.members, 'count'));
  await expect(page.getByTestId('headline-share').textContent()).resolves.toBe(formatFigure(fmt, latest.headline.habitualOrPowerShare, 'share'));
  for (const l of latest.levels) {
    const row = page.locator(`[data-testid="table-levels"] tr[data-row="${l.level}"]`);
    const both = l.count.value === null && l.share.value === null && l.count.suppressed === l.share.suppressed;
    if (both) await expect(row.locator('td[data-col="all"]').textContent()).resolves.toBe(formatFigure(fmt, l.count, 'count'));
    else {
      await expect(row.locator('td[data-col="members"]').textContent()).resolves.toBe(formatFigure(fmt, l.count, 'count'));
      await expect(row.locator('td[data-col="share"]').textContent()).resolves.toBe(formatFigure(fmt, l.share, 'share'));
    }
  }
}
