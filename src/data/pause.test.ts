import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../contract/day';
import { activePause, nextLocalMidnight, newPause, parsePause, pauseUntil } from './pause';

const ORIGINAL_TZ = process.env.TZ;
function inZone(tz: string): void {
  process.env.TZ = tz; // Node re-reads the zone when TZ is assigned
}
afterEach(() => {
  if (ORIGINAL_TZ === undefined) delete process.env.TZ;
  else process.env.TZ = ORIGINAL_TZ;
});

describe('pause until', () => {
  it('an hour is sixty minutes from now; "resumed" has no end', () => {
    expect(pauseUntil('hour', 1_000_000)).toBe(1_000_000 + 3_600_000);
    expect(pauseUntil('resumed', 1_000_000)).toBeNull();
    expect(newPause('resumed', 5)).toEqual({ until: null, since: 5 });
  });

  it('tomorrow is the next local midnight across a 23-hour day (London, spring forward)', () => {
    inZone('Europe/London');
    const now = new Date(2026, 2, 29, 0, 30).getTime(); // clocks go 01:00 → 02:00 that night
    const until = pauseUntil('tomorrow', now)!;
    expect(until - now).toBe(23 * 3_600_000 - 30 * 60_000);
    expect(new Date(until).getHours()).toBe(0);
    expect(localDay(until)).toBe('2026-03-30');
  });

  it('tomorrow is the next local midnight across a 25-hour day (New York, fall back)', () => {
    inZone('America/New_York');
    const now = new Date(2026, 10, 1, 0, 0).getTime();
    expect(nextLocalMidnight(now) - now).toBe(25 * 3_600_000);
  });

  it('where midnight does not exist (Santiago jumps 00:00 → 01:00), tomorrow starts at the first instant that does', () => {
    inZone('America/Santiago');
    const now = new Date(2026, 8, 5, 22, 0).getTime(); // the evening before the change
    const until = nextLocalMidnight(now);
    expect(localDay(until)).toBe('2026-09-06');
    expect(localDay(until - 1)).toBe('2026-09-05');
  });

  it('is always the first instant of the next local day, in any zone (property)', () => {
    const zones = ['UTC', 'Europe/London', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), (zone, now) => {
        inZone(zone);
        const until = nextLocalMidnight(now);
        expect(localDay(until)).toBe(addDays(localDay(now), 1));
        expect(localDay(until - 1)).toBe(localDay(now));
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading a stored pause', () => {
  it('reads an expired pause as none, and one until resumed as in force', () => {
    expect(activePause({ until: 100, since: 0 }, 100)).toBeNull();
    expect(activePause({ until: 101, since: 0 }, 100)).toEqual({ until: 101, since: 0 });
    expect(activePause({ until: null, since: 0 }, 9e12)).toEqual({ until: null, since: 0 });
  });

  it('reads anything malformed as no pause', () => {
    for (const raw of [undefined, null, 'pause', 3, {}, { until: 5 }, { until: '5', since: 1 }, { until: 5, since: Number.NaN }]) {
      expect(parsePause(raw)).toBeNull();
    }
  });
});
