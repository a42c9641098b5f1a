import type { BatchItem } from '../contract/messages';
import type { ToolDefinition } from '../contract/tool';
import { attributesRead } from './chains';
import { EngagementMeter } from './engagement';
import { Outbox, type SendBatch } from './outbox';
import { Tracker } from './tracker';

/** The slice of WXT's ContentScriptContext this needs; a fake implements it in tests. */
export interface Lifecycle {
  readonly isValid: boolean;
  setTimeout(handler: () => void, ms: number): unknown;
  setInterval(handler: () => void, ms: number): unknown;
  onInvalidated(cb: () => void): unknown;
}

/** Mutations arrive in storms while a response streams; the check runs at most this often. */
export const CHECK_THROTTLE_MS = 150;
const TICK_MS = 5_000;
/** Engaged seconds are sent in slices of about a minute, and whenever the tab is hidden. */
const ENGAGED_FLUSH_SECONDS = 60;

export function randomId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

export interface Capture {
  tracker: Tracker;
  outbox: Outbox;
  /** Aborted when capture stops: every listener, the observer and the interval go with it. */
  readonly signal: AbortSignal;
  /** Switch to the definition in force (policy overrides), observing what its selectors read. */
  useTool(tool: ToolDefinition): void;
  /** Stop observing and drop anything not yet sent. */
  stop(): void;
}

export interface CaptureOptions {
  /** Hold everything in the outbox until `outbox.release()` (the background has said the tool is recorded). */
  held?: boolean;
  /** Whether an input event is the person's (default `isTrusted`; tests mark their stand-in events). */
  trusted?: (e: Event) => boolean;
}

export function runCapture(ctx: Lifecycle, tool: ToolDefinition, send: SendBatch, options: CaptureOptions = {}): Capture {
  // One switch for everything capture installs, so a stopped capture leaves nothing running in the page.
  const controller = new AbortController();
  const trusted = options.trusted ?? ((e: Event) => e.isTrusted);
  const { signal } = controller;
  // The page's own timer, not ctx.setTimeout: that one adds an invalidation listener per
  // timer and never removes it, so a long session piles up thousands of them. An extension
  // reloaded under the page is noticed by the interval below (ctx.setInterval checks it),
  // which stops capture and so aborts the signal.
  const later = (ms: number, fn: () => void) => void setTimeout(() => signal.aborted || fn(), ms);
  const outbox = new Outbox({ send, later, held: options.held ?? false, onStop: () => stop() });
  const push = (item: BatchItem) => outbox.push(item);

  // The callback only looks at what kind of change each record is: text streaming into an
  // answer schedules nothing; an element added or removed, or an attribute a selector reads, does.
  const observer = new MutationObserver((records) => {
    if (tracker.noteMutations(records)) scheduleCheck();
  });
  // (Created before the tracker, whose readings take the records not yet delivered.)
  const tracker = new Tracker(
    tool,
    { doc: document, now: () => Date.now(), path: () => location.pathname, randomId, later, trusted, takeMutations: () => observer.takeRecords() },
    {
      event: (body, conv) =>
        push({ item: 'event', event: { ...body, id: randomId(), tool: tracker.tool.id, at: Date.now(), conv } as never }),
      link: (from, to) => push({ item: 'link', id: randomId(), from, to }),
      health: (chains, errors) => push({ item: 'health', id: randomId(), chains, errors }),
    },
  );

  // Throttled structural check: the observer callback itself only classifies records and sets a timer.
  let checkScheduled = false;
  const scheduleCheck = () => {
    if (checkScheduled) return;
    checkScheduled = true;
    later(CHECK_THROTTLE_MS, () => {
      checkScheduled = false;
      tracker.check();
    });
  };
  // Scoped: the whole document is observed only for child lists and the attributes the
  // readings' selectors read (a streaming marker, a stop control's label); character data
  // (the streaming text) is not observed at all. Class names are left out: pages change
  // them all the time, and a turn or a stop control comes and goes as an element.
  const observe = () => {
    const c = tracker.chains;
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: [...new Set(['data-is-streaming', 'aria-busy', 'data-testid', 'aria-label', ...attributesRead([c.stop, c.streaming, c.userTurn, c.assistantTurn])])],
    });
  };
  observe();

  const listen = (target: EventTarget, type: string, handler: (e: Event) => void) =>
    target.addEventListener(type, handler, { capture: true, passive: true, signal });
  listen(window, 'keydown', (e) => tracker.onKeyDown(e as KeyboardEvent));
  listen(window, 'click', (e) => tracker.onClick(e as MouseEvent));
  listen(window, 'change', (e) => tracker.onChange(e));
  listen(window, 'copy', (e) => tracker.onCopy(e));
  listen(window, 'drop', (e) => tracker.onFiles(e, (e as DragEvent).dataTransfer?.files.length ?? 0));
  listen(window, 'paste', (e) => tracker.onFiles(e, (e as ClipboardEvent).clipboardData?.files.length ?? 0));
  listen(window, 'wxt:locationchange', () => later(0, () => tracker.check()));

  // Engagement. Only the person's own input counts: a page scrolling itself (following a
  // streaming answer) or dispatching events is not someone at the keyboard.
  const meter = new EngagementMeter();
  const page = () => ({ visible: document.visibilityState === 'visible', focused: document.hasFocus() });
  const interacted = (e: Event) => {
    const now = Date.now();
    if (!meter.noted(now) && trusted(e)) meter.interacted(now);
  };
  for (const type of ['keydown', 'pointerdown', 'wheel', 'pointermove']) listen(window, type, interacted);
  const flushEngaged = (min: number) => {
    meter.tick(Date.now(), page());
    const secondsPending = meter.peek();
    if (secondsPending >= min) {
      const seconds = meter.take();
      if (seconds > 0) tracker.record({ kind: 'engaged_time', seconds });
    }
  };
  meter.tick(Date.now(), page());
  const interval = ctx.setInterval(() => {
    if (signal.aborted) return;
    flushEngaged(ENGAGED_FLUSH_SECONDS);
    // A safety net for navigations or stream ends no mutation announced: the readings are
    // taken again even if no observed mutation said they changed.
    tracker.check(true);
  }, TICK_MS);
  listen(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      tracker.check();
      flushEngaged(1);
      void outbox.flush();
    } else meter.tick(Date.now(), page());
  });
  listen(window, 'pagehide', () => {
    // The tab is going: record what the throttled check has not seen yet (an answer
    // that just ended, a prompt just sent), then send everything while the page can still message.
    tracker.settleBeforeUnload();
    flushEngaged(1);
    void outbox.flushAll();
  });

  function stop(): void {
    if (signal.aborted) return;
    controller.abort();
    observer.disconnect();
    clearInterval(interval as number);
    tracker.disable();
    outbox.stop();
  }
  ctx.onInvalidated(stop);

  tracker.check();
  const useTool = (next: ToolDefinition) => {
    tracker.useTool(next);
    if (!signal.aborted) observe();
  };
  return { tracker, outbox, signal, stop, useTool };
}
