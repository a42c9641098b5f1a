import { z } from 'zod';
import type { ToolDefinition } from './tool';
import { ConversationRef, EventId, ToolId, WireEvent } from './events';

/**
 * Messages from a content script to the background. Content scripts run in the
 * page's renderer, which a compromised page can control, so the background
 * treats every one of these as untrusted input: sender checked, shape checked,
 * each item on its own so one bad item cannot sink a batch.
 */
export const MAX_BATCH_ITEMS = 200;

export const CHAIN_NAMES = ['composer', 'send', 'userTurn', 'assistantTurn', 'stop'] as const;
export const ChainName = z.enum(CHAIN_NAMES);
export type ChainName = z.infer<typeof ChainName>;

/** Which selector of a fallback chain matched: 0 is the primary, -1 is none. */
export const HealthSnapshot = z.strictObject({
  item: z.literal('health'),
  id: EventId,
  chains: z.partialRecord(ChainName, z.number().int().min(-1).max(50)),
  /** Errors the adapter caught and swallowed (it never throws into the page). */
  errors: z.number().int().min(0).max(1_000_000),
});
export type HealthSnapshot = z.infer<typeof HealthSnapshot>;

/** A new chat got its site id after its first prompt: re-key what was stored under the local ref. */
export const ConversationLink = z.strictObject({
  item: z.literal('link'),
  id: EventId,
  from: ConversationRef,
  to: ConversationRef,
});
export type ConversationLink = z.infer<typeof ConversationLink>;

export const EventItem = z.strictObject({ item: z.literal('event'), event: WireEvent });
export type EventItem = z.infer<typeof EventItem>;

export const BatchItem = z.discriminatedUnion('item', [EventItem, HealthSnapshot, ConversationLink]);
export type BatchItem = z.infer<typeof BatchItem>;

/** The envelope is checked first; items are then checked one by one. */
export const BatchEnvelope = z.strictObject({
  type: z.literal('batch'),
  tool: ToolId,
  items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS),
});

/** A content script starting up. The background answers with the tool its page belongs to (by sender URL). */
export const HelloMessage = z.strictObject({ type: z.literal('hello') });

export const ContentMessage = z.discriminatedUnion('type', [BatchEnvelope, HelloMessage]);
export type ContentMessage = z.infer<typeof ContentMessage>;

export interface BatchAck {
  ok: true;
  /** Ids the background is done with (stored, or rejected for good): the content script forgets them. */
  done: string[];
  rejected: number;
  /**
   * The tool is not recorded (any more): the content script stops capturing and
   * forgets what it holds. Absent on older backgrounds, which is read as "go on".
   */
  stop?: true;
}
export interface HelloReply {
  ok: true;
  /** Only `true` lets the content script send anything. */
  record: boolean;
  /**
   * The background cannot tell yet: managed storage has not answered, or its
   * read failed. The content script keeps what it captured in its outbox and asks again.
   */
  waiting?: true;
  /** The tool definition in force for this page (policy overrides applied; custom tools included). */
  tool?: ToolDefinition;
}
export interface Refusal {
  ok: false;
  error: string;
}

export function itemId(item: { id?: unknown; event?: { id?: unknown } }): string | undefined {
  const id = item.event?.id ?? item.id;
  return typeof id === 'string' ? id : undefined;
}
