/**
 * The collector's HTTP interface, run against embedded PGlite and the real
 * PostgreSQL: status codes, the error envelope, all-or-nothing ingest, scopes,
 * the week window, CORS, sessions, the admin API and 503 with the database down.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, IngestResult, MAX_BODY_BYTES, MAX_SNAPSHOTS_PER_BATCH } from '../contract/sync';
import { TeamReport, TeamTree } from '../contract/report';
import { FEATURES } from '../contract/events';
import { createApp } from './app';
import { loadAggregates } from './report-data';
import { ENGINES, type Harness, NOW, harness, hex, snapshot, wire } from './testkit';

let n = 0;
/** A fresh org per test, so tests share one database without seeing each other. */
const org = () => `org${++n}-${hex(3)}`;

async function count(h: Harness, org: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM snapshots WHERE team = ${org} OR team LIKE ${`${org}/%`}`.execute(h.store.db);
  return r.rows[0]!.n;
}
async function errorOf(res: Response) {
  const body = await res.json();
  return ErrorBody.parse(body).error;
}

describe.each(ENGINES)('collector API on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(engine);
  });
  afterAll(async () => h?.drop());

  it('answers /healthz and publishes OpenAPI 3.1 generated from the routes', async () => {
    const health = await h.app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: 'up' });
    const doc = (await (await h.app.request('/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/v1/snapshots', '/v1/snapshots/{pseudonym}', '/v1/teams', '/v1/report', '/v1/report.csv', '/v1/session', '/v1/admin/tokens', '/v1/admin/tokens/{id}', '/v1/admin/settings', '/healthz']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    expect(Object.keys(doc.paths['/v1/snapshots']!.post!.responses).sort()).toEqual(['200', '400', '401', '403', '409', '413', '415', '429', '503']);
  });

  it('writes a batch, and a resend replaces instead of adding', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    const batch = { snapshots: [snapshot({ team: `${o}/a` }), snapshot({ team: `${o}/b` })].map(wire) };
    const first = await h.post(enroll, batch);
    expect(first.status).toBe(200);
    expect(IngestResult.parse(await first.json())).toEqual({ accepted: 2, new: 2, replaced: 0 });
    const rowsBefore = await h.store.db.selectFrom('snapshots').selectAll().where('team', 'like', `${o}/%`).orderBy('pseudonym').execute();
    const again = await h.post(enroll, batch);
    expect(await again.json()).toEqual({ accepted: 2, new: 0, replaced: 2 });
    const rowsAfter = await h.store.db.selectFrom('snapshots').selectAll().where('team', 'like', `${o}/%`).orderBy('pseudonym').execute();
    expect(rowsAfter).toEqual(rowsBefore);
    // A changed resend replaces the values.
    const changed = { snapshots: [{ ...batch.snapshots[0]!, level: 'power' as const }] };
    expect(await (await h.post(enroll, changed)).json()).toEqual({ accepted: 1, new: 0, replaced: 1 });
    expect(await count(h, o)).toBe(2);
    const row = await h.store.db.selectFrom('snapshots').select('level').where('pseudonym', '=', batch.snapshots[0]!.pseudonym).executeTakeFirstOrThrow();
    expect(row.level).toBe(4);
    // Teams appear with their data, ancestors included.
    const lead = await h.token('lead', o);
    const tree = TeamTree.parse(await (await h.get(lead, '/v1/teams')).json());
    expect(tree).toEqual({ k: 5, scope: o, teams: [{ path: o, depth: 1 }, { path: `${o}/a`, depth: 2 }, { path: `${o}/b`, depth: 2 }] });
  });

  it('refuses an invalid batch whole, naming indexes and paths but never values', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    const canary = 'CANARY-VALUE-x7';
    const good = wire(snapshot({ team: o }));
    const bad = { ...wire(snapshot({ team: o })), level: canary, extra: 1 };
    const res = await h.post(enroll, { snapshots: [good, bad, { ...good, pseudonym: 'ZZ' }] });
    expect(res.status).toBe(400);
    const text = await res.clone().text();
    expect(text).not.toContain(canary);
    const err = await errorOf(res);
    expect(err.code).toBe('invalid_request');
    expect(err.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: ['level'] }),
        expect.objectContaining({ index: 1, path: ['extra'], code: 'unrecognized_keys' }),
        expect.objectContaining({ index: 2, path: ['pseudonym'] }),
      ]),
    );
    expect(await count(h, o)).toBe(0);
  });

  it('refuses __proto__, unknown top-level keys, malformed JSON, an empty batch and more than 100', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    const s = JSON.stringify(wire(snapshot({ team: o })));
    const proto = await h.post(enroll, `{"snapshots":[${s.slice(0, -1)},"__proto__":{"admin":true}}]}`);
    expect(proto.status).toBe(400);
    expect((await errorOf(proto)).issues).toEqual([expect.objectContaining({ index: 0, path: ['__proto__'] })]);
    expect((await h.post(enroll, `{"snapshots":[${s}],"more":1}`)).status).toBe(400);
    expect((await h.post(enroll, '{"snapshots":[')).status).toBe(400);
    expect((await h.post(enroll, { snapshots: [] })).status).toBe(400);
    const many = Array.from({ length: MAX_SNAPSHOTS_PER_BATCH + 1 }, () => wire(snapshot({ team: o })));
    const tooMany = await h.post(enroll, { snapshots: many });
    expect(tooMany.status).toBe(400);
    expect((await errorOf(tooMany)).issues?.[0]?.path).toEqual(['snapshots']);
    expect(await count(h, o)).toBe(0);
  });

  it('keeps every token to its scope and role', async () => {
    const o = org();
    const sales = await h.token('enroll', `${o}/sales`);
    // Enroll for acme/sales cannot write to acme/engineering, and nothing of the batch is written.
    const mixed = await h.post(sales, { snapshots: [wire(snapshot({ team: `${o}/sales` })), wire(snapshot({ team: `${o}/engineering` }))] });
    expect(mixed.status).toBe(403);
    expect((await errorOf(mixed)).issues).toEqual([expect.objectContaining({ index: 1, path: ['team'] })]);
    expect(await count(h, o)).toBe(0);
    // acme/sales-east is not inside acme/sales.
    expect((await h.post(sales, { snapshots: [wire(snapshot({ team: `${o}/sales-east` }))] })).status).toBe(403);
    const eng = await h.token('enroll', `${o}/engineering`);
    expect((await h.post(eng, { snapshots: [wire(snapshot({ team: `${o}/engineering/platform` }))] })).status).toBe(200);
    expect((await h.post(sales, { snapshots: [wire(snapshot({ team: `${o}/sales` }))] })).status).toBe(200);

    const lead = await h.token('lead', `${o}/sales`);
    expect((await h.get(lead, `/v1/report?team=${o}/sales`)).status).toBe(200);
    // Outside the scope: 403, whether the team exists or not.
    const existing = await h.get(lead, `/v1/report?team=${o}/engineering`);
    const missing = await h.get(lead, `/v1/report?team=${o}/nowhere`);
    expect([existing.status, missing.status]).toEqual([403, 403]);
    expect(await existing.json()).toEqual(await missing.json());
    expect((await h.get(lead, `/v1/report?team=${o}`)).status).toBe(403);
    // Inside the scope but unknown: 404.
    expect((await h.get(lead, `/v1/report?team=${o}/sales/nowhere`)).status).toBe(404);
    // An enroll token cannot read; a lead cannot write or administer.
    expect((await h.get(sales, `/v1/report?team=${o}/sales`)).status).toBe(403);
    expect((await h.get(sales, '/v1/teams')).status).toBe(403);
    expect((await h.post(lead, { snapshots: [wire(snapshot({ team: `${o}/sales` }))] })).status).toBe(403);
    expect((await h.get(lead, '/v1/admin/tokens')).status).toBe(403);
    // Revoked, unknown or missing: 401.
    const admin = await h.token('admin', null);
    const list = (await (await h.get(admin, '/v1/admin/tokens')).json()) as { tokens: { id: string; team: string | null; role: string }[] };
    const leadId = list.tokens.find((t) => t.team === `${o}/sales` && t.role === 'lead')!.id;
    expect((await h.app.request(`/v1/admin/tokens/${leadId}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).status).toBe(204);
    const revoked = await h.get(lead, `/v1/report?team=${o}/sales`);
    expect(revoked.status).toBe(401);
    expect((await errorOf(revoked)).code).toBe('unauthorized');
    expect((await h.get(`ll_lead_${'x'.repeat(32)}`, '/v1/teams')).status).toBe(401);
    expect((await h.app.request('/v1/teams')).status).toBe(401);
    expect((await h.post('nonsense', { snapshots: [] })).status).toBe(401);
  });

  it('refuses a pseudonym already used for another team, writing nothing', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    const first = snapshot({ team: `${o}/a` });
    expect((await h.post(enroll, { snapshots: [wire(first)] })).status).toBe(200);
    const reuse = await h.post(enroll, { snapshots: [wire(snapshot({ team: `${o}/b` })), wire({ ...first, team: `${o}/b`, week: '2026-W47' })] });
    expect(reuse.status).toBe(409);
    expect((await errorOf(reuse)).issues).toEqual([expect.objectContaining({ index: 1, path: ['pseudonym'] })]);
    // Within one batch too.
    const twin = snapshot({ team: `${o}/a` });
    expect((await h.post(enroll, { snapshots: [wire(twin), wire({ ...twin, team: `${o}/c` })] })).status).toBe(409);
    // A resend with another withdrawal hash cannot overwrite a member's snapshot.
    expect((await h.post(enroll, { snapshots: [wire({ ...first, withdrawalHash: hex(32) })] })).status).toBe(409);
    expect(await count(h, o)).toBe(1);
  });

  it('accepts a week from the end of its Sunday in UTC+14 until it closes', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    // NOW is Wednesday of 2026-W49: not complete anywhere.
    const early = await h.post(enroll, { snapshots: [wire(snapshot({ team: o })), wire(snapshot({ team: o, week: '2026-W49' }))] });
    expect(early.status).toBe(400);
    const err = await errorOf(early);
    expect(err.code).toBe('week_not_complete');
    expect(err.issues).toEqual([expect.objectContaining({ index: 1, path: ['week'] })]);
    // 2026-W46 ended everywhere on Monday 16 Nov 12:00 UTC and closed 14 days later.
    const late = await h.post(enroll, { snapshots: [wire(snapshot({ team: o, week: '2026-W46' }))] });
    expect(late.status).toBe(400);
    expect((await errorOf(late)).code).toBe('week_closed');
    expect((await h.post(enroll, { snapshots: [wire(snapshot({ team: o, week: '2026-W47' }))] })).status).toBe(200);
    // Sunday 6 December 10:00 UTC is Monday 00:00 in UTC+14: W49 becomes acceptable.
    const saved = h.clock.now;
    h.clock.now = Date.parse('2026-12-06T09:59:59Z');
    expect((await h.post(enroll, { snapshots: [wire(snapshot({ team: o, week: '2026-W49' }))] })).status).toBe(400);
    h.clock.now = Date.parse('2026-12-06T10:00:00Z');
    expect((await h.post(enroll, { snapshots: [wire(snapshot({ team: o, week: '2026-W49' }))] })).status).toBe(200);
    h.clock.now = saved;
  });

  it('answers 415 without JSON, 413 above 256 KiB (chunked too), and fits 100 full snapshots well inside', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    const body = JSON.stringify({ snapshots: [wire(snapshot({ team: o }))] });
    const noType = await h.app.request('/v1/snapshots', { method: 'POST', headers: { authorization: `Bearer ${enroll}` }, body });
    expect(noType.status).toBe(415);
    expect((await errorOf(noType)).code).toBe('unsupported_media_type');
    expect((await h.post(enroll, body, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await h.post(enroll, body, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);

    const huge = JSON.stringify({ snapshots: [{ pad: 'x'.repeat(MAX_BODY_BYTES) }] });
    const big = await h.post(enroll, huge);
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe('payload_too_large');
    const bytes = new TextEncoder().encode(huge);
    const stream = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < bytes.length; i += 16_384) ctl.enqueue(bytes.subarray(i, i + 16_384));
        ctl.close();
      },
    });
    const chunked = await h.app.request('/v1/snapshots', {
      method: 'POST',
      headers: { authorization: `Bearer ${enroll}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);

    // 100 snapshots with every list full, the longest values everywhere.
    const tools = Array.from({ length: 32 }, (_, i) => `tool-${String(i).padStart(2, '0')}-${'x'.repeat(23)}`);
    const full = Array.from({ length: MAX_SNAPSHOTS_PER_BATCH }, () =>
      wire(snapshot({ team: `${o}/${'d'.repeat(40)}/${'e'.repeat(40)}/${'f'.repeat(40)}/${'g'.repeat(40)}/${'h'.repeat(40)}`.slice(0, 246), tools, features: [...FEATURES], extensionVersion: '9999.9999' })),
    );
    const fullBody = JSON.stringify({ snapshots: full });
    // The worst case (every list full, every string at its longest) uses about 70 % of the limit; real ids are far shorter.
    expect(new TextEncoder().encode(fullBody).length).toBeLessThan(MAX_BODY_BYTES * 0.75);
    const ok = await h.post(enroll, fullBody);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as IngestResult).new).toBe(100);
  });

  it('answers CORS for ingest and withdrawal only, without credentials', async () => {
    const pre = await h.app.request('/v1/snapshots', {
      method: 'OPTIONS',
      headers: { origin: 'chrome-extension://abc', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/).sort()).toEqual(['authorization', 'content-type']);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const del = await h.app.request(`/v1/snapshots/${hex(16)}`, { method: 'OPTIONS', headers: { origin: 'https://x.example', 'access-control-request-method': 'DELETE' } });
    expect(del.headers.get('access-control-allow-methods')).toContain('DELETE');
    // An error from ingest still carries CORS, so the extension can read it.
    const unauth = await h.app.request('/v1/snapshots', { method: 'POST', headers: { origin: 'https://x.example' } });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('access-control-allow-origin')).toBe('*');
    const lead = await h.token('lead', org());
    for (const url of ['/v1/report?team=a', '/v1/teams', '/v1/report.csv?team=a', '/v1/admin/tokens', '/v1/session']) {
      const r = await h.app.request(url, { headers: { origin: 'https://evil.example', authorization: `Bearer ${lead}` } });
      expect(r.headers.get('access-control-allow-origin'), url).toBeNull();
      const p = await h.app.request(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
      expect(p.headers.get('access-control-allow-origin'), url).toBeNull();
    }
  });

  it('withdraws a snapshot with its secret while the week is open', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    const s = snapshot({ team: o });
    const closedWeek = snapshot({ team: o, week: '2026-W47' });
    await h.post(enroll, { snapshots: [wire(s), wire(closedWeek)] });
    const del = (pseudonym: string, secret?: string) =>
      h.app.request(`/v1/snapshots/${pseudonym}`, { method: 'DELETE', headers: secret === undefined ? {} : { authorization: `Bearer ${secret}` } });
    expect((await del(s.pseudonym)).status).toBe(401);
    expect((await del(s.pseudonym, 'short')).status).toBe(401);
    expect((await del(s.pseudonym, hex(32))).status).toBe(404);
    expect((await del('not-a-pseudonym', s.secret)).status).toBe(400);
    const ok = await del(s.pseudonym, s.secret);
    expect(ok.status).toBe(204);
    expect(await count(h, o)).toBe(1);
    expect((await del(s.pseudonym, s.secret)).status).toBe(404);
    // W47 closes on 7 December at noon UTC.
    const saved = h.clock.now;
    h.clock.now = Date.parse('2026-12-07T12:00:00Z');
    const closed = await del(closedWeek.pseudonym, closedWeek.secret);
    expect(closed.status).toBe(400);
    expect((await errorOf(closed)).code).toBe('week_closed');
    h.clock.now = saved;
  });

  it('serves reports through buildReport: default and bounded weeks, suppressed when there is no data, CSV', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    await h.post(enroll, { snapshots: Array.from({ length: 6 }, () => wire(snapshot({ team: `${o}/a` }))) });
    const admin = await h.token('admin', null);
    await h.post(enroll, { snapshots: [wire(snapshot({ team: `${o}/empty` }))] });
    await h.store.db.deleteFrom('snapshots').where('team', '=', `${o}/empty`).execute();
    const lead = await h.token('lead', o);
    const res = await h.get(lead, `/v1/report?team=${o}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const report = TeamReport.parse(await res.json());
    expect(report.weeks.map((w) => w.week)).toHaveLength(12);
    expect(report.latestWeek).toBe('2026-W48');
    expect(report.weeks.at(-1)!.status).toBe('open');
    expect(report.weeks.find((w) => w.week === '2026-W46')!.status).toBe('closed');
    const empty = TeamReport.parse(await (await h.get(lead, `/v1/report?team=${o}/empty`)).json());
    expect(empty.weeks.every((w) => w.headline.members.value === null)).toBe(true);
    expect(TeamReport.parse(await (await h.get(admin, `/v1/report?team=${o}&weeks=52`)).json()).weeks).toHaveLength(52);
    expect(TeamReport.parse(await (await h.get(lead, `/v1/report?weeks=1`)).json()).team).toBe(o);
    for (const bad of [`team=${o}&weeks=53`, `team=${o}&weeks=0`, `team=${o}&weeks=x`, 'team=-bad', 'team=A', `team=${o}&other=1`]) {
      const r = await h.get(lead, `/v1/report?${bad}`);
      expect(r.status, bad).toBe(400);
    }
    const csv = await h.get(lead, `/v1/report.csv?team=${o}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n').length).toBeGreaterThan(12);
  });

  it('runs dashboard sessions with an HttpOnly cookie, CSRF on changes, and slow counted failures', async () => {
    const o = org();
    const lead = await h.token('lead', o);
    const sign = (token: string) => h.app.request('/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const res = await sign(lead);
    expect(res.status).toBe(200);
    const info = (await res.json()) as { role: string; scope: string; csrf: string; expiresAt: string };
    expect(info).toMatchObject({ role: 'lead', scope: o });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/ll_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Max-Age=28800/);
    expect(setCookie).toMatch(/Path=\//);
    const cookie = setCookie.split(';')[0]!;
    expect(await (await h.app.request('/v1/session', { headers: { cookie } })).json()).toEqual(info);
    expect((await h.app.request('/v1/teams', { headers: { cookie } })).status).toBe(200);
    expect((await h.app.request('/v1/session', { method: 'DELETE', headers: { cookie } })).status).toBe(403);
    expect((await h.app.request('/v1/session', { method: 'DELETE', headers: { cookie, 'x-csrf-token': info.csrf } })).status).toBe(204);
    expect((await h.app.request('/v1/session', { headers: { cookie } })).status).toBe(401);
    expect((await h.app.request('/v1/teams', { headers: { cookie } })).status).toBe(401);

    // Admin sessions need the CSRF header to change anything.
    const admin = await h.token('admin', null);
    const a = await sign(admin);
    const aCookie = a.headers.get('set-cookie')!.split(';')[0]!;
    const { csrf } = (await a.json()) as { csrf: string };
    const create = (headers: Record<string, string>) =>
      h.app.request('/v1/admin/tokens', { method: 'POST', headers: { cookie: aCookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ role: 'lead', team: o }) });
    expect((await create({})).status).toBe(403);
    expect((await create({ 'x-csrf-token': csrf })).status).toBe(201);
    // An enroll token cannot sign in.
    expect((await sign(await h.token('enroll', o))).status).toBe(403);

    // Bad tokens: 401 after a delay, and 429 after ten failures.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await sign(`ll_lead_${hex(16)}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const blocked = await sign(`ll_lead_${hex(16)}`);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('administers tokens and k; k never goes below the start value', async () => {
    const admin = await h.token('admin', null);
    const req = (method: string, url: string, body?: unknown) =>
      h.app.request(url, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const o = org();
    const created = await req('POST', '/v1/admin/tokens', { role: 'enroll', team: o });
    expect(created.status).toBe(201);
    const t = (await created.json()) as { id: string; role: string; team: string; token: string };
    expect(t.token.startsWith('ll_enroll_')).toBe(true);
    expect((await req('POST', '/v1/admin/tokens', { role: 'lead' })).status).toBe(400);
    expect((await req('POST', '/v1/admin/tokens', { role: 'root', team: o })).status).toBe(400);
    expect((await req('POST', '/v1/admin/tokens', { role: 'lead', team: o, __proto__: 1 })).status).toBe(201);
    const list = (await (await req('GET', '/v1/admin/tokens')).json()) as { tokens: Record<string, unknown>[] };
    const mine = list.tokens.find((x) => x.id === t.id)!;
    expect(Object.keys(mine).sort()).toEqual(['createdAt', 'id', 'prefix', 'revokedAt', 'role', 'team']);
    expect(JSON.stringify(list)).not.toContain(t.token);
    expect(t.token.startsWith(mine.prefix as string)).toBe(true);
    // Stored only as a hash.
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tokens WHERE hash = ${t.token} OR prefix = ${t.token}`.execute(h.store.db);
    expect(stored.rows[0]!.n).toBe(0);
    expect((await req('DELETE', '/v1/admin/tokens/ffffffffffffffff')).status).toBe(404);

    expect(await (await req('GET', '/v1/admin/settings')).json()).toEqual({ k: 5, minK: 5 });
    expect((await req('PUT', '/v1/admin/settings', { k: 4 })).status).toBe(400);
    expect(await (await req('PUT', '/v1/admin/settings', { k: 7 })).json()).toEqual({ k: 7 });
    expect(await (await req('GET', '/v1/admin/settings')).json()).toEqual({ k: 7, minK: 5 });
    expect(TeamTree.parse(await (await h.get(admin, '/v1/teams')).json()).k).toBe(7);
    // A collector started with MIN_GROUP_SIZE=9 applies the larger value.
    const strict = createApp({ store: h.store, minGroupSize: 9, rateLimitPerMinute: 1000, weekOpenDays: 14, now: () => NOW, log: () => {}, dashboardDir: undefined, badTokenDelayMs: 1 });
    expect(await (await strict.request('/v1/admin/settings', { headers: { authorization: `Bearer ${admin}` } })).json()).toEqual({ k: 9, minK: 9 });
    expect(await (await req('PUT', '/v1/admin/settings', { k: 5 })).json()).toEqual({ k: 5 });
  });

  it('limits requests per token with 429 and Retry-After', async () => {
    const limited = createApp({ store: h.store, minGroupSize: 5, rateLimitPerMinute: 3, weekOpenDays: 14, now: () => NOW, log: () => {}, dashboardDir: undefined, badTokenDelayMs: 1 });
    const o = org();
    const a = await h.token('lead', o);
    const b = await h.token('lead', o);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.request('/v1/teams', { headers: { authorization: `Bearer ${a}` } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await limited.request('/v1/teams', { headers: { authorization: `Bearer ${a}` } });
    expect((await errorOf(res)).code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another token has its own allowance.
    expect((await limited.request('/v1/teams', { headers: { authorization: `Bearer ${b}` } })).status).toBe(200);
  });

  it('loses and duplicates nothing with 50 clients sending at once', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    const batches = Array.from({ length: 50 }, (_, i) => ({ snapshots: Array.from({ length: 4 }, () => wire(snapshot({ team: `${o}/t${i % 5}` }))) }));
    const results = await Promise.all(batches.map(async (b) => (await h.post(enroll, b)).json() as Promise<IngestResult>));
    expect(results.reduce((s, r) => s + r.new, 0)).toBe(200);
    const again = await Promise.all(batches.map(async (b) => (await h.post(enroll, b)).json() as Promise<IngestResult>));
    expect(again.reduce((s, r) => s + r.replaced, 0)).toBe(200);
    expect(await count(h, o)).toBe(200);
    const distinct = await sql<{ n: number }>`SELECT count(DISTINCT pseudonym)::int AS n FROM snapshots WHERE team LIKE ${`${o}/%`}`.execute(h.store.db);
    expect(distinct.rows[0]!.n).toBe(200);
  });

  it('logs one JSON line per request with the route pattern, and no values or tokens', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    const s = snapshot({ team: o });
    h.logs.length = 0;
    await h.post(enroll, { snapshots: [wire(s)] });
    await h.app.request(`/v1/snapshots/${s.pseudonym}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.secret}` } });
    expect(h.logs).toEqual([
      expect.objectContaining({ method: 'POST', route: '/v1/snapshots', status: 200 }),
      expect.objectContaining({ method: 'DELETE', route: '/v1/snapshots/:pseudonym', status: 204 }),
    ]);
    const text = JSON.stringify(h.logs);
    for (const secret of [enroll, s.pseudonym, s.secret, o]) expect(text).not.toContain(secret);
  });

  it('reads aggregates in the report’s shape for the subtree, open and closed weeks alike', async () => {
    const o = org();
    const enroll = await h.token('enroll', o);
    await h.post(enroll, { snapshots: [wire(snapshot({ team: `${o}/a`, tools: ['chatgpt'], features: [] })), wire(snapshot({ team: `${o}/a/x`, level: 'power', activeDays: 7 }))] });
    const aggs = await loadAggregates(h.store.db, `${o}/a`, ['2026-W47', '2026-W48']);
    const byTeam = Object.fromEntries(aggs.map((a) => [a.team, a]));
    expect(Object.keys(byTeam).sort()).toEqual([`${o}/a`, `${o}/a/x`]);
    expect(byTeam[`${o}/a`]).toMatchObject({ week: '2026-W48', contributors: 1, tools: { chatgpt: 1 }, features: {}, levels: { habitual: 1, power: 0 } });
    expect(byTeam[`${o}/a/x`]!.activeDays).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(byTeam[`${o}/a/x`]!.dimensions.habit).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(byTeam[`${o}/a/x`]!.dimensions.intensity).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  // Last: it takes the database away.
  it('answers 503 when the database is down, so clients retry', async () => {
    const enroll = await h.token('enroll', 'down');
    const admin = await h.token('admin', null);
    await h.store.close();
    const health = await h.app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, database: 'down' });
    const post = await h.post(enroll, { snapshots: [wire(snapshot({ team: 'down' }))] });
    expect(post.status).toBe(503);
    expect((await errorOf(post)).code).toBe('unavailable');
    expect((await h.get(admin, '/v1/teams')).status).toBe(503);
  });
});
