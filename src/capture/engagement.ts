/**
 * Engaged time: seconds when the tab is visible AND focused AND the person
 * interacted within the idle window. A tab merely left open accrues nothing.
 * Pure: the caller feeds it ticks and interactions with timestamps.
 */
export const IDLE_WINDOW_MS = 60_000;
const INTERACTION_GRAIN_MS = 1_000;
/** A gap between ticks longer than this is a suspended tab or a sleeping laptop, not engagement. */
const MAX_TICK_GAP_MS = 15_000;

export interface PageState {
  visible: boolean;
  focused: boolean;
}

export class EngagementMeter {
  private lastInteraction = Number.NEGATIVE_INFINITY;
  private lastTick: number | null = null;
  private pendingMs = 0;

  interacted(now: number): void {
    this.lastInteraction = now;
  }

  /**
   * Whether an interaction now would add nothing: one was noted less than a second ago.
   * A moving pointer fires dozens of events a second, and each would otherwise be
   * checked and noted; a second's precision is nothing against the idle window.
   */
  noted(now: number): boolean {
    return now - this.lastInteraction < INTERACTION_GRAIN_MS;
  }

  tick(now: number, page: PageState): void {
    const prev = this.lastTick;
    this.lastTick = now;
    if (prev === null) return;
    const gap = now - prev;
    if (gap <= 0 || gap > MAX_TICK_GAP_MS) return;
    if (!page.visible || !page.focused) return;
    // Only the part of the gap that lies within the idle window of the last interaction counts.
    const activeUntil = this.lastInteraction + IDLE_WINDOW_MS;
    const counted = Math.min(now, activeUntil) - prev;
    if (counted > 0) this.pendingMs += counted;
  }

  /** Whole seconds accrued so far, without taking them. */
  peek(): number {
    return Math.floor(this.pendingMs / 1000);
  }

  /** Whole seconds accrued since the last take; the remainder carries over. */
  take(): number {
    const seconds = Math.min(3600, Math.floor(this.pendingMs / 1000));
    this.pendingMs -= seconds * 1000;
    return seconds;
  }
}
