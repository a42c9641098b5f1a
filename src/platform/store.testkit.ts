/**
 * fast-check arbitraries for the storage tests: unsequenced events spread over
 * a few tools, days and conversations, so batches collide on (tool, day) and
 * on conversation keys the way real use does.
 */
import fc from 'fast-check';
import { localDay } from '../contract/day';
import { FEATURES, SIZE_BUCKETS, DURATION_BUCKETS, type UnsequencedEvent } from '../contract/events';

export const BASE_TS = new Date(2026, 0, 10, 12, 0).getTime();
export const TOOLS = ['claude', 'chatgpt', 'gemini'] as const;
export const CONVS = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32), 'd'.repeat(32)] as const;

// Prompts weigh most: they carry the conversation keys that links re-key and rollups count.
const body = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('prompt_sent' as const),
      size: fc.constantFrom(...SIZE_BUCKETS),
      attachments: fc.integer({ min: 0, max: 3 }),
      mode: fc.constantFrom('new' as const, 'edit' as const),
      turn: fc.integer({ min: 1, max: 5 }),
    }),
  },
  fc.record({
    kind: fc.constant('response_completed' as const),
    size: fc.constantFrom(...SIZE_BUCKETS),
    hasCode: fc.boolean(),
    duration: fc.constantFrom(...DURATION_BUCKETS),
  }),
  fc.constantFrom(
    { kind: 'response_stopped' as const },
    { kind: 'response_regenerated' as const },
    { kind: 'response_copied' as const },
    { kind: 'conversation_started' as const },
  ),
  fc.record({ kind: fc.constant('feature_used' as const), feature: fc.constantFrom(...FEATURES) }),
  fc.record({ kind: fc.constant('feedback' as const), rating: fc.constantFrom('up' as const, 'down' as const) }),
  fc.record({ kind: fc.constant('engaged_time' as const), seconds: fc.integer({ min: 1, max: 3600 }) }),
);

/** Events with distinct ids, `ts` within `maxDays` days after BASE_TS (minute-rounded, local day derived). */
export function eventsArb(opts: { maxDays?: number; minLength?: number; maxLength?: number } = {}): fc.Arbitrary<UnsequencedEvent[]> {
  const one = fc.record({
    tool: fc.constantFrom(...TOOLS),
    dayOffset: fc.integer({ min: 0, max: opts.maxDays ?? 3 }),
    minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    conv: fc.constantFrom<string | null>(null, ...CONVS),
    body,
  });
  return fc.array(one, { minLength: opts.minLength ?? 0, maxLength: opts.maxLength ?? 40 }).map((list) =>
    list.map(({ tool, dayOffset, minute, conv, body: b }, i) => {
      const ts = BASE_TS + dayOffset * 86_400_000 + minute * 60_000;
      return { v: 1, id: `evt-${String(i).padStart(16, '0')}`, tool, ts, day: localDay(ts), conv, ...b } as UnsequencedEvent;
    }),
  );
}

/** One stored-looking event for hand-written tests. */
export function event(i: number, over: Partial<UnsequencedEvent> = {}): UnsequencedEvent {
  const ts = over.ts ?? BASE_TS + i * 60_000;
  return {
    v: 1,
    id: `hand-${String(i).padStart(16, '0')}`,
    tool: 'claude',
    ts,
    day: localDay(ts),
    conv: null,
    kind: 'prompt_sent',
    size: 'm',
    attachments: 0,
    mode: 'new',
    turn: 1,
    ...over,
  } as UnsequencedEvent;
}
