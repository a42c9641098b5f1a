import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, StoredEvent, WireEvent, durationBucket, sizeBucket } from './events';
import { BatchItem, ContentMessage } from './messages';

const base = { id: 'a1b2c3d4e5f6a7b8c9d0', tool: 'chatgpt', at: 1_764_000_000_000, conv: 'c0ffee-1234' };
const samples = {
  prompt_sent: { size: 'm', attachments: 2, mode: 'new', turn: 3 },
  response_completed: { size: 'l', hasCode: true, duration: '5to15s' },
  response_stopped: {},
  response_regenerated: {},
  response_copied: {},
  conversation_started: {},
  feature_used: { feature: 'deep_research' },
  feedback: { rating: 'down' },
  engaged_time: { seconds: 60 },
} as const;

describe('event contract', () => {
  it('has a sample for every kind, and each sample is valid on the wire and when stored', () => {
    expect(Object.keys(samples).sort()).toEqual([...EVENT_KINDS].sort());
    for (const kind of EVENT_KINDS) {
      expect(WireEvent.safeParse({ ...base, kind, ...samples[kind] }).success, kind).toBe(true);
      const stored = { v: 1, id: base.id, tool: 'claude', ts: 1_764_000_000_000 - (1_764_000_000_000 % 60_000), day: '2025-11-24', conv: '0123456789abcdef0123456789abcdef', seq: 1, kind, ...samples[kind] };
      expect(StoredEvent.safeParse(stored).success, kind).toBe(true);
    }
  });

  it('rejects any extra field, so text cannot ride along', () => {
    const r = WireEvent.safeParse({ ...base, kind: 'prompt_sent', ...samples.prompt_sent, text: 'hello world' });
    expect(r.success).toBe(false);
  });

  it('rejects out-of-range and wrongly typed values', () => {
    const bad = [
      { ...base, kind: 'prompt_sent', ...samples.prompt_sent, turn: 0 },
      { ...base, kind: 'prompt_sent', ...samples.prompt_sent, attachments: 1.5 },
      { ...base, kind: 'prompt_sent', ...samples.prompt_sent, size: 'huge' },
      { ...base, kind: 'engaged_time', seconds: 3601 },
      { ...base, kind: 'feature_used', feature: 'mind_reading' },
      { ...base, kind: 'no_such_kind' },
      { ...base, tool: 'ChatGPT!', kind: 'response_copied' },
      { ...base, conv: 'https://chatgpt.com/c/123', kind: 'response_copied' },
      { ...base, conv: 'a prompt with spaces', kind: 'response_copied' },
    ];
    for (const b of bad) expect(WireEvent.safeParse(b).success, JSON.stringify(b)).toBe(false);
  });

  it('stores only minute-resolution times and hashed conversation keys', () => {
    const stored = { v: 1, id: base.id, tool: 'claude', day: '2025-11-24', seq: 7, kind: 'response_copied' };
    expect(StoredEvent.safeParse({ ...stored, ts: 60_000 * 5 + 1, conv: null }).success).toBe(false);
    expect(StoredEvent.safeParse({ ...stored, ts: 60_000 * 5, conv: 'c0ffee-1234' }).success).toBe(false);
    expect(StoredEvent.safeParse({ ...stored, ts: 60_000 * 5, conv: null }).success).toBe(true);
  });

  it('buckets sizes and durations at their edges', () => {
    expect([0, 49, 50, 199, 200, 999, 1000, 3999, 4000].map(sizeBucket)).toEqual(['xs', 'xs', 's', 's', 'm', 'm', 'l', 'l', 'xl']);
    expect(sizeBucket(-1)).toBe('unknown');
    expect([0, 4999, 5000, 14_999, 15_000, 59_999, 60_000, 179_999, 180_000].map(durationBucket)).toEqual([
      'lt5s', 'lt5s', '5to15s', '5to15s', '15to60s', '15to60s', '1to3m', '1to3m', 'gt3m',
    ]);
  });

  it('checks batch items one by one and envelopes strictly', () => {
    expect(ContentMessage.safeParse({ type: 'batch', tool: 'claude', items: [] }).success).toBe(false);
    expect(ContentMessage.safeParse({ type: 'batch', tool: 'claude', items: [{}], extra: 1 }).success).toBe(false);
    expect(ContentMessage.safeParse({ type: 'batch', tool: 'claude', items: [{ junk: true }] }).success).toBe(true);
    expect(BatchItem.safeParse({ junk: true }).success).toBe(false);
    expect(BatchItem.safeParse({ item: 'link', id: base.id, from: 'local-abc', to: 'abc-123' }).success).toBe(true);
    expect(BatchItem.safeParse({ item: 'health', id: base.id, chains: { composer: 0, userTurn: -1 }, errors: 0 }).success).toBe(true);
    expect(BatchItem.safeParse({ item: 'health', id: base.id, chains: { innerHTML: 0 }, errors: 0 }).success).toBe(false);
  });
});
