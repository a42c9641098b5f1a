/**
 * fast-check arbitraries for the stored data, shared by every property test:
 * StoredEvents valid by src/contract/events.ts, and DailyRollups valid by
 * src/contract/rollup.ts (and internally consistent, unless asked otherwise,
 * e.g. never more iterative conversations than conversations).
 */
import fc from 'fast-check';
import { addDays } from '../contract/day';
import {
  DURATION_BUCKETS,
  EVENT_KINDS,
  EVENT_SCHEMA_VERSION,
  FEATURES,
  SIZE_BUCKETS,
  type EventKind,
  type StoredEvent,
} from '../contract/events';
import { ROLLUP_COUNTS, ROLLUP_SCHEMA_VERSION, rollupId, type DailyRollup, type RollupCount } from '../contract/rollup';
import { emptyRollup } from './rollup';

/** A fixed "today" for tests, so that failures reproduce on any date. */
export const TEST_TODAY = '2025-03-14';
export const TEST_TOOLS = ['chatgpt', 'claude', 'gemini', 'copilot'] as const;
export const TEST_DEVICES = ['0123456789abcdef', 'fedcba9876543210', 'aaaaaaaaaaaaaaaa'] as const;

/** The `n` days ending on `today`, newest first (today, today−1, …). */
export function lastDays(today: string, n: number): string[] {
  return Array.from({ length: n }, (_, k) => addDays(today, -k));
}

/** A day from `today − (span − 1)` to `today`; with `ahead`, up to that many days after today too. */
export function arbDay(today = TEST_TODAY, span = 100, ahead = 0): fc.Arbitrary<string> {
  return fc.integer({ min: -ahead, max: span - 1 }).map((k) => addDays(today, -k));
}

export const arbDeviceId: fc.Arbitrary<string> = fc.stringMatching(/^[0-9a-f]{16}$/);

const ID_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'];
const arbEventId = fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 16, maxLength: 40 });

/** A few conversation keys, so that generated events share conversations as real ones do. */
export const TEST_CONVS = ['0'.repeat(32), '1'.repeat(32), 'ab'.repeat(16), 'c0ffee'.padEnd(32, '0'), '9'.repeat(32)] as const;

export interface EventArbOptions {
  tools?: readonly string[];
  /** Days the events fall on (default: the 14 days ending TEST_TODAY). */
  days?: readonly string[];
  kinds?: readonly EventKind[];
  /** Conversation keys to draw from (32 hex digits each); null is drawn too. */
  convs?: readonly string[];
}

function body(kind: EventKind): fc.Arbitrary<object> {
  switch (kind) {
    case 'prompt_sent':
      return fc.record({
        size: fc.constantFrom(...SIZE_BUCKETS),
        attachments: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 50 }) }),
        mode: fc.constantFrom('new' as const, 'edit' as const),
        // Mostly small turns, so that the turn-3 iteration boundary is crossed both ways.
        turn: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000 }) }),
      });
    case 'response_completed':
      return fc.record({ size: fc.constantFrom(...SIZE_BUCKETS), hasCode: fc.boolean(), duration: fc.constantFrom(...DURATION_BUCKETS) });
    case 'feature_used':
      return fc.record({ feature: fc.constantFrom(...FEATURES) });
    case 'feedback':
      return fc.record({ rating: fc.constantFrom('up' as const, 'down' as const) });
    case 'engaged_time':
      return fc.record({ seconds: fc.integer({ min: 1, max: 3600 }) });
    case 'response_stopped':
    case 'response_regenerated':
    case 'response_copied':
    case 'conversation_started':
      return fc.constant({});
  }
}

/** A StoredEvent that `StoredEvent.parse` accepts, on one of `days` at a local time of that day. */
export function arbStoredEvent(opts: EventArbOptions = {}): fc.Arbitrary<StoredEvent> {
  const tools = opts.tools ?? TEST_TOOLS;
  const days = opts.days ?? lastDays(TEST_TODAY, 14);
  const kinds = opts.kinds ?? EVENT_KINDS;
  const convs = opts.convs ?? TEST_CONVS;
  return fc
    .record({
      id: arbEventId,
      tool: fc.constantFrom(...tools),
      day: fc.constantFrom(...days),
      // Up to 23:00, so that a DST day's short length never pushes the time into the next day.
      minute: fc.integer({ min: 0, max: 23 * 60 - 1 }),
      conv: fc.option(fc.constantFrom(...convs), { freq: 4 }),
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      kind: fc.constantFrom(...kinds),
    })
    .chain((base) =>
      body(base.kind).map((fields) => {
        const [y, m, d] = base.day.split('-').map(Number) as [number, number, number];
        const ts = new Date(y, m - 1, d, 0, base.minute).getTime();
        return {
          v: EVENT_SCHEMA_VERSION,
          id: base.id,
          tool: base.tool,
          ts,
          day: base.day,
          conv: base.conv,
          seq: base.seq,
          kind: base.kind,
          ...fields,
        } as StoredEvent;
      }),
    );
}

export interface RollupArbOptions {
  devices?: readonly string[];
  tools?: readonly string[];
  /** Days the rows fall on (default: 100 days ending TEST_TODAY, so some fall outside the 12-week window). */
  days?: readonly string[];
  /** Largest count of a kind of event in one row (default 40). */
  max?: number;
  /**
   * false: every count independent, so ratios can exceed what real data
   * allows (more iterative conversations than conversations…). For testing
   * that the model stays bounded on data it should never see.
   */
  consistent?: boolean;
}

const arbFeatures = (max: number): fc.Arbitrary<DailyRollup['features']> =>
  fc
    .dictionary(fc.constantFrom(...FEATURES), fc.integer({ min: 0, max }), { maxKeys: FEATURES.length })
    .map((d) => d as Partial<Record<(typeof FEATURES)[number], number>>);

/** A DailyRollup that `DailyRollup.parse` accepts. */
export function arbRollup(opts: RollupArbOptions = {}): fc.Arbitrary<DailyRollup> {
  const devices = opts.devices ?? TEST_DEVICES;
  const tools = opts.tools ?? TEST_TOOLS;
  const days = opts.days ?? lastDays(TEST_TODAY, 100);
  const max = opts.max ?? 40;
  const n = fc.integer({ min: 0, max });
  const where = fc.record({ device: fc.constantFrom(...devices), tool: fc.constantFrom(...tools), day: fc.constantFrom(...days) });
  if (opts.consistent === false) {
    const counts = fc.record(Object.fromEntries(ROLLUP_COUNTS.map((k) => [k, n])) as Record<RollupCount, fc.Arbitrary<number>>);
    return fc.record({ where, counts, features: arbFeatures(max) }).map(({ where: w, counts: c, features }) => ({
      ...emptyRollup(w.device, w.tool, w.day),
      ...c,
      features,
    }));
  }
  // Idle rows (engaged time only, or nothing at all) are common in real data: weight them in.
  const prompts = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: n });
  return fc
    .record({ where, prompts })
    .chain(({ where: w, prompts: p }) =>
      fc
        .record({
          edits: fc.integer({ min: 0, max: p }),
          contextRichPrompts: fc.integer({ min: 0, max: p }),
          attachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
          conversations: fc.integer({ min: 0, max: p }),
          iterativeShare: fc.double({ min: 0, max: 1, noNaN: true }),
          conversationsStarted: n,
          responses: n,
          stops: n,
          regenerations: n,
          copies: n,
          feedbackUp: fc.integer({ min: 0, max: 3 }),
          feedbackDown: fc.integer({ min: 0, max: 3 }),
          engagedSeconds: fc.integer({ min: 0, max: 20_000 }),
          features: arbFeatures(max),
        })
        .map(({ attachedShare, iterativeShare, features, ...c }) => {
          // Prompts with attachments are context-rich by definition, and iterative conversations are conversations.
          const promptsWithAttachments = Math.floor(c.contextRichPrompts * attachedShare);
          const iterativeConversations = Math.floor(c.conversations * iterativeShare);
          const featureUses = Object.values(features).reduce((a: number, b) => a + (b ?? 0), 0);
          const events =
            p + c.conversationsStarted + c.responses + c.stops + c.regenerations + c.copies + c.feedbackUp + c.feedbackDown + featureUses +
            Math.ceil(c.engagedSeconds / 3600);
          return {
            v: ROLLUP_SCHEMA_VERSION,
            id: rollupId(w.device, w.tool, w.day),
            device: w.device,
            tool: w.tool,
            day: w.day,
            events,
            prompts: p,
            ...c,
            promptsWithAttachments,
            iterativeConversations,
            features,
          } satisfies DailyRollup;
        }),
    );
}

/** A history as the store holds it: at most one row per device, tool and day. */
export function arbRollupHistory(opts: RollupArbOptions & { maxRows?: number } = {}): fc.Arbitrary<DailyRollup[]> {
  return fc.uniqueArray(arbRollup(opts), { selector: (r) => r.id, maxLength: opts.maxRows ?? 60 });
}

/** A row for hand-computed tests: zeros except `counts`. */
export function makeRollup(
  day: string,
  counts: Partial<Record<RollupCount, number>> & { features?: DailyRollup['features'] } = {},
  where: { tool?: string; device?: string } = {},
): DailyRollup {
  return { ...emptyRollup(where.device ?? TEST_DEVICES[0], where.tool ?? TEST_TOOLS[0], day), ...counts };
}
