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

export async function hello(): Promise<HelloReply | undefined> {
  return contentTransport('').hello();
}

export function contentTransport(tool: string) {
  return {
    async hello(): Promise<HelloReply | undefined> {
      try {
        const reply = (await withTimeout(browser.runtime.sendMessage({ type: 'hello' }), SEND_TIMEOUT_MS)) as
          | HelloReply
          | undefined;
        return reply?.ok ? reply : undefined;
      } catch {
        return undefined;
      }
    },
    send(items: BatchItem[]): Promise<BatchAck | undefined> {
      return withTimeout(
        browser.runtime.sendMessage({ type: 'batch', tool, items }) as Promise<BatchAck | undefined>,
        SEND_TIMEOUT_MS,
      );
    },
  };
}
