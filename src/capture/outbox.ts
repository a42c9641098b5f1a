import type { BatchAck, BatchItem } from '../contract/messages';

/**
 * Items wait here until the background says they are stored. The background
 * acknowledges only after its IndexedDB transaction commits, so an item lost
 * to a stopped service worker is simply sent again; the background dedupes on
 * the item id. Nothing is persisted in the page: the page's own storage belongs
 * to the AI site, which could read it.
 */
export type SendBatch = (items: BatchItem[]) => Promise<BatchAck | undefined>;

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
}

export class Outbox {
  private queue: BatchItem[] = [];
  private inFlight = false;
  private scheduled = false;
  private failures = 0;
  private stopped = false;
  /** Held items wait for the background's hello before anything is sent. */
  private held = false;
  dropped = 0;

  constructor(private readonly opts: OutboxOptions) {}

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

  /** Send now (page hiding, or a test). */
  flush(): Promise<void> {
    return this.sendOnce();
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    if (this.queue.length > 0) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.opts.later(ms, () => {
      this.scheduled = false;
      void this.sendOnce();
    });
  }

  private async sendOnce(): Promise<void> {
    if (this.inFlight || this.stopped || this.held || this.queue.length === 0) return;
    this.inFlight = true;
    const batch = this.queue.slice(0, this.opts.maxBatch ?? 100);
    let ok = false;
    try {
      const ack = await this.opts.send(batch);
      if (ack && ack.ok) {
        const done = new Set(ack.done);
        this.queue = this.queue.filter((item) => !done.has(itemKey(item)));
        ok = true;
      }
    } catch {
      // The worker was stopped mid-message, or is restarting: keep everything and retry.
    } finally {
      this.inFlight = false;
    }
    if (ok) {
      this.failures = 0;
      if (this.queue.length > 0) this.schedule(0);
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
