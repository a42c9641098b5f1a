import { act, createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, settle, type Mounted } from '../ui/render.testkit';
import type { TeamReport, TeamTree } from '../contract/report';
import { App } from './App';
import { ACME_TREE, emptyReport, fullySuppressed, partlySuppressed } from './fixtures.testkit';
import { MESSAGES } from './messages';

/**
 * The whole page against a fake collector: fetch is replaced by a router that
 * answers like the collector's HTTP API (COMMON.md) and records every call.
 */
interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
}
const LEAD = { role: 'lead', scope: 'acme', csrf: 'csrf-123', expiresAt: '2026-11-30T14:00:00Z' };
const ADMIN = { ...LEAD, role: 'admin' };

let calls: Call[];
let server: {
  session: typeof LEAD | null;
  validToken: string;
  signInStatus?: number;
  retryAfter?: string;
  tree: TeamTree;
  reports: Record<string, TeamReport | number>;
  tokens: { id: string; role: string; team: string; prefix: string; createdAt: string; revokedAt: string | null }[];
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const err = (status: number, code: string, headers: Record<string, string> = {}) => json(status, { error: { code, message: code } }, headers);

async function route(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const url = new URL(String(input), 'http://collector.test');
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
  calls.push({ method, path: url.pathname + url.search, headers, body: (init.body as string) ?? null });
  const s = server;
  if (url.pathname === '/v1/session') {
    if (method === 'GET') return s.session ? json(200, s.session) : err(401, 'unauthorized');
    if (method === 'POST') {
      if (s.signInStatus) return err(s.signInStatus, s.signInStatus === 429 ? 'rate_limited' : 'unauthorized', s.retryAfter ? { 'retry-after': s.retryAfter } : {});
      const { token } = JSON.parse(String(init.body)) as { token: string };
      if (token !== s.validToken) return err(401, 'unauthorized');
      s.session = token.startsWith('ll_admin_') ? ADMIN : LEAD;
      return json(200, s.session);
    }
    if (method === 'DELETE') {
      if (headers['x-csrf-token'] !== s.session?.csrf) return err(403, 'forbidden');
      s.session = null;
      return new Response(null, { status: 204 });
    }
  }
  if (!s.session) return err(401, 'unauthorized');
  if (url.pathname === '/v1/teams') return json(200, s.tree);
  if (url.pathname === '/v1/report') {
    const r = s.reports[url.searchParams.get('team') ?? ''];
    if (r === undefined) return err(404, 'not_found');
    return typeof r === 'number' ? err(r, 'forbidden') : json(200, r);
  }
  if (url.pathname === '/v1/admin/tokens' && method === 'GET') return json(200, { tokens: s.tokens });
  if (url.pathname === '/v1/admin/tokens' && method === 'POST') {
    if (headers['x-csrf-token'] !== s.session.csrf) return err(403, 'forbidden');
    const b = JSON.parse(String(init.body)) as { role: string; team: string };
    const id = `t${s.tokens.length + 1}`;
    s.tokens.push({ id, role: b.role, team: b.team, prefix: `ll_${b.role}_ab12`, createdAt: '2026-11-30T08:00:00Z', revokedAt: null });
    return json(201, { id, role: b.role, team: b.team, token: `ll_${b.role}_ab12SECRETSECRETSECRET` });
  }
  if (url.pathname.startsWith('/v1/admin/tokens/') && method === 'DELETE') {
    if (headers['x-csrf-token'] !== s.session.csrf) return err(403, 'forbidden');
    const t = s.tokens.find((x) => x.id === url.pathname.split('/').pop());
    if (t) t.revokedAt = '2026-11-30T09:00:00Z';
    return new Response(null, { status: 204 });
  }
  if (url.pathname === '/v1/admin/settings') return json(200, { k: 5, minK: 5 });
  return err(404, 'not_found');
}

let mounted: Mounted;
let host: HTMLElement;
beforeEach(() => {
  calls = [];
  server = {
    session: null,
    validToken: 'll_lead_goodtoken',
    tree: ACME_TREE,
    reports: { acme: { ...partlySuppressed(), team: 'acme' }, 'acme/sales': partlySuppressed(), 'acme/tiny': fullySuppressed(), other: 403 },
    tokens: [],
  };
  vi.stubGlobal('fetch', vi.fn(route));
  localStorage.clear();
  location.hash = '';
});
afterEach(async () => {
  await mounted.unmount();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function render() {
  mounted = await mount(createElement(App));
  host = mounted.host;
  await settle(8);
}
const $ = <T extends Element = HTMLElement>(sel: string) => host.querySelector<T>(sel);
async function signInWith(token: string) {
  const input = $<HTMLInputElement>('#token')!;
  input.value = token;
  await act(async () => input.form!.requestSubmit());
  await settle(8);
}
async function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  await act(async () => select.dispatchEvent(new Event('change', { bubbles: true })));
  await settle(8);
}
async function click(el: Element | null) {
  await act(async () => (el as HTMLElement).click());
  await settle(8);
}

describe('signing in', () => {
  it('exchanges the token once, in a POST body, and keeps it nowhere', async () => {
    await render();
    expect($('h1')!.textContent).toBe('Sign in');
    await signInWith('ll_lead_goodtoken');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe('/v1/session');
    expect(JSON.parse(post.body!)).toEqual({ token: 'll_lead_goodtoken' });
    expect(calls.filter((c) => c.path.includes('goodtoken'))).toEqual([]);
    expect(JSON.stringify({ ...localStorage })).not.toContain('goodtoken');
    expect(location.href).not.toContain('goodtoken');
    expect($('[data-testid="report"] h1')!.textContent).toBe('Team acme');
  });
  it('a refused token says what to do', async () => {
    await render();
    await signInWith('ll_lead_wrong');
    expect($('[data-testid="signin-error"]')!.textContent).toBe(MESSAGES.en.error401);
    expect($('#token')!.getAttribute('aria-invalid')).toBe('true');
  });
  it('too many attempts: says how long to wait, from Retry-After', async () => {
    server.signInStatus = 429;
    server.retryAfter = '120';
    await render();
    await signInWith('ll_lead_x');
    expect($('[data-testid="signin-error"]')!.textContent).toBe('Too many failed sign-ins from this address. Try again in 2 minutes.');
  });
  it('an enrolment token is explained without being sent', async () => {
    await render();
    await signInWith('ll_enroll_abc');
    expect($('[data-testid="signin-error"]')!.textContent).toBe(MESSAGES.en.tokenIsEnroll);
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
  it('an existing session goes straight to the report', async () => {
    server.session = LEAD;
    await render();
    expect($('[data-testid="report"]')).not.toBeNull();
  });
  it('sign-out ends the session on the server with the CSRF token', async () => {
    server.session = LEAD;
    await render();
    await click($('[data-testid="sign-out"]'));
    expect(calls.find((c) => c.method === 'DELETE')).toMatchObject({ path: '/v1/session', headers: { 'x-csrf-token': 'csrf-123' } });
    expect(server.session).toBeNull();
    expect($('h1')!.textContent).toBe('Sign in');
    expect(host.textContent).toContain(MESSAGES.en.signedOut);
  });
  it('a session that ends meanwhile leads back to sign-in, saying why', async () => {
    server.session = LEAD;
    await render();
    server.session = null;
    await choose($<HTMLSelectElement>('[data-testid="weeks-picker"]')!, '52');
    expect($('h1')!.textContent).toBe('Sign in');
    expect(host.textContent).toContain(MESSAGES.en.sessionEnded);
  });
});

describe('the report page', () => {
  beforeEach(() => {
    server.session = LEAD;
  });
  it('picks teams from the tree and asks for 52 weeks on request', async () => {
    await render();
    const picker = $<HTMLSelectElement>('[data-testid="team-picker"]')!;
    expect([...picker.options].map((o) => o.value)).toEqual(ACME_TREE.teams.map((t) => t.path));
    await choose(picker, 'acme/tiny');
    expect($('[data-testid="team-status"]')!.textContent).toContain('fewer than 5 members');
    await choose($<HTMLSelectElement>('[data-testid="weeks-picker"]')!, '52');
    expect(calls.map((c) => c.path)).toContain('/v1/report?team=acme%2Ftiny&weeks=52');
  });
  it('a team outside the scope is refused with the reason', async () => {
    server.tree = { ...ACME_TREE, teams: [...ACME_TREE.teams, { path: 'other', depth: 1 }] };
    await render();
    await choose($<HTMLSelectElement>('[data-testid="team-picker"]')!, 'other');
    expect($('[data-testid="error"]')!.textContent).toBe(MESSAGES.en.forbidden);
    expect($('[data-testid="report"]')).toBeNull();
  });
  it('downloads the CSV built from the tables on screen', async () => {
    await render();
    let saved: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      saved = b as Blob;
      return 'blob:x';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('leadline-acme-sales-2026-W47-12w.csv');
    });
    await choose($<HTMLSelectElement>('[data-testid="team-picker"]')!, 'acme/sales');
    await click($('[data-testid="download-csv"]'));
    expect(clicked).toHaveBeenCalledOnce();
    const csv = await saved!.text();
    expect(csv).toContain('acme/sales,2026-W47,levels,power,members,4,');
    expect(csv).toContain('acme/sales,2026-W47,children,acme/sales/apac,members,,below_k');
  });
  it('switches to Georgian and back', async () => {
    await render();
    await choose($<HTMLSelectElement>('[data-testid="language"]')!, 'ka');
    expect(document.documentElement.lang).toBe('ka');
    expect($('#levels h2')!.textContent).toBe(MESSAGES.ka.levelsTitle);
    await choose($<HTMLSelectElement>('[data-testid="language"]')!, 'en');
    expect($('#levels h2')!.textContent).toBe(MESSAGES.en.levelsTitle);
  });
});

describe('a brand-new collector', () => {
  it('with no team yet: the policy snippet with this collector’s origin, and what to wait for', async () => {
    server.session = LEAD;
    server.tree = { ...ACME_TREE, teams: [] };
    await render();
    expect($('[data-testid="empty-state"] h1')!.textContent).toBe(MESSAGES.en.emptyTitle);
    expect(JSON.parse($('[data-testid="policy-snippet"]')!.textContent!)).toMatchObject({ syncEnabled: true, collectorUrl: location.origin });
    expect(host.textContent).toContain(MESSAGES.en.emptyStep2);
  });
  it('with weeks in which nobody reported', async () => {
    server.session = LEAD;
    server.reports.acme = emptyReport();
    await render();
    expect($('[data-testid="empty-state"]')).not.toBeNull();
  });
});

describe('administration', () => {
  beforeEach(() => {
    server.session = ADMIN;
    location.hash = '#admin';
  });
  it('creates a token, shows it once, and revokes it with the CSRF token', async () => {
    vi.stubGlobal('confirm', vi.fn(() => true));
    await render();
    expect($('[data-testid="admin-k"]')!.textContent).toBe(MESSAGES.en.kValue(5, 5));
    expect($('[data-testid="team-tree"]')!.textContent).toContain('acme/sales/emea');
    const form = $('[data-testid="admin"] form') as HTMLFormElement;
    await choose(form.querySelector('select')!, 'enroll');
    const team = form.querySelector('input')!;
    // React tracks the value it last set: set it the way typing does, through the native setter.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(team, 'acme/sales');
    await act(async () => team.dispatchEvent(new Event('input', { bubbles: true })));
    await act(async () => form.requestSubmit());
    await settle(8);
    const post = calls.find((c) => c.method === 'POST' && c.path === '/v1/admin/tokens')!;
    expect(post.headers['x-csrf-token']).toBe('csrf-123');
    expect(JSON.parse(post.body!)).toEqual({ role: 'enroll', team: 'acme/sales' });
    expect($<HTMLInputElement>('[data-testid="new-token"] input')!.value).toBe('ll_enroll_ab12SECRETSECRETSECRET');
    await click([...host.querySelectorAll('[data-testid="new-token"] button')].pop()!);
    expect($('[data-testid="new-token"]')).toBeNull();
    expect(host.textContent).not.toContain('SECRET');
    await click($('[data-testid="tokens"] button'));
    expect(calls.find((c) => c.method === 'DELETE')).toMatchObject({ path: '/v1/admin/tokens/t1', headers: { 'x-csrf-token': 'csrf-123' } });
    expect($('[data-testid="tokens"]')!.textContent).toContain('Revoked');
  });
  it('a lead is not offered the admin page', async () => {
    server.session = LEAD;
    await render();
    expect(host.querySelector('a[href="#admin"]')).toBeNull();
    expect(host.textContent).toContain(MESSAGES.en.adminOnly);
  });
});
