import { describe, expect, it } from 'vitest';
import { EngagementMeter, IDLE_WINDOW_MS } from './engagement';

const on = { visible: true, focused: true };

describe('engaged time', () => {
  it('counts visible, focused, recently interacted time only', () => {
    const m = new EngagementMeter();
    m.tick(0, on);
    m.interacted(0);
    for (let t = 5000; t <= 30_000; t += 5000) m.tick(t, on);
    expect(m.take()).toBe(30);
  });

  it('stops counting a minute after the last interaction: an open tab is not engagement', () => {
    const m = new EngagementMeter();
    m.tick(0, on);
    m.interacted(0);
    for (let t = 5000; t <= 10 * 60_000; t += 5000) m.tick(t, on);
    expect(m.take()).toBe(IDLE_WINDOW_MS / 1000);
  });

  it('counts nothing while hidden or unfocused, or across a long gap', () => {
    const m = new EngagementMeter();
    m.tick(0, on);
    m.interacted(0);
    m.tick(5000, { visible: false, focused: true });
    m.tick(10_000, { visible: true, focused: false });
    m.interacted(10_000);
    m.tick(50_000, on); // 40 s gap: the machine slept
    expect(m.take()).toBe(0);
  });

  it('carries fractions of a second over', () => {
    const m = new EngagementMeter();
    m.tick(0, on);
    m.interacted(0);
    m.tick(1500, on);
    expect(m.take()).toBe(1);
    m.tick(3000, on);
    expect(m.take()).toBe(2);
  });
  it('takes one interaction a second: the rest add nothing, and one after a second counts again', () => {
    const m = new EngagementMeter();
    expect(m.noted(0)).toBe(false);
    m.interacted(0);
    expect(m.noted(999)).toBe(true);
    expect(m.noted(1000)).toBe(false);
    // The idle window runs from the interaction noted: ticks every 5 s from 0.5 s to well past it.
    m.interacted(1000);
    for (let t = 500; t <= IDLE_WINDOW_MS + 10_000; t += 5000) m.tick(t, on);
    expect(m.peek()).toBe(Math.floor((IDLE_WINDOW_MS + 500) / 1000)); // from the first tick (0.5 s) to the window's end (61 s)
  });
});
