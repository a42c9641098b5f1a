/**
 * Test kit for site adapters: a static snapshot of a site's DOM, mutated the way
 * the site mutates it, with the real capture wiring (observer, listeners,
 * tracker, outbox) running on top. Only used by *.test.ts files.
 */
import { vi } from 'vitest';
import type { BatchItem } from '../../contract/messages';
import { runCapture, type Lifecycle } from '../../capture/run';
import type { ToolDefinition } from '../types';

export interface SiteMarkup {
  /** The page before any conversation: composer, send button, empty message list. */
  page: string;
  /** Selector of the element turns are appended to. */
  list: string;
  /** Selector of the composer to type into. */
  composer: string;
  userTurn(n: number): string;
  /** The assistant turn; `streaming` is true while the answer streams. */
  assistantTurn(n: number, opts: { streaming: boolean; code: boolean }): string;
  /** Markup of the stop control, and the selector of where it goes. */
  stop: { html: string; into: string };
  /** Conversation URL the site moves to after the first prompt. */
  conversationPath: string;
}

export function fakeLifecycle(): Lifecycle & { invalidate(): void } {
  const controller = new AbortController();
  return {
    get isValid() {
      return !controller.signal.aborted;
    },
    setTimeout: (fn, ms) => setTimeout(() => !controller.signal.aborted && fn(), ms),
    setInterval: (fn, ms) => setInterval(() => !controller.signal.aborted && fn(), ms),
    onInvalidated: (cb) => controller.signal.addEventListener('abort', cb),
    invalidate: () => controller.abort(),
  };
}

/**
 * The events the kit dispatches on the person's behalf. Synthetic events are
 * never `isTrusted`, so the kit vouches for its own, and only those: an event
 * dispatched any other way is treated as the page's, as in a real browser.
 */
const personEvents = new WeakSet<Event>();
export const asPerson = <E extends Event>(e: E): E => (personEvents.add(e), e);
const trustedInTests = (e: Event) => e.isTrusted || personEvents.has(e);

export class SiteSession {
  readonly sent: BatchItem[] = [];
  readonly ctx = fakeLifecycle();
  private turns = 0;
  private chats = 0;

  constructor(
    readonly tool: ToolDefinition,
    readonly markup: SiteMarkup,
  ) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] });
    history.replaceState(null, '', '/');
    document.body.innerHTML = markup.page;
    runCapture(
      this.ctx,
      tool,
      async (items) => {
        this.sent.push(...items);
        return { ok: true, done: items.map((i) => (i.item === 'event' ? i.event.id : i.id)), rejected: 0 };
      },
      { trusted: trustedInTests },
    );
  }

  /** Events sent so far, without engaged time, as kind + fields. */
  events(): Record<string, unknown>[] {
    return this.sent
      .filter((i) => i.item === 'event' && i.event.kind !== 'engaged_time')
      .map((i) => {
        const { id: _id, at: _at, tool: _tool, conv: _conv, ...rest } = (i as Extract<BatchItem, { item: 'event' }>).event;
        return rest;
      });
  }

  convs(): (string | null)[] {
    return this.sent.filter((i) => i.item === 'event').map((i) => (i as Extract<BatchItem, { item: 'event' }>).event.conv);
  }

  async advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
  }

  private el(selector: string): HTMLElement {
    const el = document.querySelector<HTMLElement>(selector);
    if (!el) throw new Error(`fixture has no ${selector}`);
    return el;
  }

  type(text: string): void {
    const c = this.el(this.markup.composer);
    if (c instanceof HTMLTextAreaElement) c.value = text;
    else c.textContent = text;
  }

  pressEnter(): void {
    this.el(this.markup.composer).dispatchEvent(asPerson(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
  }

  click(selector: string, index = -1): void {
    const all = document.querySelectorAll<HTMLElement>(selector);
    const el = all[index < 0 ? all.length + index : index];
    if (!el) throw new Error(`fixture has no ${selector}`);
    el.dispatchEvent(asPerson(new MouseEvent('click', { bubbles: true, cancelable: true })));
  }

  /** What the site does after a send: show the user turn, move to the conversation URL, stream an answer. */
  async siteAnswers(opts: { code?: boolean; streamMs?: number; urlAfterAnswer?: boolean } = {}): Promise<void> {
    this.turns += 1;
    const n = this.turns;
    this.type('');
    const list = this.el(this.markup.list);
    list.insertAdjacentHTML('beforeend', this.markup.userTurn(n));
    const move = n === 1 && location.pathname === '/';
    if (move) this.chats += 1;
    // Each new chat gets its own id: the base path, its last character replaced by the chat's number.
    const path = this.chats === 1 ? this.markup.conversationPath : this.markup.conversationPath.slice(0, -1) + this.chats;
    if (move && !opts.urlAfterAnswer) this.navigate(path);
    await this.stream(n, opts);
    if (move && opts.urlAfterAnswer) {
      this.navigate(path);
      await this.advance(1000);
    }
  }

  /** A pushState navigation, announced the way WXT's location watcher announces it. */
  navigate(path: string): void {
    history.pushState(null, '', path);
    window.dispatchEvent(new Event('wxt:locationchange'));
  }

  /** Replace the last answer by a new stream, as regenerate does. */
  async siteRegenerates(): Promise<void> {
    const turns = document.querySelectorAll('[data-fixture-assistant]');
    turns[turns.length - 1]?.remove();
    await this.stream(this.turns, {});
  }

  private async stream(n: number, opts: { code?: boolean; streamMs?: number }): Promise<void> {
    const list = this.el(this.markup.list);
    list.insertAdjacentHTML('beforeend', this.markup.assistantTurn(n, { streaming: true, code: Boolean(opts.code) }));
    this.el(this.markup.stop.into).insertAdjacentHTML('beforeend', this.markup.stop.html);
    await this.advance(opts.streamMs ?? 2000);
    document.querySelectorAll('[data-fixture-stop]').forEach((e) => e.remove());
    const turns = list.querySelectorAll('[data-fixture-assistant]');
    turns[turns.length - 1]?.replaceWith(
      document.createRange().createContextualFragment(this.markup.assistantTurn(n, { streaming: false, code: Boolean(opts.code) })),
    );
    await this.advance(1000);
  }

  async newChat(): Promise<void> {
    this.navigate('/');
    this.el(this.markup.list).innerHTML = '';
    this.turns = 0;
    await this.advance(500);
  }

  close(): void {
    this.ctx.invalidate();
    vi.useRealTimers();
  }
}

/** The standard session every adapter must read exactly. */
export async function standardSession(s: SiteSession, copySelector: string, regenerateSelector: string) {
  s.type('x'.repeat(120));
  s.pressEnter();
  await s.siteAnswers({ code: true });
  s.click(copySelector);
  s.click(regenerateSelector);
  await s.siteRegenerates();
  s.type('y'.repeat(1500));
  s.pressEnter();
  await s.siteAnswers();
  await s.newChat();
  s.type('z'.repeat(10));
  s.pressEnter();
  await s.siteAnswers();
  await s.advance(5000);
}

export const STANDARD_EVENTS = [
  { kind: 'conversation_started' },
  { kind: 'prompt_sent', size: 's', attachments: 0, mode: 'new', turn: 1 },
  { kind: 'response_completed', size: 'xs', hasCode: true, duration: 'lt5s' },
  { kind: 'response_copied' },
  { kind: 'response_regenerated' },
  { kind: 'response_completed', size: 'xs', hasCode: false, duration: 'lt5s' },
  { kind: 'prompt_sent', size: 'l', attachments: 0, mode: 'new', turn: 2 },
  { kind: 'response_completed', size: 'xs', hasCode: false, duration: 'lt5s' },
  { kind: 'conversation_started' },
  { kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'new', turn: 1 },
  { kind: 'response_completed', size: 'xs', hasCode: false, duration: 'lt5s' },
];
