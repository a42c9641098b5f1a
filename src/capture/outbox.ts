import { MAX_EVENT_AGE_MS } from '../contract/limits';
import type { BatchAck, BatchItem } from '../contract/messages';

/**
 * Items wait here until the background says they are stored. The background
 * acknowledges only after its IndexedDB transaction commits, so an item lost
 * to a stopped service worker is simply sent again; the background dedupes on
 * the item id. Nothing is persisted in the page: the page's own storage belongs
 * to the AI site, which could read it.
 */
/** Messages awaiting an answer at once: enough to never block on one slow answer, few enough to stay cheap. */
const MAX_IN_FLIGHT = 4;

/** `final`: the page is going away, and this is the last chance to send (no answer may come back). */
export type SendBatch = (items: BatchItem[], final?: boolean) => Promise<BatchAck | undefined>;

export interface OutboxOptions {
  send: SendBatch;
  later(ms: number, fn: () => void): void;
  /** Batches coalesce for this long, so a burst of events is one message and one transaction. */
  flushDelayMs?: number;
  maxBatch?: number;
  /** Full-jitter backoff: random(0, min(cap, base·2^n)). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Past this many items the oldest are dropped (a tab that cannot reach its background for hours). */
  maxQueued?: number;
  random?: () => number;
  /**
   * Start holding: nothing is sent until `release()`, which the content script
   * calls once the background has said that the tool is recorded.
   */
  held?: boolean;
  /** The background answered that the tool is not recorded (any more). */
  onStop?: () => void;
  now?: () => number;
}

export class Outbox {
  private queue: BatchItem[] = [];
  /** Messages sent and not yet answered, and the ids they carry. */
  private inFlight = 0;
  private readonly sending = new Set<string>();
  private scheduled = false;
  private failures = 0;
  private stopped = false;
  private held: boolean;
  dropped = 0;

  constructor(private readonly opts: OutboxOptions) {
    this.held = opts.held ?? false;
  }

  /** The background has said the tool is recorded: send what waited, and everything after. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.schedule(0);
  }

  get holding(): boolean {
    return this.held;
  }

  get size(): number {
    return this.queue.length;
  }

  push(item: BatchItem): void {
    if (this.stopped) return;
    this.queue.push(item);
    const max = this.opts.maxQueued ?? 5000;
    if (this.queue.length > max) {
      // Drop engagement first (the least informative), then the oldest.
      const idx = this.queue.findIndex((i) => i.item === 'event' && i.event.kind === 'engaged_time');
      this.queue.splice(idx >= 0 ? idx : 0, 1);
      this.dropped += 1;
    }
    this.schedule(this.opts.flushDelayMs ?? 150);
  }

  /** Send now (the tab being hidden, or a test). */
  flush(): Promise<void> {
    return this.sendOnce();
  }

  /**
   * The page is going away: there is no later for a retry. Everything not yet
   * acknowledged goes out now, past the in-flight limit and including items
   * whose message is still unanswered: after a browser start the background can
   * take seconds to answer (managed storage loads slowly), and a worker stopped
   * mid-message never answers at all. The background dedupes on the item id,
   * so an item that arrives twice is stored once.
   *
   * A held outbox sends too: a tab closed in the first seconds after a browser
   * start, before the background could read the policy, would otherwise lose
   * its prompt. The background stores it only once the policy is known and
   * only for a recorded tool; otherwise it keeps nothing, not even a count.
   */
  flushAll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.dropExpired();
    if (this.queue.length === 0) return Promise.resolve();
    const max = this.opts.maxBatch ?? 100;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < this.queue.length; i += max) {
      const batch = this.queue.slice(i, i + max);
      sends.push(
        this.opts.send(batch, true).then(
          (ack) => void this.forget(ack),
          () => undefined, // nothing more can be done from a page that is going
        ),
      );
    }
    return Promise.all(sends).then(() => undefined);
  }

  private forget(ack: BatchAck | undefined): boolean {
    if (!ack?.ok) return false;
    if (ack.stop) {
      this.stop();
      this.opts.onStop?.();
      return true;
    }
    const done = new Set(ack.done);
    this.queue = this.queue.filter((item) => !done.has(itemKey(item)));
    return true;
  }

  /** Events older than the background accepts are dropped here rather than sent to be refused. */
  private dropExpired(): void {
    const oldest = (this.opts.now ?? Date.now)() - MAX_EVENT_AGE_MS;
    const before = this.queue.length;
    this.queue = this.queue.filter((i) => i.item !== 'event' || i.event.at >= oldest);
    this.dropped += before - this.queue.length;
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
  }

  private schedule(ms: number): void {
    if (this.scheduled || this.stopped || this.held) return;
    this.scheduled = true;
    this.opts.later(ms, () => {
      this.scheduled = false;
      void this.sendOnce();
    });
  }

  private async sendOnce(): Promise<void> {
    if (this.stopped || this.held || this.inFlight >= MAX_IN_FLIGHT) return;
    this.dropExpired();
    // Items already in a message awaiting its answer are not sent again meanwhile; a slow
    // answer (the background still loading policy after a browser start) must not hold back
    // newer items, or a tab closed in the meantime would take them with it.
    const batch = this.queue.filter((i) => !this.sending.has(itemKey(i))).slice(0, this.opts.maxBatch ?? 100);
    if (batch.length === 0) return;
    const ids = batch.map(itemKey);
    for (const id of ids) this.sending.add(id);
    this.inFlight += 1;
    let ok = false;
    try {
      ok = this.forget(await this.opts.send(batch));
    } catch {
      // The worker was stopped mid-message, or is restarting: keep everything and retry.
    } finally {
      this.inFlight -= 1;
      for (const id of ids) this.sending.delete(id);
    }
    if (this.stopped) return;
    if (ok) {
      this.failures = 0;
      if (this.queue.some((i) => !this.sending.has(itemKey(i)))) this.schedule(0);
    } else {
      this.failures += 1;
      const base = this.opts.retryBaseMs ?? 500;
      const cap = this.opts.retryCapMs ?? 30_000;
      const ceiling = Math.min(cap, base * 2 ** Math.min(this.failures, 16));
      this.schedule(Math.max(50, Math.floor((this.opts.random ?? Math.random)() * ceiling)));
    }
  }
}

export function itemKey(item: BatchItem): string {
  return item.item === 'event' ? item.event.id : item.id;
}
