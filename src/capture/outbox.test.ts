import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchAck, BatchItem } from '../contract/messages';
import { MAX_EVENT_AGE_MS } from '../contract/limits';
import { Outbox } from './outbox';

const item = (i: number): BatchItem => ({
  item: 'event',
  event: { id: `e${String(i).padStart(19, '0')}`, tool: 'claude', at: Date.now(), conv: null, kind: 'response_copied' } as never,
});
const ids = (items: BatchItem[]) => items.map((i) => (i.item === 'event' ? i.event.id : i.id));

describe('content-script outbox', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const later = (ms: number, fn: () => void) => void setTimeout(fn, ms);

  it('coalesces a burst into one message', async () => {
    const sent: BatchItem[][] = [];
    const box = new Outbox({ later, send: async (b) => (sent.push(b), { ok: true, done: ids(b), rejected: 0 }) });
    for (let i = 0; i < 5; i++) box.push(item(i));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((b) => b.length)).toEqual([5]);
    expect(box.size).toBe(0);
  });

  it('keeps everything and resends after a stopped worker, until acknowledged', async () => {
    let calls = 0;
    const stored = new Set<string>();
    const box = new Outbox({
      later,
      random: () => 0.5,
      send: async (b) => {
        calls += 1;
        if (calls <= 3) throw new Error('Could not establish connection. Receiving end does not exist.');
        b.forEach((i) => stored.add(ids([i])[0]!));
        return { ok: true, done: ids(b), rejected: 0 };
      },
    });
    box.push(item(1));
    box.push(item(2));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(4);
    expect([...stored]).toEqual(ids([item(1), item(2)]));
    expect(box.size).toBe(0);
  });

  it('forgets only what the background acknowledged', async () => {
    const box = new Outbox({ later, send: async (b) => ({ ok: true, done: ids(b.slice(0, 1)), rejected: 0 }) });
    box.push(item(1));
    box.push(item(2));
    await vi.advanceTimersByTimeAsync(100);
    await box.flush();
    expect(box.size).toBe(1);
  });

  it('treats a refusal or a missing answer as not stored', async () => {
    const answers: (BatchAck | undefined)[] = [undefined, { ok: false } as never, { ok: true, done: ids([item(1)]), rejected: 0 }];
    const box = new Outbox({ later, random: () => 0, send: async () => answers.shift() });
    box.push(item(1));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(answers).toHaveLength(0);
    expect(box.size).toBe(0);
  });

  it('does not hold newer items behind a slow answer', async () => {
    const sent: string[][] = [];
    let answerFirst!: () => void;
    const box = new Outbox({
      later,
      send: (b) => {
        sent.push(ids(b));
        if (sent.length === 1) return new Promise((r) => (answerFirst = () => r({ ok: true, done: ids(b), rejected: 0 })));
        return Promise.resolve({ ok: true, done: ids(b), rejected: 0 });
      },
    });
    box.push(item(1));
    await vi.advanceTimersByTimeAsync(200); // item 1 is in a message the background has not answered
    box.push(item(2));
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toEqual([ids([item(1)]), ids([item(2)])]); // item 2 went out on its own, item 1 not twice
    expect(box.size).toBe(1);
    answerFirst();
    await vi.advanceTimersByTimeAsync(10);
    expect(box.size).toBe(0);
  });

  it('sends everything unacknowledged when the page goes, past the in-flight limit and the unanswered messages', async () => {
    // The background answers nothing for now (managed storage still loading after a browser start).
    const sent: string[][] = [];
    const box = new Outbox({ later, maxBatch: 5, send: (b) => (sent.push(ids(b)), new Promise(() => {})) });
    for (let i = 0; i < 12; i++) {
      box.push(item(i));
      await vi.advanceTimersByTimeAsync(200); // one message per item, until the in-flight limit
    }
    const before = sent.length;
    expect(before).toBeLessThan(12); // the limit held the rest back
    void box.flushAll();
    const final = sent.slice(before);
    // All twelve, the unanswered ones included, in messages of at most maxBatch items.
    expect(final.flat()).toEqual(ids(Array.from({ length: 12 }, (_, i) => item(i))));
    expect(final.map((b) => b.length)).toEqual([5, 5, 2]);
  });

  it('forgets what the final flush got acknowledged, and sends nothing once stopped', async () => {
    let calls = 0;
    const box = new Outbox({ later, send: async (b) => (calls++, { ok: true, done: ids(b), rejected: 0 }) });
    box.push(item(1));
    await box.flushAll();
    expect(box.size).toBe(0);
    box.push(item(2));
    box.stop();
    await box.flushAll();
    expect(calls).toBe(1);
  });

  it('bounds its memory, dropping engaged time before anything else', async () => {
    const box = new Outbox({ later, maxQueued: 3, send: () => new Promise(() => {}) });
    box.push({ item: 'event', event: { ...(item(0) as { event: object }).event, kind: 'engaged_time', seconds: 5 } as never });
    for (let i = 1; i <= 3; i++) box.push(item(i));
    expect(box.size).toBe(3);
    expect(box.dropped).toBe(1);
  });

  it('holds everything until released: nothing is sent before the background says the tool is recorded', async () => {
    const sent: BatchItem[][] = [];
    const box = new Outbox({ later, held: true, send: async (b) => (sent.push(b), { ok: true, done: ids(b), rejected: 0 }) });
    box.push(item(1));
    box.push(item(2));
    await box.flush(); // the tab hidden: still held
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toEqual([]);
    expect(box.size).toBe(2);
    box.release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map(ids)).toEqual([ids([item(1), item(2)])]);
    expect(box.size).toBe(0);
  });

  it('stops and forgets everything when the background answers that the tool is not recorded', async () => {
    let stopped = 0;
    let calls = 0;
    const box = new Outbox({ later, onStop: () => (stopped += 1), send: async () => (calls++, { ok: true, done: [], rejected: 1, stop: true }) });
    box.push(item(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(stopped).toBe(1);
    expect(box.size).toBe(0);
    box.push(item(2));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
  });

  it('drops events older than the background accepts instead of sending them to be refused', async () => {
    const sent: BatchItem[][] = [];
    const box = new Outbox({ later, send: async (b) => (sent.push(b), { ok: true, done: ids(b), rejected: 0 }) });
    const old = { item: 'event', event: { ...(item(9) as { event: object }).event, at: Date.now() - MAX_EVENT_AGE_MS - 1 } } as BatchItem;
    box.push(old);
    box.push(item(1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map(ids)).toEqual([ids([item(1)])]);
    expect(box.dropped).toBe(1);
  });
});
