import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CAPTURE_PORT, type PortReply, type PortRequest } from '../contract/port';
import { batchSender } from './content-messaging';

/** A stand-in for the browser's end of a runtime port: records what the content script posts. */
class FakePort {
  posted: PortRequest[] = [];
  disconnected = false;
  private readonly messageListeners: ((m: unknown) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];
  constructor(readonly name: string) {}
  onMessage = { addListener: (fn: (m: unknown) => void) => void this.messageListeners.push(fn) };
  onDisconnect = { addListener: (fn: () => void) => void this.disconnectListeners.push(fn) };
  postMessage(m: PortRequest): void {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.posted.push(m);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  /** The background answers. */
  answer(reply: PortReply): void {
    for (const fn of this.messageListeners) fn(reply);
  }
  /** The browser closes the port from the other end (the worker stopped). */
  drop(): void {
    this.disconnected = true;
    for (const fn of this.disconnectListeners) fn();
  }
}

const item = (id: string) => ({ item: 'health' as const, id, chains: {}, errors: 0 });
const ack = (ids: string[]) => ({ ok: true as const, done: ids, rejected: 0 });

describe('capture batches on a long-lived port', () => {
  let ports: FakePort[];
  beforeEach(() => {
    fakeBrowser.reset();
    ports = [];
    (fakeBrowser.runtime as unknown as { connect: unknown }).connect = vi.fn(({ name }: { name: string }) => {
      const port = new FakePort(name);
      ports.push(port);
      return port;
    });
  });
  afterEach(() => vi.useRealTimers());

  it('sends every batch on one port and gives each the answer with its number, in whatever order they come', async () => {
    const send = batchSender('claude');
    const first = send([item('a')]);
    const second = send([item('b')]);
    expect(ports).toHaveLength(1);
    expect(ports[0]!.name).toBe(CAPTURE_PORT);
    const [p1, p2] = ports[0]!.posted;
    expect(p1!.message).toEqual({ type: 'batch', tool: 'claude', items: [item('a')] });
    expect(p1!.id).not.toBe(p2!.id);
    ports[0]!.answer({ id: p2!.id, reply: ack(['b']) });
    ports[0]!.answer({ id: p1!.id, reply: ack(['a']) });
    expect(await first).toEqual(ack(['a']));
    expect(await second).toEqual(ack(['b']));
    // An answer nobody waits for (late, or forged) changes nothing.
    ports[0]!.answer({ id: 999, reply: ack(['x']) });
  });

  it('fails the batches awaiting an answer when the worker closes the port, and opens a new one for the next', async () => {
    const send = batchSender('claude');
    const waiting = send([item('a')]);
    ports[0]!.drop();
    await expect(waiting).rejects.toThrow('disconnected');
    const again = send([item('a')]);
    expect(ports).toHaveLength(2);
    ports[1]!.answer({ id: ports[1]!.posted[0]!.id, reply: ack(['a']) });
    expect(await again).toEqual(ack(['a']));
  });

  it('gives up on an answer that does not come, and does not use that port again', async () => {
    vi.useFakeTimers();
    const send = batchSender('claude');
    const waiting = send([item('a')]);
    const failed = expect(waiting).rejects.toThrow('timeout');
    await vi.advanceTimersByTimeAsync(10_000);
    await failed;
    expect(ports[0]!.disconnected).toBe(true);
    void send([item('a')]).catch(() => undefined);
    expect(ports).toHaveLength(2);
  });

  it('closes the port once idle, so an idle tab holds nothing open', async () => {
    vi.useFakeTimers();
    const send = batchSender('claude');
    const done = send([item('a')]);
    ports[0]!.answer({ id: ports[0]!.posted[0]!.id, reply: ack(['a']) });
    await done;
    await vi.advanceTimersByTimeAsync(59_000);
    expect(ports[0]!.disconnected).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ports[0]!.disconnected).toBe(true);
  });

  it('times each request from its own sending: a later one answered in time is not failed by the earlier one’s clock', async () => {
    vi.useFakeTimers();
    const send = batchSender('claude');
    const first = send([item('a')]);
    await vi.advanceTimersByTimeAsync(5_000);
    ports[0]!.answer({ id: ports[0]!.posted[0]!.id, reply: ack(['a']) });
    await first;
    await vi.advanceTimersByTimeAsync(3_000);
    const second = send([item('b')]);
    const failed = expect(second).rejects.toThrow('timeout');
    // 10 s after the first was sent: the second has waited only 2 s.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ports[0]!.disconnected).toBe(false);
    await vi.advanceTimersByTimeAsync(8_000);
    await failed;
    expect(ports[0]!.disconnected).toBe(true);
  });

  it('sets no timer per batch: a steady stream of answered batches keeps one watchdog', async () => {
    vi.useFakeTimers();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const send = batchSender('claude');
    for (let i = 0; i < 20; i++) {
      const done = send([item(`e${i}`)]);
      ports[0]!.answer({ id: ports[0]!.posted[i]!.id, reply: ack([`e${i}`]) });
      await done;
      await vi.advanceTimersByTimeAsync(1_000);
    }
    // Re-armed every 10 s at most, where each batch used to set two timers.
    expect(timers.mock.calls.length).toBeLessThanOrEqual(4);
    expect(ports).toHaveLength(1);
    expect(ports[0]!.disconnected).toBe(false);
  });

  it('sends the last batch of a closing page as one message, not on the port', async () => {
    const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(ack(['a']) as never);
    const send = batchSender('claude');
    expect(await send([item('a')], true)).toEqual(ack(['a']));
    expect(sendMessage).toHaveBeenCalledWith({ type: 'batch', tool: 'claude', items: [item('a')] });
    expect(ports).toHaveLength(0);
  });
});
