/**
 * 10,000 random and mutated payloads against the ingest endpoint: never a
 * 500, never a partial write (the rows in the database always equal the sum
 * of what 200 answers called new), and every refusal in the error envelope.
 * Most go through app.request() on PGlite in memory; PostgreSQL gets a
 * smaller share of the same generator.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, LEVELS } from '../contract/depth';
import { FEATURES } from '../contract/events';
import { ErrorBody, IngestResult, WEEK_PROMPT_BUCKETS } from '../contract/sync';
import { ENGINES, type Harness, harness, hex, sha256 } from './testkit';

const RUNS: Record<string, number> = { pglite: 8_500, postgres: 1_500 };
const ORG = 'fuzz';
/** Pseudonyms seen before, so resends and cross-team reuse happen often. */
const pool: string[] = [];

const validSnapshot = fc.record({
  v: fc.constant(1),
  week: fc.constantFrom('2026-W47', '2026-W48', '2026-W46', '2026-W49', '2025-W53', '2026-W00'),
  team: fc.constantFrom(ORG, `${ORG}/a`, `${ORG}/b/c`, 'other', `${ORG}/-x`),
  pseudonym: fc.oneof(
    fc.constant(null).map(() => hex(16)),
    fc.constant(null).map(() => pool[Math.floor(Math.random() * pool.length)] ?? hex(16)),
  ),
  withdrawalHash: fc.constantFrom(sha256('a'), sha256('b')),
  level: fc.constantFrom(...LEVELS),
  activeDays: fc.integer({ min: 0, max: 7 }),
  prompts: fc.constantFrom(...WEEK_PROMPT_BUCKETS),
  dimensions: fc.record(Object.fromEntries(DIMENSIONS.map((d) => [d, fc.integer({ min: 0, max: 10 }).map((x) => x * 10)]))),
  tools: fc.uniqueArray(fc.constantFrom('chatgpt', 'claude', 'x1'), { maxLength: 3 }),
  features: fc.uniqueArray(fc.constantFrom(...FEATURES), { maxLength: 3 }),
  extensionVersion: fc.constantFrom('0.1', '1.22'),
});

const hostileValue = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(null, -1, 1e308, Number.MAX_SAFE_INTEGER, 3.5, '', '=cmd|/c calc', '__proto__', [], {}, true, 'A'.repeat(5000)),
);

/** One mutation of a valid snapshot: a field dropped, changed to anything, or a key added (often __proto__ or constructor). */
const mutated = fc.tuple(validSnapshot, fc.nat(20), fc.constantFrom(...[...Object.keys({ v: 0, week: 0, team: 0, pseudonym: 0, withdrawalHash: 0, level: 0, activeDays: 0, prompts: 0, dimensions: 0, tools: 0, features: 0, extensionVersion: 0 })]), hostileValue, fc.constantFrom('__proto__', 'constructor', 'extra', 'prototype')).map(
  ([s, kind, key, value, extraKey]) => {
    const o: Record<string, unknown> = { ...s };
    if (kind < 4) delete o[key];
    else if (kind < 12) o[key] = value;
    // defineProperty makes an own "__proto__" key, which JSON.stringify then sends as JSON.parse would read it.
    else if (kind < 15) Object.defineProperty(o, extraKey, { value, enumerable: true, configurable: true, writable: true });
    else if (kind < 17) (o.dimensions as Record<string, unknown>)[key] = value;
    return o;
  },
);

const body = fc.oneof(
  // A valid snapshot reusing a pseudonym already stored (under another team): the 409 path.
  { weight: 1, arbitrary: validSnapshot.map((s) => JSON.stringify({ snapshots: [{ ...s, week: '2026-W48', team: `${ORG}/z`, pseudonym: pool[Math.floor(Math.random() * pool.length)] ?? hex(16) }] })) },
  { weight: 5, arbitrary: fc.array(fc.oneof({ weight: 3, arbitrary: validSnapshot }, { weight: 2, arbitrary: mutated }), { minLength: 0, maxLength: 8 }).map((snapshots) => JSON.stringify({ snapshots })) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.array(validSnapshot, { minLength: 1, maxLength: 3 }).chain((snapshots) => fc.nat(200).map((cut) => JSON.stringify({ snapshots }).slice(0, cut))) },
  { weight: 1, arbitrary: fc.tuple(fc.array(validSnapshot, { minLength: 1, maxLength: 3 }), hostileValue).map(([snapshots, extra]) => `{"snapshots":${JSON.stringify(snapshots)},"__proto__":${JSON.stringify(extra ?? null) ?? 'null'}}`) },
);
const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', '', 'application/jsonx', 'APPLICATION/JSON') });

describe.each(ENGINES)('ingest fuzz on %s', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(engine);
  });
  afterAll(async () => h?.drop());

  it(`answers ${RUNS[engine]} random and mutated payloads without a 500 or a partial write`, async () => {
    const enroll = await h.token('enroll', ORG);
    let expected = 0;
    let requests = 0;
    const statuses = new Map<number, number>();
    const rows = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM snapshots`.execute(h.store.db)).rows[0]!.n;
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const res = await h.app.request('/v1/snapshots', { method: 'POST', headers: { authorization: `Bearer ${enroll}`, 'content-type': type }, body: text });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect([200, 400, 403, 409, 413, 415]).toContain(res.status);
        const json = await res.json();
        if (res.status === 200) {
          const r = IngestResult.parse(json);
          expect(r.new + r.replaced).toBe(r.accepted);
          expected += r.new;
          for (const s of (JSON.parse(text) as { snapshots: { pseudonym: string }[] }).snapshots) if (pool.length < 500) pool.push(s.pseudonym);
        } else {
          ErrorBody.parse(json);
        }
        if (++requests % 250 === 0) expect(await rows()).toBe(expected);
      }),
      { numRuns: RUNS[engine], endOnFailure: true },
    );
    expect(await rows()).toBe(expected);
    // The generator reaches every outcome, so the property is not vacuous.
    for (const status of [200, 400, 403, 409, 415]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  }, 600_000);
});
