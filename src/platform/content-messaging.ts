import { browser, type Browser } from 'wxt/browser';
import type { BatchAck, ContentMessage, HelloReply } from '../contract/messages';
import { CAPTURE_PORT, type PortReply, type PortRequest } from '../contract/port';
import type { SendBatch } from '../capture/outbox';

type Port = Browser.runtime.Port;

/**
 * Content-script side of messaging. A stopped service worker makes sendMessage
 * reject (or, rarely, hang): both surface as a failed send, and the outbox retries.
 */
const SEND_TIMEOUT_MS = 10_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/**
 * Asks the background which tool this page belongs to and whether to record it.
 * Undefined when the background cannot be reached (the caller records anyway,
 * and the background checks everything again when the events arrive).
 */
export async function hello(): Promise<HelloReply | undefined> {
  try {
    const reply = (await withTimeout(browser.runtime.sendMessage({ type: 'hello' }), SEND_TIMEOUT_MS)) as HelloReply | undefined;
    return reply?.ok ? reply : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Batches go over one long-lived port, not a message each: every sendMessage opens a channel
 * to the background and closes it, and on an AI page that was the costliest thing the content
 * script did on the page's main thread (`npm run bench -- --only page`: runtime.sendMessage a
 * third of the script's time on some sites; a message on an open port costs a tenth of opening one).
 * The port opens with the first batch and closes after PORT_IDLE_MS without one, so an idle tab
 * holds nothing open. The browser closing it (the worker stopped, the extension reloaded) fails
 * the batches still awaiting their answer; the outbox keeps their items and sends them again,
 * over a new port, and the background dedupes on the item ids.
 */
const PORT_IDLE_MS = 60_000;

interface Awaiting {
  resolve(reply: BatchAck | undefined): void;
  reject(error: Error): void;
  /** When the request was posted (Date.now()). */
  sent: number;
}

/**
 * One timer per port, not one per batch: each answer used to clear the request's timer and set the
 * idle one, four timer calls a batch on the page's main thread. The watchdog fires when the oldest
 * unanswered request reaches SEND_TIMEOUT_MS, or the port has been idle for PORT_IDLE_MS, and is
 * re-armed for whichever comes next; answers touch no timer.
 */
class BatchPort {
  private port: Port | null = null;
  private nextId = 0;
  /** In the order sent (a Map keeps insertion order): the first is the oldest. */
  private readonly awaiting = new Map<number, Awaiting>();
  private lastReply = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  /** When the armed watchdog fires. */
  private due = Infinity;

  request(message: ContentMessage): Promise<BatchAck | undefined> {
    return new Promise((resolve, reject) => {
      const id = (this.nextId += 1);
      const sent = Date.now();
      this.awaiting.set(id, { resolve, reject, sent });
      this.arm(sent + SEND_TIMEOUT_MS);
      try {
        this.open().postMessage({ id, message } satisfies PortRequest);
      } catch (e) {
        this.close(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Makes the watchdog fire by `at` (it may fire earlier, and then re-arms itself). */
  private arm(at: number): void {
    if (this.watchdog !== undefined && this.due <= at) return;
    clearTimeout(this.watchdog);
    this.due = at;
    this.watchdog = setTimeout(() => this.check(), Math.max(0, at - Date.now()));
  }

  private check(): void {
    this.watchdog = undefined;
    this.due = Infinity;
    if (!this.port) return;
    const now = Date.now();
    const oldest = this.awaiting.values().next().value;
    if (oldest) {
      // No answer in time: this port may lead nowhere (a worker that hangs); the next batch opens another.
      if (now - oldest.sent >= SEND_TIMEOUT_MS) this.close(new Error('timeout'));
      else this.arm(oldest.sent + SEND_TIMEOUT_MS);
    } else if (now - this.lastReply >= PORT_IDLE_MS) this.close(new Error('idle'));
    else this.arm(this.lastReply + PORT_IDLE_MS);
  }

  private open(): Port {
    if (this.port) return this.port;
    const port = browser.runtime.connect({ name: CAPTURE_PORT });
    port.onMessage.addListener((m: unknown) => {
      const reply = m as Partial<PortReply> | null;
      const waiting = typeof reply?.id === 'number' ? this.awaiting.get(reply.id) : undefined;
      if (!waiting) return; // answered after its timeout: the items were (or will be) sent again
      this.awaiting.delete(reply!.id!);
      this.lastReply = Date.now();
      waiting.resolve(reply!.reply as BatchAck | undefined);
    });
    // Only the other end's disconnect calls this: the worker stopped, or the extension went away.
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.close(new Error('disconnected'), false);
    });
    return (this.port = port);
  }

  /** Closes the port, failing every batch that awaits an answer on it (the outbox sends them again). */
  private close(error: Error, disconnect = true): void {
    const port = this.port;
    this.port = null;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    this.due = Infinity;
    if (disconnect) {
      try {
        port?.disconnect();
      } catch {
        // Already gone with the extension context.
      }
    }
    for (const waiting of this.awaiting.values()) waiting.reject(error);
    this.awaiting.clear();
  }
}

/**
 * Sends a batch of capture items for the given tool; resolves to the background's acknowledgement.
 * `final` is the page going away: then one message, which the browser delivers even as the tab
 * closes (a port closing with its tab may drop what it carried last).
 */
export function batchSender(tool: string): SendBatch {
  const port = new BatchPort();
  return (items, final) => {
    const message = { type: 'batch' as const, tool, items };
    if (final) return withTimeout(browser.runtime.sendMessage(message) as Promise<BatchAck | undefined>, SEND_TIMEOUT_MS);
    return port.request(message);
  };
}
