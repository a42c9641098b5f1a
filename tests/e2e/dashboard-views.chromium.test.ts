/**
 * The dashboard's views in real Chromium against report fixtures (partly and
 * fully suppressed, a 10,000-member organisation over 52 weeks, a brand-new
 * collector, the admin page): each is checked with axe-core in light and
 * dark, reached from the keyboard, printed to PDF, and photographed to
 * tests/artifacts/dashboard-*.png for a person to read. The same page against
 * a real collector is tests/e2e/dashboard.chromium.test.ts.
 *
 *   npm run build:dashboard && flock /tmp/leadline-browser.lock npx vitest run --project e2e tests/e2e/dashboard-views.chromium.test.ts
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamReport, TeamTree } from '../../src/contract/report';
import { ACME_TREE, bigOrg, emptyReport, fullySuppressed, partlySuppressed } from '../../src/dashboard/fixtures.testkit';
import { ARTIFACTS, assertDashboardBuilt, axeLightAndDark, launchBrowser, serveDashboard, tabTo } from '../support/dashboard';

const ORIGIN = 'http://collector.test';
const LEAD = { role: 'lead', scope: 'acme', csrf: 'csrf-1', expiresAt: '2026-12-02T20:00:00Z' };
const TOKEN = 'll_lead_0123456789abcdef0123456789abcdef';

let browser: Browser;
beforeAll(async () => {
  assertDashboardBuilt();
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface World {
  session: typeof LEAD | null;
  tree: TeamTree;
  reports: Record<string, TeamReport>;
  tokens: { id: string; role: string; team: string; prefix: string; createdAt: string; revokedAt: string | null }[];
}

async function open(world: World, opts: { locale?: string; hash?: string } = {}): Promise<{ page: Page; foreign: string[] }> {
  const context = await browser.newContext({ locale: opts.locale ?? 'en-GB', viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  const page = await context.newPage();
  const foreign = await serveDashboard(page, ORIGIN, ({ method, path: p, search, body, headers }) => {
    if (p === '/v1/session') {
      if (method === 'GET') return world.session ? { status: 200, body: world.session } : { status: 401, body: { error: { code: 'unauthorized', message: 'x' } } };
      if (method === 'POST') {
        if ((JSON.parse(body ?? '{}') as { token?: string }).token !== TOKEN) return { status: 401, body: { error: { code: 'unauthorized', message: 'x' } } };
        world.session = LEAD;
        return { status: 200, body: LEAD };
      }
      if (method === 'DELETE' && headers['x-csrf-token'] === world.session?.csrf) {
        world.session = null;
        return { status: 204 };
      }
    }
    if (!world.session) return { status: 401, body: { error: { code: 'unauthorized', message: 'x' } } };
    if (p === '/v1/teams') return { status: 200, body: world.tree };
    if (p === '/v1/report') {
      const r = world.reports[search.get('team') ?? ''];
      return r ? { status: 200, body: r } : { status: 404, body: { error: { code: 'not_found', message: 'x' } } };
    }
    if (p === '/v1/admin/tokens' && method === 'GET') return { status: 200, body: { tokens: world.tokens } };
    if (p === '/v1/admin/tokens' && method === 'POST') {
      const b = JSON.parse(body ?? '{}') as { role: string; team: string };
      world.tokens.push({ id: 'n1', role: b.role, team: b.team, prefix: `ll_${b.role}_9f3a`, createdAt: '2026-12-02T08:00:00Z', revokedAt: null });
      return { status: 201, body: { id: 'n1', role: b.role, team: b.team, token: `ll_${b.role}_9f3a51c0e2d44b7a8c61f0e9d3b2a1c4` } };
    }
    if (p === '/v1/admin/settings') return { status: 200, body: { k: 5, minK: 5 } };
    return { status: 404, body: { error: { code: 'not_found', message: 'x' } } };
  });
  await page.goto(`${ORIGIN}/${opts.hash ?? ''}`);
  return { page, foreign };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

async function lookAt(page: Page, name: string) {
  const axe = await axeLightAndDark(page);
  expect(axe).toEqual({ light: [], dark: [] });
  await shot(page, name);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

const world = (over: Partial<World> = {}): World => ({
  session: LEAD,
  tree: ACME_TREE,
  reports: { acme: { ...partlySuppressed(), team: 'acme' }, 'acme/sales': partlySuppressed(), 'acme/tiny': fullySuppressed() },
  tokens: [],
  ...over,
});

describe('dashboard views (report fixtures)', () => {
  it('sign-in from the keyboard alone; a wrong token is explained', async () => {
    const { page, foreign } = await open(world({ session: null }));
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await tabTo(page, /Token/);
    await page.keyboard.type('ll_lead_wrong');
    await page.keyboard.press('Enter');
    await page.getByTestId('signin-error').waitFor();
    await lookAt(page, 'signin-error');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Team acme' }).waitFor();
    expect(page.url()).not.toContain(TOKEN);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(TOKEN);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it('a partly suppressed team: figures, explanations, sorting by keyboard, print', async () => {
    const { page, foreign } = await open(world());
    await page.getByTestId('report').waitFor();
    await page.getByTestId('team-picker').selectOption('acme/sales');
    await page.getByRole('heading', { name: 'Team acme/sales' }).waitFor();
    await expect(page.getByTestId('headline-members').textContent()).resolves.toBe('20');
    await expect(page.locator('[data-testid="table-children"] tr[data-row="acme/sales/apac"] td').textContent()).resolves.toBe(
      'Fewer than 5 members reported; they still count in the total above.',
    );
    // Sort the child teams by members from the keyboard.
    await page.getByRole('button', { name: /^Members/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="table-children"] thead th').nth(1).getAttribute('aria-sort')).resolves.toBe('descending');
    await lookAt(page, 'partly-suppressed');
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'partly-suppressed-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(ARTIFACTS, 'dashboard-partly-suppressed.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The print view keeps the charts as SVG and drops the controls.
    await expect(page.locator('svg[data-testid="level-bar"]').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('team-picker').isVisible()).resolves.toBe(false);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it('a team below k says so, and that its members count in the parent', async () => {
    const { page } = await open(world());
    await page.getByTestId('report').waitFor();
    await page.getByTestId('team-picker').selectOption('acme/tiny');
    await page.getByTestId('team-status').waitFor();
    await expect(page.getByTestId('team-status').textContent()).resolves.toContain('Its members still count in acme.');
    await lookAt(page, 'fully-suppressed');
    await page.context().close();
  });

  it('a 10,000-member organisation over 52 weeks, in Georgian', async () => {
    const big = bigOrg();
    const { page } = await open(world({ tree: { ...ACME_TREE, k: 10 }, reports: { acme: big } }), { locale: 'ka-GE' });
    await page.getByTestId('report').waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('ka');
    await page.getByTestId('weeks-picker').selectOption('52');
    await page.locator('[data-testid="table-trend"] tbody tr').nth(51).waitFor();
    await expect(page.locator('[data-testid="table-trend"] tbody tr').count()).resolves.toBe(52);
    await lookAt(page, 'big-org-ka');
    await page.context().close();
  });

  it('a brand-new collector shows what to do next, with its own origin in the snippet', async () => {
    const { page } = await open(world({ tree: { ...ACME_TREE, teams: [] }, reports: { acme: emptyReport() } }));
    await page.getByTestId('empty-state').waitFor();
    await expect(page.getByTestId('policy-snippet').textContent()).resolves.toContain(`"collectorUrl": "${ORIGIN}"`);
    await lookAt(page, 'empty');
    await page.context().close();
  });

  it('the admin page: a new token is shown once', async () => {
    const { page } = await open(world({ session: { ...LEAD, role: 'admin' } }), { hash: '#admin' });
    await page.getByTestId('admin').waitFor();
    await page.getByLabel('Team', { exact: true }).fill('acme/sales');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('new-token').waitFor();
    await lookAt(page, 'admin');
    await page.context().close();
  });
});
