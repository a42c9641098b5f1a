import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { BatchItem } from '../contract/messages';
import { CAPTURE_PORT } from '../contract/port';
import { listenForContentMessages } from '../platform/background-runtime';
import { DexieIngestStore, LeadlineDB } from '../platform/db';
import { Ingest } from './ingest';

const EXT = 'cecokggigaclclkmpkjmndcmicloeogn';
const TAB = { id: EXT, url: 'https://claude.ai/chat/3f2a6c1e-5b7d', frameId: 0, tabId: 7 };
let n = 0;
const id = () => `evt${String(++n).padStart(20, '0')}`;
const now = () => Date.now();

/** Counter totals by name, over every day (rows are kept per local day). */
async function counterTotals(db: LeadlineDB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of await db.counters.toArray()) out[c.counter] = (out[c.counter] ?? 0) + c.count;
  return out;
}

function prompt(conv: string | null = 'site-conv-1', extra: Record<string, unknown> = {}): BatchItem {
  return {
    item: 'event',
    event: { id: id(), tool: 'claude', at: now(), conv, kind: 'prompt_sent', size: 'm', attachments: 0, mode: 'new', turn: 1, ...extra } as never,
  };
}

describe('background ingest', () => {
  let db: LeadlineDB;
  let store: DexieIngestStore;
  let ingest: Ingest;

  beforeEach(() => {
    db = new LeadlineDB(`test-${Math.random()}`);
    store = new DexieIngestStore(db);
    ingest = new Ingest({ store, extensionId: EXT });
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  it('stores a valid batch, minute-rounded, with the conversation id replaced by an HMAC', async () => {
    const items = [prompt(), prompt()];
    const ack = await ingest.handle({ type: 'batch', tool: 'claude', items }, TAB);
    expect(ack).toEqual({ ok: true, done: items.map((i) => (i as { event: { id: string } }).event.id), rejected: 0 });
    const rows = await db.events.orderBy('seq').toArray();
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    for (const r of rows) {
      expect(r.ts % 60_000).toBe(0);
      expect(r.conv).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(r)).not.toContain('site-conv-1');
    }
    expect(rows[0]!.conv).toBe(rows[1]!.conv);
  });

  it('drops and counts messages from anyone but its own content scripts on matching hosts', async () => {
    const msg = { type: 'batch', tool: 'claude', items: [prompt()] };
    const cases: [object, string][] = [
      [{ ...TAB, id: 'another-extension' }, 'foreign_sender'],
      [{ ...TAB, url: undefined }, 'not_a_tab'],
      [{ ...TAB, frameId: 3 }, 'subframe'],
      [{ ...TAB, url: 'https://evil.example/chat' }, 'host_mismatch'],
      [{ ...TAB, url: 'https://chatgpt.com/' }, 'host_mismatch'], // a chatgpt tab claiming to be claude
      [{ ...TAB, url: 'http://claude.ai/' }, 'host_mismatch'],
    ];
    for (const [sender, reason] of cases) {
      expect(await ingest.handle(msg, sender)).toEqual({ ok: false, error: reason });
    }
    await ingest.flush();
    expect(await db.events.count()).toBe(0);
    const counters = await counterTotals(db);
    expect(counters).toEqual({ 'dropped:foreign_sender': 1, 'dropped:not_a_tab': 1, 'dropped:subframe': 1, 'dropped:host_mismatch': 3 });
  });

  it('drops malformed items one by one, keeps their valid neighbours, and never throws', async () => {
    const good = prompt();
    const ack = await ingest.handle(
      {
        type: 'batch',
        tool: 'claude',
        items: [good, { item: 'event', event: { ...(good as { event: object }).event, id: id(), text: 'leak' } }, 42, null, { item: 'nope', id: id() }],
      },
      TAB,
    );
    expect(ack).toMatchObject({ ok: true, rejected: 4 });
    expect(await db.events.count()).toBe(1);
    for (const bad of [undefined, null, 'x', { type: 'batch' }, { type: 'batch', tool: 'claude', items: new Array(500).fill(good) }]) {
      expect(await ingest.handle(bad, TAB)).toEqual({ ok: false, error: 'invalid_message' });
    }
    await ingest.flush();
    const counters = await counterTotals(db);
    expect(counters).toEqual({ 'dropped:invalid_item': 4, 'dropped:invalid_message': 5 });
  });

  it('rejects events with impossible times', async () => {
    const ack = await ingest.handle({ type: 'batch', tool: 'claude', items: [prompt(null, { at: now() + 3600_000 }), prompt(null, { at: 0 })] }, TAB);
    expect(ack).toMatchObject({ ok: true, rejected: 2 });
    expect(await db.events.count()).toBe(0);
  });

  it('stores a resent event once and counts it once in adapter health', async () => {
    const item = prompt();
    await ingest.handle({ type: 'batch', tool: 'claude', items: [item] }, TAB);
    await ingest.handle({ type: 'batch', tool: 'claude', items: [item] }, TAB);
    expect(await db.events.count()).toBe(1);
    const [health] = await db.health.toArray();
    expect(health).toMatchObject({ tool: 'claude', prompts: 1 });
  });

  it('re-keys a new chat once its site id is known, before or after its events arrive', async () => {
    const early = prompt('local-abc123');
    await ingest.handle({ type: 'batch', tool: 'claude', items: [early] }, TAB);
    await ingest.handle({ type: 'batch', tool: 'claude', items: [{ item: 'link', id: id(), from: 'local-abc123', to: 'real-id-9' }] }, TAB);
    // A resend of an early event that lands after the link is re-keyed too.
    await ingest.handle({ type: 'batch', tool: 'claude', items: [prompt('local-abc123'), prompt('real-id-9')] }, TAB);
    const convs = new Set((await db.events.toArray()).map((e) => e.conv));
    expect(convs.size).toBe(1);
    expect([...convs][0]).toBe(await ingest.convKey('claude', 'real-id-9'));
  });

  it('writes the messages that arrive during a write together, in the next transaction, and acknowledges only after it commits', async () => {
    let commits = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = {
      secret: () => store.secret(),
      commit: async (b: Parameters<DexieIngestStore['commit']>[0]) => {
        commits += 1;
        await gate;
        return store.commit(b);
      },
    };
    const i2 = new Ingest({ store: slow, extensionId: EXT });
    let acked = 0;
    const send = () => i2.handle({ type: 'batch', tool: 'claude', items: [prompt()] }, TAB).then((a) => ((acked += 1), a));
    const first = send();
    while (commits === 0) await new Promise((r) => setTimeout(r, 5));
    const rest = Array.from({ length: 4 }, send);
    await new Promise((r) => setTimeout(r, 100));
    expect(acked).toBe(0); // nothing acknowledged while the write is pending
    expect(commits).toBe(1); // the others wait for it rather than start transactions of their own
    release();
    await Promise.all([first, ...rest]);
    expect(commits).toBe(2);
    expect(await db.events.count()).toBe(5);
  });

  it('answers a content script hello with the tool in force for its page, and whether to record', async () => {
    const { effectiveTools } = await import('../tools/effective');
    const { resolveConfig, recordedToolIds } = await import('../contract/config');
    const config = resolveConfig(
      { approvedTools: ['chatgpt'], customTools: [{ id: 'intranet-llm', name: 'Intranet', matches: ['https://llm.example.com/*'] }] },
      {},
    ).values;
    const i2 = new Ingest({ store, extensionId: EXT, tools: () => effectiveTools(config), gate: (t) => recordedToolIds(config).includes(t) });
    expect(await i2.handle({ type: 'hello' }, { ...TAB, url: 'https://llm.example.com/chat' })).toMatchObject({
      ok: true,
      record: true,
      tool: { id: 'intranet-llm', name: 'Intranet' },
    });
    expect(await i2.handle({ type: 'hello' }, TAB)).toMatchObject({ ok: true, record: false, tool: { id: 'claude' } });
    // A tool that policy does not approve records nothing, even if its content script sends.
    const ack = await i2.handle({ type: 'batch', tool: 'claude', items: [prompt()] }, TAB);
    expect(ack).toMatchObject({ ok: true, rejected: 1 });
    const custom = { item: 'event', event: { ...(prompt() as { event: object }).event, tool: 'intranet-llm' } };
    expect(await i2.handle({ type: 'batch', tool: 'intranet-llm', items: [custom] }, { ...TAB, url: 'https://llm.example.com/c/1' })).toMatchObject({ rejected: 0 });
    expect((await db.events.toArray()).map((e) => e.tool)).toEqual(['intranet-llm']);
  });

  it('while paused, acknowledges events without storing or counting them, and still answers hello with record: true', async () => {
    let pauses: { since: number; until: number | null }[] = [{ since: now() - 60_000, until: null }];
    const i2 = new Ingest({ store, extensionId: EXT, paused: () => pauses });
    const link = { item: 'link', id: id(), from: 'local-1', to: 'site-conv-9' };
    const items = [prompt(), prompt(), { item: 'health', id: id(), chains: { composer: 0 }, errors: 0 }, link, 'junk'];
    const ack = await i2.handle({ type: 'batch', tool: 'claude', items }, TAB);
    // Done with all of them, so the content script does not resend them for ever.
    expect(ack).toMatchObject({ ok: true, rejected: 3 });
    expect((ack as { done: string[] }).done).toHaveLength(4);
    expect(await i2.handle({ type: 'hello' }, TAB)).toMatchObject({ ok: true, record: true });
    await i2.flush();
    expect(await db.events.count()).toBe(0);
    expect(await db.health.count()).toBe(0);
    expect(await db.aliases.count()).toBe(0); // not even that a new chat was opened
    // Not even how much was done while paused: only the malformed item is counted.
    const counters = await counterTotals(db);
    expect(counters).toEqual({ 'dropped:invalid_item': 1 });

    pauses = [{ since: now() - 60_000, until: now() - 1 }]; // the pause ends: capture resumes without the content script doing anything
    await i2.handle({ type: 'batch', tool: 'claude', items: [prompt()] }, TAB);
    expect(await db.events.count()).toBe(1);
  });

  it('judges events by when they happened: one from before a pause is kept, one from within it is not, whenever they arrive', async () => {
    const start = now();
    const i2 = new Ingest({ store, extensionId: EXT, paused: () => [{ since: start - 30_000, until: start - 10_000 }] });
    const before = prompt('c1', { at: start - 40_000 });
    const during = prompt('c1', { at: start - 20_000 });
    const after = prompt('c1', { at: start - 5_000 });
    const ack = await i2.handle({ type: 'batch', tool: 'claude', items: [before, during, after] }, TAB);
    expect(ack).toMatchObject({ ok: true, rejected: 1 });
    await i2.flush();
    expect((await db.events.toArray()).map((e) => e.id).sort()).toEqual(
      [before, after].map((b) => (b as { event: { id: string } }).event.id).sort(),
    );
  });

  it('keeps nothing at all about a tool that is not recorded: no event, health row, alias or counter, and tells the tab to stop', async () => {
    const i2 = new Ingest({ store, extensionId: EXT, gate: (t) => t !== 'claude' });
    const items = [prompt(), { item: 'health', id: id(), chains: { composer: 0 }, errors: 2 }, { item: 'link', id: id(), from: 'local-1', to: 'site-9' }];
    const ack = await i2.handle({ type: 'batch', tool: 'claude', items }, TAB);
    // Done with, so never resent; and the content script is told to stop capturing.
    expect(ack).toMatchObject({ ok: true, stop: true, rejected: 3 });
    expect((ack as { done: string[] }).done).toHaveLength(3);
    expect(await i2.handle({ type: 'hello' }, TAB)).toMatchObject({ ok: true, record: false });
    // A recorded tool's events in the same run prove the write path ran.
    await i2.handle({ type: 'batch', tool: 'chatgpt', items: [{ item: 'event', event: { ...(prompt() as { event: object }).event, tool: 'chatgpt' } }] }, { ...TAB, url: 'https://chatgpt.com/' });
    await i2.flush();
    expect((await db.events.toArray()).map((e) => e.tool)).toEqual(['chatgpt']);
    expect((await db.health.toArray()).map((h) => h.tool)).toEqual(['chatgpt']);
    expect(await db.aliases.count()).toBe(0);
    expect(await db.counters.count()).toBe(0);
    expect(JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())))).not.toContain('claude');
  });

  it('while the policy is unknown, stores and counts nothing, and asks the content script to hold and retry', async () => {
    let known = false;
    const i2 = new Ingest({ store, extensionId: EXT, gate: () => (known ? true : undefined) });
    expect(await i2.handle({ type: 'hello' }, TAB)).toMatchObject({ ok: true, record: false, waiting: true });
    const items = [prompt(), { item: 'health', id: id(), chains: { composer: 0 }, errors: 0 }];
    expect(await i2.handle({ type: 'batch', tool: 'claude', items }, TAB)).toEqual({ ok: false, error: 'policy_unknown' });
    await i2.flush();
    expect(await db.events.count()).toBe(0);
    expect(await db.health.count()).toBe(0);
    expect(await db.counters.count()).toBe(0);
    known = true; // the same items, resent once the policy is known, are stored
    expect(await i2.handle({ type: 'batch', tool: 'claude', items }, TAB)).toMatchObject({ ok: true, rejected: 0 });
    expect(await db.events.count()).toBe(1);
  });

  it('refuses a private window without a trace, and takes a closing Firefox tab\'s last message, which has no tab', async () => {
    expect(await ingest.handle({ type: 'batch', tool: 'claude', items: [prompt()] }, { ...TAB, incognito: true })).toEqual({ ok: false, error: 'incognito' });
    const engaged = { item: 'event', event: { id: id(), tool: 'claude', at: now(), conv: null, kind: 'engaged_time', seconds: 42 } };
    // What Firefox reports for a pagehide message: our id and the page URL, no tab and so no frameId.
    const ack = await ingest.handle({ type: 'batch', tool: 'claude', items: [engaged] }, { id: EXT, url: 'https://claude.ai/chat/1' });
    expect(ack).toMatchObject({ ok: true, rejected: 0 });
    await ingest.flush();
    expect((await db.events.toArray()).map((e) => e.kind)).toEqual(['engaged_time']);
    expect(await counterTotals(db)).toEqual({});
  });

  it('rate-limits each tab on its own, and counts what it drops by kind, never by tool', async () => {
    const i2 = new Ingest({ store, extensionId: EXT, perTabPerMinute: 120 });
    const copied = () => ({ item: 'event', event: { id: id(), tool: 'claude', at: now(), conv: null, kind: 'response_copied' } });
    for (let b = 0; b < 3; b++) {
      await i2.handle({ type: 'batch', tool: 'claude', items: [...Array.from({ length: 50 }, copied), ...Array.from({ length: 50 }, () => prompt())] }, TAB);
    }
    // Another tab in the same minute is not held back by the flood.
    const other = await i2.handle({ type: 'batch', tool: 'claude', items: [prompt(), prompt()] }, { ...TAB, tabId: 8 });
    expect(other).toMatchObject({ ok: true, rejected: 0 });
    await i2.flush();
    expect(await db.events.count()).toBe(122);
    const counters = await counterTotals(db);
    // 100 admitted from the first batch, 20 copies from the second; the rest dropped.
    expect(counters).toEqual({ 'dropped:rate_limited:response_copied': 80, 'dropped:rate_limited:prompt_sent': 100 });
    expect(Object.keys(counters).join()).not.toContain('claude');
  });

  it('accepts what an outbox held over a night asleep, and refuses events dated days back or in the future', async () => {
    const ack = await ingest.handle(
      { type: 'batch', tool: 'claude', items: [prompt(null, { at: now() - 20 * 3600_000 }), prompt(null, { at: now() - 3 * 86_400_000 }), prompt(null, { at: now() + 3600_000 })] },
      TAB,
    );
    expect(ack).toMatchObject({ ok: true, rejected: 2 });
    await ingest.flush();
    expect(await db.events.count()).toBe(1);
    expect(await counterTotals(db)).toEqual({ 'dropped:bad_time': 2 });
  });

  it('on a full database, prunes at once and writes again; if it stays full, refuses (the tab keeps its events) and says so', async () => {
    const quota = () => Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    let full = 1;
    let relieved = 0;
    const states: (string | null)[] = [];
    const flaky = { secret: () => store.secret(), commit: async (b: Parameters<DexieIngestStore['commit']>[0]) => (full-- > 0 ? Promise.reject(quota()) : store.commit(b)) };
    const i2 = new Ingest({ store: flaky, extensionId: EXT, relieve: async () => (relieved += 1), onStorageState: (e) => states.push(e) });
    expect(await i2.handle({ type: 'batch', tool: 'claude', items: [prompt()] }, TAB)).toMatchObject({ ok: true });
    expect(relieved).toBe(1);
    expect(await db.events.count()).toBe(1);
    expect(states).toEqual([]); // relief worked: nothing to report

    full = 100;
    const item = prompt();
    expect(await i2.handle({ type: 'batch', tool: 'claude', items: [item] }, TAB)).toEqual({ ok: false, error: 'The quota has been exceeded.' });
    expect(states).toEqual(['QuotaExceededError']);
    full = 0; // room again: the resent item lands, and the problem is cleared
    expect(await i2.handle({ type: 'batch', tool: 'claude', items: [item] }, TAB)).toMatchObject({ ok: true, rejected: 0 });
    expect(states).toEqual(['QuotaExceededError', null]);
    expect(await db.events.count()).toBe(2);
  });

  it("commits each tab's batch on its own when a shared write fails, so one tab's failure blocks no other", async () => {
    const poison = prompt();
    const poisonId = (poison as { event: { id: string } }).event.id;
    const picky = {
      secret: () => store.secret(),
      commit: async (b: Parameters<DexieIngestStore['commit']>[0]) =>
        b.events.some((e) => e.id === poisonId) ? Promise.reject(new Error('this batch cannot be written')) : store.commit(b),
    };
    const i2 = new Ingest({ store: picky, extensionId: EXT });
    const [bad, good] = await Promise.all([
      i2.handle({ type: 'batch', tool: 'claude', items: [poison] }, TAB),
      i2.handle({ type: 'batch', tool: 'claude', items: [prompt(), prompt()] }, { ...TAB, tabId: 9 }),
    ]);
    expect(bad).toEqual({ ok: false, error: 'this batch cannot be written' });
    expect(good).toMatchObject({ ok: true, rejected: 0 });
    expect(await db.events.count()).toBe(2);
  });

  it('answers a failed write with a refusal, so the content script keeps and resends', async () => {
    const broken = new Ingest({ store: { secret: () => store.secret(), commit: () => Promise.reject(new Error('QuotaExceededError')) }, extensionId: EXT });
    const ack = await broken.handle({ type: 'batch', tool: 'claude', items: [prompt()] }, TAB);
    expect(ack).toEqual({ ok: false, error: 'QuotaExceededError' });
  });

  /** fakeBrowser has no runtime ports: the listener the background adds is kept here instead. */
  function stubOnConnect(): ((port: unknown) => void)[] {
    const listeners: ((port: unknown) => void)[] = [];
    (fakeBrowser.runtime as unknown as { onConnect: unknown }).onConnect = { addListener: (fn: (port: unknown) => void) => void listeners.push(fn) };
    return listeners;
  }

  it('is wired to runtime messages through the browser API (fakeBrowser)', async () => {
    fakeBrowser.reset();
    stubOnConnect();
    listenForContentMessages(new Ingest({ store, extensionId: fakeBrowser.runtime.id }));
    // A message with no sender details (not from one of our tabs) is refused.
    expect(await fakeBrowser.runtime.sendMessage({ type: 'batch', tool: 'claude', items: [prompt()] })).toEqual({
      ok: false,
      error: 'foreign_sender',
    });
    // The same message from our content script in a claude.ai tab is stored, and answered through sendResponse.
    const reply = await new Promise((resolve) =>
      fakeBrowser.runtime.onMessage.trigger(
        { type: 'batch', tool: 'claude', items: [prompt()] },
        { id: fakeBrowser.runtime.id, url: 'https://claude.ai/new', frameId: 0, tab: { id: 3 } as never },
        resolve,
      ),
    );
    expect(reply).toMatchObject({ ok: true, rejected: 0 });
    expect(await db.events.count()).toBe(1);
  });

  it('answers batches on the capture port by their number, judging each by the port sender', async () => {
    fakeBrowser.reset();
    const onConnect = stubOnConnect();
    listenForContentMessages(new Ingest({ store, extensionId: fakeBrowser.runtime.id }));
    expect(onConnect).toHaveLength(1);
    const open = (name: string, sender: object) => {
      const posted: unknown[] = [];
      const listeners: ((m: unknown) => void)[] = [];
      const port = {
        name,
        sender,
        disconnected: false,
        onMessage: { addListener: (fn: (m: unknown) => void) => void listeners.push(fn) },
        onDisconnect: { addListener: () => undefined },
        postMessage: (m: unknown) => void posted.push(m),
        disconnect: () => void (port.disconnected = true),
      };
      onConnect[0]!(port);
      return { port, posted, send: (m: unknown) => listeners.forEach((fn) => fn(m)) };
    };
    const tab = { id: fakeBrowser.runtime.id, url: 'https://claude.ai/new', frameId: 0, tab: { id: 3 } };
    const capture = open(CAPTURE_PORT, tab);
    capture.send({ id: 7, message: { type: 'batch', tool: 'claude', items: [prompt()] } });
    await vi.waitFor(() => expect(capture.posted).toHaveLength(1));
    expect(capture.posted[0]).toMatchObject({ id: 7, reply: { ok: true, rejected: 0 } });
    expect(await db.events.count()).toBe(1);
    // A port from a page in another site's tab speaks for nothing.
    const foreign = open(CAPTURE_PORT, { ...tab, url: 'https://example.com/' });
    foreign.send({ id: 1, message: { type: 'batch', tool: 'claude', items: [prompt()] } });
    await vi.waitFor(() => expect(foreign.posted).toEqual([{ id: 1, reply: { ok: false, error: 'host_mismatch' } }]));
    // An envelope without its number is counted as malformed and cannot be answered.
    capture.send({ message: { type: 'batch', tool: 'claude', items: [prompt()] } });
    await vi.waitFor(async () => expect((await counterTotals(db))['dropped:invalid_message']).toBe(1), { timeout: 2000 });
    expect(capture.posted).toHaveLength(1);
    expect(await db.events.count()).toBe(1);
    // Any other port is closed at once.
    expect(open('something-else', tab).port.disconnected).toBe(true);
  });
});
