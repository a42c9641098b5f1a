import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LAST_PAUSE_KEY, PAUSE_KEY, pauseFor, pauseWindows, readPause, resume, watchPause } from './pause';

const NOW = new Date(2026, 4, 12, 15, 20).getTime();

describe('pause', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useRealTimers();
  });

  it('stores a pause for an hour, until tomorrow, or until resumed, and reads it back while in force', async () => {
    expect(await pauseFor('hour', NOW)).toEqual({ ok: true, state: { until: NOW + 3_600_000, since: NOW } });
    expect(await readPause(NOW + 1)).toEqual({ until: NOW + 3_600_000, since: NOW });
    expect(await readPause(NOW + 3_600_000)).toBeNull(); // expired
    await pauseFor('tomorrow', NOW);
    expect((await readPause(NOW))?.until).toBe(new Date(2026, 4, 13).getTime());
    await pauseFor('resumed', NOW);
    expect(await readPause(NOW + 400 * 86_400_000)).toEqual({ until: null, since: NOW });
    await resume();
    expect(await readPause(NOW)).toBeNull();
    expect((await fakeBrowser.storage.local.get(PAUSE_KEY))[PAUSE_KEY]).toBeUndefined();
  });

  it('is refused when policy does not allow pausing, and an earlier pause is then ignored', async () => {
    await pauseFor('resumed', NOW);
    await fakeBrowser.storage.managed.set({ allowUserPause: false });
    const refused = await pauseFor('hour', NOW);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/organisation does not allow pausing/) });
    expect(await readPause(NOW)).toEqual({ until: null, since: NOW }); // the stored one is untouched…
    expect(await pauseWindows(false)).toEqual([]); // …but does not stop recording
    expect(await pauseWindows(true)).toEqual([{ until: null, since: NOW }]);
  });

  it('keeps the pause that ended, as it ran, so events a tab sends late are judged by it', async () => {
    await pauseFor('resumed', NOW);
    await resume(NOW + 600_000);
    expect(await pauseWindows(true)).toEqual([{ since: NOW, until: NOW + 600_000 }]);
    // A pause that ran out before the next one began ended when it ran out, not when replaced.
    await pauseFor('hour', NOW + 3_600_000);
    await pauseFor('tomorrow', NOW + 3 * 3_600_000);
    const stored = await fakeBrowser.storage.local.get([PAUSE_KEY, LAST_PAUSE_KEY]);
    expect(stored[LAST_PAUSE_KEY]).toEqual({ since: NOW + 3_600_000, until: NOW + 2 * 3_600_000 });
    expect(await pauseWindows(true)).toHaveLength(2);
  });

  it('tells a watcher about changes, and about a timed pause running out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(NOW);
    const seen: unknown[] = [];
    const stop = watchPause((s) => seen.push(s));
    await pauseFor('hour');
    expect(seen).toEqual([{ until: NOW + 3_600_000, since: NOW }]);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(seen).toEqual([{ until: NOW + 3_600_000, since: NOW }, null]);
    await resume();
    expect(seen.at(-1)).toBeNull();
    stop();
    await pauseFor('resumed');
    expect(seen).toHaveLength(3);
  });
});
