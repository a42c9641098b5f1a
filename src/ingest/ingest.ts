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
import { MAX_EVENT_AGE_MS, MAX_EVENT_SKEW_MS, TAB_ITEMS_PER_MINUTE } from '../contract/limits';
import { toolForHost } from '../tools/registry';
import type { ToolDefinition } from '../contract/tool';
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
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
/**
 * Refusals that are answered but never counted: a private window, a tool that
 * is not recorded (how much someone used a tool they or IT turned off is
 * theirs alone, as it is for a pause), and a policy not known yet (the content
 * script keeps the items and sends them again).
 */
type SilentRefusal = 'incognito' | 'not_recording' | 'policy_unknown';

/** Drop counters arriving within this window share one IndexedDB transaction (batches do not wait for it: `drain`). */
export const COALESCE_MS = 40;
const RATE_WINDOW_MS = 60_000;

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
  /**
   * The database is full: make room now (prune what retention allows), so the
   * write can be tried once more.
   */
  relieve?: () => Promise<unknown>;
  /**
   * A write failed even after relief (`error` set), or writes work again
   * (`error` null): shown in the popup and the options page. Called on changes only.
   */
  onStorageState?: (error: string | null) => void;
  now?: () => number;
  later?: (ms: number, fn: () => void) => void;
  /** Items one tab may deliver per minute (TAB_ITEMS_PER_MINUTE). */
  perTabPerMinute?: number;
}

interface Waiting {
  batch: CommitBatch;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** IndexedDB's "no room left", however it is wrapped (Dexie keeps the DOMException's name, or has it as inner). */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: unknown; inner?: { name?: unknown } } | null;
  return err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError';
}

export class Ingest {
  private queue: Waiting[] = [];
  private timer = false;
  /** `drain` is writing: batches queued meanwhile go in its next transaction. */
  private draining = false;
  private key: Promise<CryptoKey> | null = null;
  private pendingCounters: Record<string, number> = {};
  private serial: Promise<void> = Promise.resolve();
  /** Items accepted per tab in the current minute. */
  private readonly rate = new Map<string, { since: number; items: number }>();
  private storageError: string | null = null;

  constructor(private readonly opts: IngestOptions) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Entry point for runtime.onMessage. Never throws. */
  async handle(raw: unknown, sender: SenderInfo): Promise<BatchAck | HelloReply | Refusal> {
    try {
      const tool = this.senderTool(sender, (await this.opts.tools?.()) ?? undefined);
      if (tool === 'incognito') return { ok: false, error: tool };
      if (typeof tool === 'string') return this.refuse(tool);
      const parsed = ContentMessage.safeParse(raw);
      if (!parsed.success) return this.refuse('invalid_message');
      const msg = parsed.data;
      const recording = await (this.opts.gate ?? (() => true))(tool.id);
      if (msg.type === 'hello') {
        return recording === undefined ? { ok: true, record: false, waiting: true, tool } : { ok: true, record: recording, tool };
      }
      if (msg.tool !== tool.id) return this.refuse('host_mismatch');
      // Nothing about a tool that is not recorded: no event, health row, alias or counter.
      // Its items are answered as done so they are not resent, and the content script is told to stop.
      if (recording === false) return { ok: true, done: msg.items.flatMap((i) => idOf(i) ?? []), rejected: msg.items.length, stop: true };
      // Policy not known yet: refused, uncounted; the content script keeps the items and retries.
      if (recording === undefined) return { ok: false, error: 'policy_unknown' satisfies SilentRefusal };
      // One batch at a time up to the write queue, so events keep the order they were sent in
      // even when a content script has several messages in flight.
      const pauses = await (this.opts.paused ?? (() => []))();
      const tab = sender.tabId !== undefined ? `tab:${sender.tabId}` : `page:${sender.url}`;
      const prepared = this.serial.then(() => this.prepare(msg.items, tool.id, pauses, tab));
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
    this.count(`dropped:${reason}`);
    return { ok: false, error: reason };
  }

  private count(name: string, by = 1): void {
    this.pendingCounters[name] = (this.pendingCounters[name] ?? 0) + by;
    this.schedule();
  }

  /** Whether one more item from this tab fits in its minute. */
  private admit(tab: string, now: number): boolean {
    const limit = this.opts.perTabPerMinute ?? TAB_ITEMS_PER_MINUTE;
    let r = this.rate.get(tab);
    if (!r || now - r.since >= RATE_WINDOW_MS) {
      if (this.rate.size > 500) this.rate.clear(); // closed tabs never say so; forget them in bulk
      r = { since: now, items: 0 };
      this.rate.set(tab, r);
    }
    if (r.items >= limit) return false;
    r.items += 1;
    return true;
  }

  /** The tool this sender may speak for, or why it may not speak at all. */
  private senderTool(sender: SenderInfo, tools: readonly ToolDefinition[] | undefined): ToolDefinition | DropReason | 'incognito' {
    if (sender.id !== this.opts.extensionId) return 'foreign_sender';
    // Firefox ignores no manifest key here, but a browser that did would still be refused.
    if (sender.incognito) return 'incognito';
    // Firefox delivers a closing tab's last message (the pagehide flush, which carries the session's
    // engaged time) after the tab is gone from its tab list: no tab, and so no frameId, only the
    // page's URL. Our content script runs in top frames only, and extension pages fail the https
    // check below, so a URL is enough; only a sender with no page at all is not a tab.
    if (!sender.url) return 'not_a_tab';
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
    pauses: readonly PauseWindow[],
    tab: string,
  ): Promise<{ written: Promise<void>; ack: BatchAck }> {
    const paused = (t: number) => pauses.some((p) => t >= p.since && (p.until === null || t < p.until));
    const done: string[] = [];
    let rejected = 0;
    const reject = (counter: string | null) => {
      rejected += 1;
      if (counter) this.count(counter);
    };
    const now = this.now();
    // First every item is judged (synchronously, in order, so the rate limit admits the same items
    // it always did), then the conversation references are keyed: once per distinct reference and
    // all at once. One awaited HMAC per item, inside this serial section, would make every tab's
    // messages wait on a chain of WebCrypto round trips (a conversation's events share its reference).
    const events: WireEvent[] = [];
    const links: { from: string; to: string }[] = [];
    const health: CommitBatch['health'] = [];
    for (const raw of items) {
      const id = idOf(raw);
      const parsed = BatchItem.safeParse(raw);
      if (id) done.push(id); // stored or rejected for good: either way never resent
      if (!parsed.success) {
        reject('dropped:invalid_item');
        continue;
      }
      const item = parsed.data;
      if (item.item === 'event') {
        if (item.event.tool !== tool) {
          reject('dropped:host_mismatch');
          continue;
        }
        if (item.event.at < now - MAX_EVENT_AGE_MS || item.event.at > now + MAX_EVENT_SKEW_MS) {
          reject('dropped:bad_time');
          continue;
        }
        if (paused(item.event.at)) {
          // Acknowledged (so it is not resent) but neither stored nor counted: even how much
          // someone did while paused is theirs alone.
          reject(null);
          continue;
        }
        if (!this.admit(tab, now)) {
          // Per kind, never per tool: the counter says what a flooding page sent, not where.
          reject(`dropped:rate_limited:${item.event.kind}`);
          continue;
        }
        events.push(item.event as WireEvent);
      } else if (paused(now)) {
        // A link says a new chat was opened, a health snapshot that the person was on the site:
        // while paused, not even that is kept.
        continue;
      } else if (!this.admit(tab, now)) {
        reject(`dropped:rate_limited:${item.item}`);
      } else if (item.item === 'link') {
        links.push({ from: item.from, to: item.to });
      } else {
        health.push({ tool, day: localDay(now), chains: item.chains, errors: item.errors });
      }
    }
    const refs = new Set<string>();
    for (const e of events) if (e.conv !== null) refs.add(e.conv);
    for (const l of links) refs.add(l.from).add(l.to);
    const keyList = [...refs];
    const keys = new Map((await Promise.all(keyList.map((ref) => this.convKey(tool, ref)))).map((k, i) => [keyList[i]!, k]));
    const batch: CommitBatch = {
      events: events.map((e) => this.toStored(e, keys)),
      links: links.map((l) => ({ from: keys.get(l.from)!, to: keys.get(l.to)! })),
      health,
      counters: {},
    };
    // Queued now, in arrival order; the caller waits for the commit outside the serial section.
    return { written: this.enqueue(batch), ack: { ok: true, done, rejected } };
  }

  /** The stored form of a wire event; `keys` holds the HMAC key of its conversation reference. */
  private toStored(e: WireEvent, keys: ReadonlyMap<string, string>): UnsequencedEvent {
    const { at, conv, ...rest } = e;
    const ts = Math.floor(at / 60_000) * 60_000;
    return {
      ...rest,
      v: EVENT_SCHEMA_VERSION,
      ts,
      day: localDay(ts),
      conv: conv === null ? null : keys.get(conv)!,
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
      this.drain();
    });
  }

  /**
   * Writes the queued batches, one transaction after another, until none is
   * left. A batch is written as soon as the write before it is done rather
   * than after a fixed window: under load the batches that arrive while a
   * transaction commits share the next one (several tabs still coalesce), and
   * checking the next messages overlaps the database's work instead of waiting
   * for it. `npm run bench -- --only storage` measured the window.
   */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    // One macrotask first, so the messages of one turn share the first transaction.
    (this.opts.later ?? ((ms, fn) => void setTimeout(fn, ms)))(0, () => {
      void (async () => {
        try {
          while (this.queue.length > 0) await this.flush();
        } finally {
          this.draining = false;
        }
      })();
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

  /**
   * Writes what is queued and answers the senders only after their items
   * commit. Each sender's batch commits on its own: a batch that cannot be
   * written (the database full) must not hold back every other tab. A full
   * database is relieved once (retention prunes at once) and the write tried
   * again; if it still fails, the senders are refused, keep their items and
   * resend, and the failure is reported where the person and IT can see it.
   */
  async flush(): Promise<void> {
    const waiting = this.queue;
    this.queue = [];
    const counters = this.pendingCounters;
    this.pendingCounters = {};
    if (waiting.length === 0 && Object.keys(counters).length === 0) return;
    // The batches queued behind one write still share a transaction when all is well.
    const merged: CommitBatch = { events: [], links: [], health: [], counters };
    for (const w of waiting) {
      merged.links.push(...w.batch.links);
      merged.events.push(...w.batch.events);
      merged.health.push(...w.batch.health);
    }
    try {
      await this.write(merged);
      for (const w of waiting) w.resolve();
      return;
    } catch (e) {
      // The counters wait for the next write; nothing else wakes a retry loop on a broken database.
      this.restoreCounters(counters);
      if (waiting.length <= 1) {
        for (const w of waiting) w.reject(e);
        return;
      }
    }
    // One at a time, so one sender's failure is that sender's alone.
    for (const w of waiting) {
      try {
        await this.write(w.batch);
        w.resolve();
      } catch (e) {
        w.reject(e);
      }
    }
  }

  private restoreCounters(counters: Record<string, number>): void {
    for (const [name, by] of Object.entries(counters)) this.pendingCounters[name] = (this.pendingCounters[name] ?? 0) + by;
  }

  private async write(batch: CommitBatch): Promise<void> {
    try {
      await this.opts.store.commit(batch);
    } catch (e) {
      if (!isQuotaError(e) || !this.opts.relieve) return this.failed(e);
      await this.opts.relieve().catch(() => undefined);
      try {
        await this.opts.store.commit(batch);
      } catch (again) {
        return this.failed(again);
      }
    }
    if (this.storageError !== null) {
      this.storageError = null;
      this.opts.onStorageState?.(null);
    }
  }

  private failed(e: unknown): never {
    const error = isQuotaError(e) ? 'QuotaExceededError' : e instanceof Error ? e.message : String(e);
    if (error !== this.storageError) {
      this.storageError = error;
      this.opts.onStorageState?.(error);
    }
    throw e;
  }
}

function idOf(raw: unknown): string | undefined {
  return raw && typeof raw === 'object' ? itemId(raw as never) : undefined;
}
