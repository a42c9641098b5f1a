import type { BatchItem } from '../contract/messages';
import type { ToolDefinition } from '../tools/types';
import { EngagementMeter } from './engagement';
import { Outbox, type SendBatch } from './outbox';
import { Tracker } from './tracker';

/** The slice of WXT's ContentScriptContext this needs; a fake implements it in tests. */
export interface Lifecycle {
  readonly isValid: boolean;
  addEventListener(target: EventTarget, type: string, handler: (e: Event) => void, options?: AddEventListenerOptions): void;
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
  /** Stop observing and drop anything not yet sent. */
  stop(): void;
}

export function runCapture(ctx: Lifecycle, tool: ToolDefinition, send: SendBatch): Capture {
  const later = (ms: number, fn: () => void) => void ctx.setTimeout(fn, ms);
  const outbox = new Outbox({ send, later });
  const push = (item: BatchItem) => outbox.push(item);

  const tracker = new Tracker(
    tool,
    { doc: document, now: () => Date.now(), path: () => location.pathname, randomId, later },
    {
      event: (body, conv) =>
        push({ item: 'event', event: { ...body, id: randomId(), tool: tool.id, at: Date.now(), conv } as never }),
      link: (from, to) => push({ item: 'link', id: randomId(), from, to }),
      health: (chains, errors) => push({ item: 'health', id: randomId(), chains, errors }),
    },
  );

  // Throttled structural check: the observer callback itself only sets a timer.
  let checkScheduled = false;
  const scheduleCheck = () => {
    if (checkScheduled) return;
    checkScheduled = true;
    later(CHECK_THROTTLE_MS, () => {
      checkScheduled = false;
      tracker.check();
    });
  };
  const observer = new MutationObserver(scheduleCheck);
  // Scoped: the whole document is observed only for child lists and the two
  // streaming attributes; character data (the streaming text) is not observed at all.
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-is-streaming', 'aria-busy', 'data-testid', 'aria-label'],
  });
  ctx.onInvalidated(() => {
    observer.disconnect();
    outbox.stop();
  });

  const capture = { capture: true, passive: true } as const;
  ctx.addEventListener(window, 'keydown', (e) => tracker.onKeyDown(e as KeyboardEvent), capture);
  ctx.addEventListener(window, 'click', (e) => tracker.onClick(e as MouseEvent), capture);
  ctx.addEventListener(window, 'change', (e) => tracker.onChange(e), capture);
  ctx.addEventListener(window, 'copy', () => tracker.onCopy(), capture);
  ctx.addEventListener(window, 'drop', (e) => tracker.onFiles((e as DragEvent).dataTransfer?.files.length ?? 0), capture);
  ctx.addEventListener(window, 'paste', (e) => tracker.onFiles((e as ClipboardEvent).clipboardData?.files.length ?? 0), capture);
  ctx.addEventListener(window, 'wxt:locationchange', () => later(0, () => tracker.check()));

  // Engagement.
  const meter = new EngagementMeter();
  const page = () => ({ visible: document.visibilityState === 'visible', focused: document.hasFocus() });
  const interacted = () => meter.interacted(Date.now());
  for (const type of ['keydown', 'pointerdown', 'wheel', 'scroll', 'pointermove']) {
    ctx.addEventListener(window, type, interacted, capture);
  }
  const flushEngaged = (min: number) => {
    meter.tick(Date.now(), page());
    const secondsPending = meter.peek();
    if (secondsPending >= min) {
      const seconds = meter.take();
      if (seconds > 0) tracker.record({ kind: 'engaged_time', seconds });
    }
  };
  meter.tick(Date.now(), page());
  ctx.setInterval(() => {
    flushEngaged(ENGAGED_FLUSH_SECONDS);
    // A safety net for navigations or stream ends no mutation announced.
    tracker.check();
  }, TICK_MS);
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      tracker.check();
      flushEngaged(1);
      void outbox.flush();
    } else meter.tick(Date.now(), page());
  });
  ctx.addEventListener(window, 'pagehide', () => {
    // The tab is going: record what the throttled check has not seen yet (an answer
    // that just ended, a prompt just sent), then send everything while the page can still message.
    tracker.settleBeforeUnload();
    flushEngaged(1);
    void outbox.flushAll();
  });

  tracker.check();
  return {
    tracker,
    outbox,
    stop() {
      observer.disconnect();
      tracker.disable();
      outbox.stop();
    },
  };
}
