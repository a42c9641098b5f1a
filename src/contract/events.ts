import { z } from 'zod';

// No code generation: extension pages forbid eval by CSP, and the collector has no need for it.
z.config({ jitless: true });

/**
 * The event contract: the only shapes that may ever be stored.
 *
 * Every field is an enum, a boolean or a bounded integer. There is deliberately
 * no free-form string anywhere in a stored event except the random event id and
 * the HMAC'd conversation key, both of which are pattern-checked, so that text,
 * titles, URLs or DOM snippets cannot be stored even by mistake.
 */
export const EVENT_SCHEMA_VERSION = 1 as const;

export const TOOL_ID_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;
export const ToolId = z.string().regex(TOOL_ID_PATTERN, 'a tool id is 2–32 lowercase letters, digits or dashes');
export type ToolId = z.infer<typeof ToolId>;

import { DURATION_BUCKETS, FEATURES, SIZE_BUCKETS } from './buckets';
export * from './buckets';

export const SizeBucket = z.enum(SIZE_BUCKETS);
export const DurationBucket = z.enum(DURATION_BUCKETS);
export const Feature = z.enum(FEATURES);

/** Kind-specific fields. One entry per event kind; the unions below are built from this. */
export const EVENT_FIELDS = {
  prompt_sent: {
    size: SizeBucket,
    attachments: z.number().int().min(0).max(50),
    mode: z.enum(['new', 'edit']),
    turn: z.number().int().min(1).max(10_000),
  },
  response_completed: {
    size: SizeBucket,
    hasCode: z.boolean(),
    duration: DurationBucket,
  },
  response_stopped: {},
  response_regenerated: {},
  response_copied: {},
  conversation_started: {},
  feature_used: { feature: Feature },
  feedback: { rating: z.enum(['up', 'down']) },
  /** Seconds the tab was visible, focused and recently interacted with. */
  engaged_time: { seconds: z.number().int().min(1).max(3600) },
} as const;

export type EventKind = keyof typeof EVENT_FIELDS;
export const EVENT_KINDS = Object.keys(EVENT_FIELDS) as EventKind[];

export const EventId = z.string().regex(/^[A-Za-z0-9_-]{16,40}$/, 'an event id is 16–40 url-safe characters');
/** A site's own conversation id, as seen by the content script. Sent only to our background, which HMACs it. */
export const ConversationRef = z.string().regex(/^[A-Za-z0-9_.:-]{1,160}$/, 'a conversation reference is 1–160 id characters');
/** HMAC-SHA-256 of the conversation ref, truncated to 128 bits, hex. */
export const ConversationKey = z.string().regex(/^[0-9a-f]{32}$/);

const MAX_EPOCH_MS = 8_640_000_000_000;
const EpochMs = z.number().int().min(0).max(MAX_EPOCH_MS);

function unionOf<B extends z.ZodRawShape>(base: B) {
  const members = EVENT_KINDS.map((kind) =>
    z.strictObject({ ...base, kind: z.literal(kind), ...EVENT_FIELDS[kind] }),
  );
  return members;
}

/** What a content script sends: raw conversation ref, millisecond time. */
const wireBase = { id: EventId, tool: ToolId, at: EpochMs, conv: ConversationRef.nullable() };
const wireMembers = unionOf(wireBase);
export const WireEvent = z.discriminatedUnion('kind', wireMembers as unknown as [typeof wireMembers[0], ...typeof wireMembers]);

/** What is stored: minute-resolution time, HMAC'd conversation key, local day. */
const storedBase = {
  v: z.literal(EVENT_SCHEMA_VERSION),
  id: EventId,
  tool: ToolId,
  ts: EpochMs.refine((t) => t % 60_000 === 0, 'timestamps are stored at minute resolution'),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  conv: ConversationKey.nullable(),
  /** Local write order: times are minute-rounded, so this is what orders events within a minute. */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
};
const storedMembers = unionOf(storedBase);
export const StoredEvent = z.discriminatedUnion('kind', storedMembers as unknown as [typeof storedMembers[0], ...typeof storedMembers]);

type Fields<K extends EventKind> = { [F in keyof (typeof EVENT_FIELDS)[K]]: z.infer<(typeof EVENT_FIELDS)[K][F]> };
type WithKind<B, K extends EventKind> = K extends EventKind ? B & { kind: K } & Fields<K> : never;

export interface WireBase { id: string; tool: string; at: number; conv: string | null }
export interface StoredBase { v: typeof EVENT_SCHEMA_VERSION; id: string; tool: string; ts: number; day: string; conv: string | null; seq: number }
export type WireEvent = WithKind<WireBase, EventKind>;
export type StoredEvent = WithKind<StoredBase, EventKind>;
/** A stored event before the store gives it its place in the write order. */
export type UnsequencedEvent = WithKind<Omit<StoredBase, 'seq'>, EventKind>;
/** The kind-specific part of an event, as the content script builds it. */
export type EventBody = WithKind<object, EventKind>;
