import { browser } from 'wxt/browser';
import type { BatchAck, BatchItem, HelloReply } from '../contract/messages';

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

/** Sends a batch of capture items for the given tool; resolves to the background's acknowledgement. */
export function batchSender(tool: string): (items: BatchItem[]) => Promise<BatchAck | undefined> {
  return (items) =>
    withTimeout(browser.runtime.sendMessage({ type: 'batch', tool, items }) as Promise<BatchAck | undefined>, SEND_TIMEOUT_MS);
}
