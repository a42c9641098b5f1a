import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemberSnapshot } from '../contract/sync';
import { weekAcceptedFrom, weekClosesAt } from '../contract/week';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, MIN_DELAY_MS, backoffDelay, parseRetryAfter } from './backoff';
import { classifyResponse, networkFailure, type Outcome } from './errors';
import { newWeekIdentity } from './identity';
import {
  EMPTY_STATE,
  applyOutcome,
  firstWeekOnEnable,
  markSent,
  planSync,
  stillBlocked,
  withdrawable,
  type Destination,
  type SyncState,
  type SyncWeekRow,
} from './queue';

const TODAY = '2025-03-12'; // Wednesday of 2025-W11
const NOW = Date.UTC(2025, 2, 12, 12);
const DEST: Destination = { url: 'https://collector.example', team: 'acme/sales' };
const ENABLED: SyncState = { ...EMPTY_STATE, firstWeek: firstWeekOnEnable(TODAY) };

function plan(rows: SyncWeekRow[], over: Partial<Parameters<typeof planSync>[0]> = {}) {
  return planSync({ rows, state: ENABLED, destination: DEST, now: NOW, today: TODAY, blocked: false, newIdentity: newWeekIdentity, ...over });
}

/** Applies a plan's writes to a row list, as the platform does. */
function merge(rows: SyncWeekRow[], updates: SyncWeekRow[]): SyncWeekRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const u of updates) byId.set(u.id, u);
  return [...byId.values()];
}

const fakeSnapshot = (r: SyncWeekRow) => ({ week: r.week, pseudonym: r.pseudonym }) as unknown as MemberSnapshot;

describe('planSync', () => {
  it('on the first enable sends the week just completed, never older ones, and prepares the current week without sending it', async () => {
    expect(ENABLED.firstWeek).toBe('2025-W10');
    const p = await plan([]);
    expect(p.upserts.map((r) => r.week)).toEqual(['2025-W10', '2025-W11']);
    expect(p.due.map((r) => r.week)).toEqual(['2025-W10']);
    expect(p.upserts.every((r) => r.destination.url === DEST.url && r.destination.team === DEST.team && r.status === 'pending')).toBe(true);
  });

  it('gives every week its own pseudonym and withdrawal secret, and keeps them on a resend within the week', async () => {
    let rows = merge([], (await plan([])).upserts);
    const [w10, w11] = rows;
    expect(w10!.pseudonym).toMatch(/^[0-9a-f]{32}$/);
    expect(w10!.withdrawalSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(w10!.pseudonym).not.toBe(w11!.pseudonym);
    expect(w10!.withdrawalSecret).not.toBe(w11!.withdrawalSecret);
    // A network failure, then the retry: the same row, the same pseudonym.
    const sent = markSent([w10!], [fakeSnapshot(w10!)], NOW);
    rows = merge(rows, applyOutcome(sent, networkFailure(NOW), ENABLED, 'fp', NOW, () => 0).rows);
    const later = await plan(rows, { now: NOW + BACKOFF_CAP_MS });
    expect(later.upserts).toEqual([]);
    expect(later.due.map((r) => [r.week, r.pseudonym, r.withdrawalHash])).toEqual([[w10!.week, w10!.pseudonym, w10!.withdrawalHash]]);
  });

  it('a resend replaces: with acknowledgements lost at random, the collector ends with one snapshot per week', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (lostAcks) => {
        const collector = new Map<string, string>(); // pseudonym → week, as the collector keys them: a POST for a known pseudonym replaces
        let rows: SyncWeekRow[] = [];
        let state = ENABLED;
        let now = NOW;
        for (const lost of [...lostAcks, false]) {
          const p = await plan(rows, { state, now });
          rows = merge(rows, p.upserts);
          if (p.due.length === 0) break;
          const going = markSent(p.due, p.due.map(fakeSnapshot), now);
          rows = merge(rows, going);
          // The collector stores every POST; only the acknowledgement may be lost on the way back.
          for (const r of going) collector.set(r.pseudonym, r.week);
          const outcome: Outcome = lost ? networkFailure(now) : { kind: 'ok', result: null };
          const applied = applyOutcome(going, outcome, state, 'fp', now, () => 1);
          rows = merge(rows, applied.rows);
          state = applied.state;
          now += BACKOFF_CAP_MS + 1;
        }
        expect([...collector.values()]).toEqual(['2025-W10']);
        expect(rows.find((r) => r.week === '2025-W10')?.status).toBe('acknowledged');
      }),
      { numRuns: 30 },
    );
  });

  it('a worker stopped after the send (row left "sent") resends the same pseudonym', async () => {
    const rows = merge([], (await plan([])).upserts);
    const going = markSent([rows[0]!], [fakeSnapshot(rows[0]!)], NOW);
    const p = await plan(merge(rows, going));
    expect(p.due.map((r) => r.pseudonym)).toEqual([rows[0]!.pseudonym]);
  });

  it('a destination change rebuilds the week for the new destination, with a new pseudonym; the old row never goes anywhere again', async () => {
    const rows = merge([], (await plan([])).upserts);
    for (const dest of [{ ...DEST, team: 'acme/support' }, { ...DEST, url: 'https://other.example' }]) {
      const p = await plan(rows, { destination: dest });
      const superseded = p.upserts.filter((r) => r.status === 'superseded');
      expect(superseded.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
      const fresh = p.upserts.filter((r) => r.status === 'pending');
      expect(fresh.map((r) => r.week)).toEqual(['2025-W10', '2025-W11']);
      for (const f of fresh) {
        expect(f.destination).toEqual(dest);
        expect(rows.map((r) => r.pseudonym)).not.toContain(f.pseudonym);
      }
      expect(p.due.every((r) => r.destination.team === dest.team && r.destination.url === dest.url)).toBe(true);
    }
  });

  it('a trailing slash on the URL is the same destination', async () => {
    const rows = merge([], (await plan([])).upserts);
    expect((await plan(rows, { destination: { ...DEST, url: `${DEST.url}/` } })).upserts).toEqual([]);
  });

  it('does not send before the collector accepts the week, and drops it, visibly, once it has closed', async () => {
    // A local clock that says Monday while the collector does not accept the week yet (a clock running ahead).
    const early = await plan([], { today: '2025-03-10', now: weekAcceptedFrom('2025-W10') - 1 });
    expect(early.due).toEqual([]);
    expect(early.wakeAt).toBe(weekAcceptedFrom('2025-W10'));
    const rows = merge([], (await plan([])).upserts);
    const closed = await plan(rows, { now: weekClosesAt('2025-W10'), today: '2025-03-26' });
    expect(closed.upserts.find((r) => r.week === '2025-W10')).toMatchObject({ status: 'dropped', lastError: { code: 'week_closed' } });
    expect(closed.due.map((r) => r.week)).not.toContain('2025-W10');
  });

  it('an acknowledged week is never sent again; nothing is due while a 4xx stands', async () => {
    const rows = merge([], (await plan([])).upserts);
    const acked = applyOutcome(markSent([rows[0]!], [fakeSnapshot(rows[0]!)], NOW), { kind: 'ok', result: null }, ENABLED, 'fp', NOW).rows;
    expect((await plan(merge(rows, acked))).due).toEqual([]);
    expect((await plan(rows, { blocked: true })).due).toEqual([]);
  });

  it('does nothing while sync is off', async () => {
    expect(await plan([], { state: EMPTY_STATE })).toEqual({ upserts: [], due: [], wakeAt: null });
  });
});

describe('applyOutcome', () => {
  async function sentRow() {
    const [row] = (await plan([])).due;
    return markSent([row!], [fakeSnapshot(row!)], NOW);
  }

  it('ok: acknowledged, errors cleared, last success recorded', async () => {
    const r = applyOutcome(await sentRow(), { kind: 'ok', result: { accepted: 1, new: 1, replaced: 0 } }, { ...ENABLED, lastError: { kind: 'network', at: 1 } }, 'fp', NOW);
    expect(r.rows[0]).toMatchObject({ status: 'acknowledged', acknowledgedAt: NOW, failures: 0, lastError: null });
    expect(r.state).toMatchObject({ lastSuccessAt: NOW, lastError: null, block: null });
  });

  it('retry: back to pending after a full-jitter delay that grows with the failures; Retry-After wins', async () => {
    let rows = await sentRow();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      rows = applyOutcome(rows, networkFailure(NOW), ENABLED, 'fp', NOW, () => 0.999).rows;
      delays.push(rows[0]!.nextAttemptAt - NOW);
    }
    expect(rows[0]).toMatchObject({ status: 'pending', failures: 6, lastError: { kind: 'network' } });
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays[5]! > delays[0]!).toBe(true);
    const limited = classifyResponse(429, { error: { code: 'rate_limited', message: 'slow down' } }, '120', NOW);
    const after = applyOutcome(await sentRow(), limited, ENABLED, 'fp', NOW, () => 0);
    expect(after.rows[0]!.nextAttemptAt).toBe(NOW + 120_000);
  });

  it('blocked (any other 4xx): kept pending, shown, and blocked until the configuration fingerprint changes', async () => {
    const revoked = classifyResponse(401, { error: { code: 'unauthorized', message: 'token revoked' } }, null, NOW);
    expect(revoked.kind).toBe('blocked');
    const r = applyOutcome(await sentRow(), revoked, ENABLED, 'fp-1', NOW);
    expect(r.rows[0]).toMatchObject({ status: 'pending', lastError: { status: 401, code: 'unauthorized' } });
    expect(r.state.lastError).toMatchObject({ code: 'unauthorized' });
    expect(stillBlocked(r.state, 'fp-1')).toBe(true);
    expect(stillBlocked(r.state, 'fp-2')).toBe(false);
  });

  it('closed: the named snapshots are dropped, the others go again at once', async () => {
    const rows = (await plan([], { state: { ...ENABLED, firstWeek: '2025-W09' } })).due;
    expect(rows.map((r) => r.week)).toEqual(['2025-W09', '2025-W10']);
    const going = markSent(rows, rows.map(fakeSnapshot), NOW);
    const body = { error: { code: 'week_closed', message: 'closed', issues: [{ index: 0, path: ['snapshots', 0, 'week'], code: 'week_closed', message: 'closed' }] } };
    const r = applyOutcome(going, classifyResponse(400, body, null, NOW), ENABLED, 'fp', NOW);
    expect(r.rows.map((x) => [x.week, x.status, x.nextAttemptAt])).toEqual([
      ['2025-W09', 'dropped', going[0]!.nextAttemptAt],
      ['2025-W10', 'pending', 0],
    ]);
  });
});

describe('classifyResponse', () => {
  it.each([
    [200, { accepted: 1, new: 1, replaced: 0 }, 'ok'],
    [429, { error: { code: 'rate_limited', message: '' } }, 'retry'],
    [500, null, 'retry'],
    [502, 'bad gateway', 'retry'],
    [503, { error: { code: 'unavailable', message: '' } }, 'retry'],
    [400, { error: { code: 'week_not_complete', message: '' } }, 'retry'],
    [400, { error: { code: 'week_closed', message: '' } }, 'closed'],
    [400, { error: { code: 'invalid_request', message: '' } }, 'blocked'],
    [401, { error: { code: 'unauthorized', message: '' } }, 'blocked'],
    [403, { error: { code: 'forbidden', message: '' } }, 'blocked'],
    [404, null, 'blocked'],
    [409, { error: { code: 'pseudonym_conflict', message: '' } }, 'blocked'],
    [413, { error: { code: 'payload_too_large', message: '' } }, 'blocked'],
    [415, null, 'blocked'],
  ] as const)('%i %j → %s', (status, body, kind) => {
    expect(classifyResponse(status, body, null, NOW).kind).toBe(kind);
  });

  it('keeps the collector’s code, and only a known one', () => {
    expect(classifyResponse(403, { error: { code: 'forbidden', message: 'x' } }, null, NOW)).toMatchObject({ error: { status: 403, code: 'forbidden' } });
    expect((classifyResponse(403, { error: { code: 'made_up' } }, null, NOW) as { error: object }).error).not.toHaveProperty('code');
  });
});

describe('backoff', () => {
  it('is full jitter: between the floor and min(cap, base·2ⁿ⁻¹)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const d = backoffDelay(n, () => r);
        expect(d).toBeGreaterThanOrEqual(MIN_DELAY_MS);
        expect(d).toBeLessThanOrEqual(Math.max(MIN_DELAY_MS, Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (n - 1))));
      }),
    );
    expect(backoffDelay(30, () => 0.5)).toBe(BACKOFF_CAP_MS / 2);
  });

  it('reads Retry-After as seconds or an HTTP date, within bounds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 300_000).toUTCString(), NOW)).toBe(300_000);
    expect(parseRetryAfter('0', NOW)).toBe(MIN_DELAY_MS);
    expect(parseRetryAfter('999999', NOW)).toBe(24 * 3_600_000);
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
  });
});

describe('withdrawable', () => {
  it('is every row that went out and whose week is still open, whatever its destination', async () => {
    const rows = merge([], (await plan([])).upserts);
    const sent = markSent([rows[0]!], [fakeSnapshot(rows[0]!)], NOW);
    const superseded = { ...sent[0]!, id: 'x', status: 'superseded' as const, destination: { url: 'https://old.example', team: 'acme' } };
    const all = merge(rows, [...sent, superseded]);
    expect(withdrawable(all, NOW).map((r) => r.id).sort()).toEqual([sent[0]!.id, 'x'].sort());
    expect(withdrawable(all, weekClosesAt('2025-W10'))).toEqual([]);
  });
});
