import { EVENT_SCHEMA_VERSION, type UnsequencedEvent, type WireEvent } from '../contract/events';
import {
  BatchItem,
  ContentMessage,
  itemId,
  type BatchAck,
  type HelloReply,
  type Refusal,
} from '../contract/messages';
import { localDay } from '../contract/day';
import { toolForHost } from '../tools/registry';
import type { ToolDefinition } from '../tools/types';
import type { CommitBatch, IngestStore, PauseCheck, PauseWindow, RecordingGate, SenderInfo } from './types';

/**
 * The trusted side of capture. Every message is checked twice: who sent it
 * (the browser's sender record, never the message's own claims) and what it
 * is (the zod contract). Anything that fails is dropped and counted, never
 * thrown. Accepted items are written in coalesced batches, and a sender is
 * answered only after its items are committed, so a worker stopped in between
 * leaves the content script holding them to resend.
 */
export const DROP_REASONS = [
  'foreign_sender',
  'not_a_tab',
  'subframe',
  'host_mismatch',
  'invalid_message',
  'invalid_item',
  'bad_time',
  'not_recording',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Items arriving within this window share one IndexedDB transaction. */
export const COALESCE_MS = 40;
const MAX_AGE_MS = 3 * 24 * 3600_000;
const MAX_SKEW_MS = 5 * 60_000;

export interface IngestOptions {
  store: IngestStore;
  extensionId: string;
  gate?: RecordingGate;
  /**
   * Events dated inside one of these pauses are acknowledged (so content
   * scripts do not resend them for ever) but not stored. Hello replies ignore
   * pauses on purpose: the content script keeps capturing, so recording resumes
   * by itself when the pause ends.
   */
  paused?: PauseCheck;
  /** The tools in force (built-in with overrides, plus custom); read per message, it changes with policy. */
  tools?: () => readonly ToolDefinition[] | Promise<readonly ToolDefinition[]>;
  now?: () => number;
  later?: (ms: number, fn: () => void) => void;
}

interface Waiting {
  batch: CommitBatch;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class Ingest {
  private queue: Waiting[] = [];
  private timer = false;
  private key: Promise<CryptoKey> | null = null;
  private pendingCounters: Record<string, number> = {};
  private serial: Promise<void> = Promise.resolve();

  constructor(private readonly opts: IngestOptions) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Entry point for runtime.onMessage. Never throws. */
  async handle(raw: unknown, sender: SenderInfo): Promise<BatchAck | HelloReply | Refusal> {
    try {
      const tool = this.senderTool(sender, (await this.opts.tools?.()) ?? undefined);
      if (typeof tool === 'string') return this.refuse(tool);
      const parsed = ContentMessage.safeParse(raw);
      if (!parsed.success) return this.refuse('invalid_message');
      const msg = parsed.data;
      const recording = await (this.opts.gate ?? (() => true))(tool.id);
      if (msg.type === 'hello') return { ok: true, record: recording, tool };
      if (msg.tool !== tool.id) return this.refuse('host_mismatch');
      // One batch at a time up to the write queue, so events keep the order they were sent in
      // even when a content script has several messages in flight.
      const pauses = recording ? await (this.opts.paused ?? (() => []))() : [];
      const prepared = this.serial.then(() => this.prepare(msg.items, tool.id, recording, pauses));
      this.serial = prepared.then(
        () => undefined,
        () => undefined,
      );
      const { written, ack } = await prepared;
      await written; // answered only once committed
      return ack;
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  private refuse(reason: DropReason): Refusal {
    this.count(reason);
    return { ok: false, error: reason };
  }

  private count(reason: DropReason, by = 1): void {
    const name = `dropped:${reason}`;
    this.pendingCounters[name] = (this.pendingCounters[name] ?? 0) + by;
    this.schedule();
  }

  /** The tool this sender may speak for, or why it may not speak at all. */
  private senderTool(sender: SenderInfo, tools: readonly ToolDefinition[] | undefined): ToolDefinition | DropReason {
    if (sender.id !== this.opts.extensionId) return 'foreign_sender';
    if (sender.tabId === undefined || !sender.url) return 'not_a_tab';
    if (sender.frameId !== undefined && sender.frameId !== 0) return 'subframe';
    let host: string;
    try {
      const url = new URL(sender.url);
      if (url.protocol !== 'https:') return 'host_mismatch';
      host = url.hostname;
    } catch {
      return 'host_mismatch';
    }
    return toolForHost(host, tools) ?? 'host_mismatch';
  }

  private async prepare(
    items: unknown[],
    tool: string,
    recording: boolean,
    pauses: readonly PauseWindow[],
  ): Promise<{ written: Promise<void>; ack: BatchAck }> {
    const paused = (t: number) => pauses.some((p) => t >= p.since && (p.until === null || t < p.until));
    const done: string[] = [];
    const batch: CommitBatch = { events: [], links: [], health: [], counters: {} };
    let rejected = 0;
    const reject = (reason: DropReason) => {
      rejected += 1;
      this.count(reason);
    };
    const now = this.now();
    for (const raw of items) {
      const id = raw && typeof raw === 'object' ? itemId(raw as never) : undefined;
      const parsed = BatchItem.safeParse(raw);
      if (id) done.push(id); // stored or rejected for good: either way never resent
      if (!parsed.success) {
        reject('invalid_item');
        continue;
      }
      const item = parsed.data;
      if (item.item === 'event') {
        if (item.event.tool !== tool) {
          reject('host_mismatch');
          continue;
        }
        if (item.event.at < now - MAX_AGE_MS || item.event.at > now + MAX_SKEW_MS) {
          reject('bad_time');
          continue;
        }
        if (!recording) {
          reject('not_recording');
          continue;
        }
        if (paused(item.event.at)) {
          // Acknowledged (so it is not resent) but neither stored nor counted: even how much
          // someone did while paused is theirs alone.
          rejected += 1;
          continue;
        }
        batch.events.push(await this.toStored(item.event as WireEvent));
      } else if (paused(now)) {
        // A link says a new chat was opened, a health snapshot that the person was on the site:
        // while paused, not even that is kept.
        continue;
      } else if (item.item === 'link') {
        batch.links.push({ from: await this.convKey(tool, item.from), to: await this.convKey(tool, item.to) });
      } else {
        batch.health.push({ tool, day: localDay(now), chains: item.chains, errors: item.errors });
      }
    }
    // Queued now, in arrival order; the caller waits for the commit outside the serial section.
    return { written: this.enqueue(batch), ack: { ok: true, done, rejected } };
  }

  private async toStored(e: WireEvent): Promise<UnsequencedEvent> {
    const { at, conv, ...rest } = e;
    const ts = Math.floor(at / 60_000) * 60_000;
    return {
      ...rest,
      v: EVENT_SCHEMA_VERSION,
      ts,
      day: localDay(ts),
      conv: conv === null ? null : await this.convKey(e.tool, conv),
    } as UnsequencedEvent;
  }

  /**
   * After the person deletes everything, the install secret is gone: a key kept
   * from it would link conversations across the deletion.
   */
  forgetSecret(): void {
    this.key = null;
  }

  /** HMAC-SHA-256(install secret, tool ‖ ref), 128 bits, hex. The ref itself is never stored. */
  async convKey(tool: string, ref: string): Promise<string> {
    this.key ??= this.opts.store
      .secret()
      .then((raw) => crypto.subtle.importKey('raw', raw as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']))
      .catch((e: unknown) => {
        this.key = null; // a transient failure must not poison this worker: the next message retries
        throw e;
      });
    const key = await this.key;
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${tool}\n${ref}`));
    return Array.from(new Uint8Array(mac).slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  private enqueue(batch: CommitBatch): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = true;
    (this.opts.later ?? ((ms, fn) => void setTimeout(fn, ms)))(COALESCE_MS, () => {
      this.timer = false;
      void this.flush();
    });
  }

  /** Write everything queued in one transaction; answer the senders only after it commits. */
  async flush(): Promise<void> {
    const waiting = this.queue;
    this.queue = [];
    const counters = this.pendingCounters;
    this.pendingCounters = {};
    if (waiting.length === 0 && Object.keys(counters).length === 0) return;
    const merged: CommitBatch = { events: [], links: [], health: [], counters };
    for (const w of waiting) {
      merged.links.push(...w.batch.links);
      merged.events.push(...w.batch.events);
      merged.health.push(...w.batch.health);
    }
    try {
      await this.opts.store.commit(merged);
      for (const w of waiting) w.resolve();
    } catch (e) {
      for (const w of waiting) w.reject(e);
    }
  }
}
