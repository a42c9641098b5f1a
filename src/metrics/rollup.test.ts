/** rollupEvents against an independent count of the raw events. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoredEvent } from '../contract/events';
import { DailyRollup, rollupId } from '../contract/rollup';
import { TEST_DEVICES, arbStoredEvent } from './arbitraries.testkit';
import { ITERATIVE_TURN, emptyRollup, foldRollup, isContextRich, rollupEvents } from './rollup';

const device = TEST_DEVICES[0];
const key = (e: { tool: string; day: string }) => `${e.tool}|${e.day}`;
const byId = (rows: DailyRollup[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const events = fc.array(arbStoredEvent(), { maxLength: 80 });

/** The rollup of one tool and day, counted the slow, obvious way. */
function expected(es: readonly StoredEvent[]): Omit<DailyRollup, 'v' | 'id' | 'device' | 'tool' | 'day'> {
  const of = <K extends StoredEvent['kind']>(kind: K) => es.filter((e): e is Extract<StoredEvent, { kind: K }> => e.kind === kind);
  const prompts = of('prompt_sent');
  const features: DailyRollup['features'] = {};
  for (const e of of('feature_used')) features[e.feature] = (features[e.feature] ?? 0) + 1;
  return {
    events: es.length,
    prompts: prompts.length,
    edits: prompts.filter((e) => e.mode === 'edit').length,
    contextRichPrompts: prompts.filter((e) => ['l', 'xl'].includes(e.size) || e.attachments > 0).length,
    promptsWithAttachments: prompts.filter((e) => e.attachments > 0).length,
    conversationsStarted: of('conversation_started').length,
    conversations: new Set(prompts.flatMap((e) => (e.conv ? [e.conv] : []))).size,
    iterativeConversations: new Set(prompts.flatMap((e) => (e.conv && e.turn >= 3 ? [e.conv] : []))).size,
    responses: of('response_completed').length,
    stops: of('response_stopped').length,
    regenerations: of('response_regenerated').length,
    copies: of('response_copied').length,
    feedbackUp: of('feedback').filter((e) => e.rating === 'up').length,
    feedbackDown: of('feedback').filter((e) => e.rating === 'down').length,
    engagedSeconds: of('engaged_time').reduce((n, e) => n + e.seconds, 0),
    features,
  };
}

describe('rollupEvents', () => {
  it('the generated events are valid StoredEvents', () => {
    fc.assert(
      fc.property(arbStoredEvent(), (e) => {
        expect(StoredEvent.parse(e)).toEqual(e);
      }),
    );
  });

  it('the iteration threshold is the third turn, as the docs say', () => {
    expect(ITERATIVE_TURN).toBe(3);
  });

  it('gives one valid row per tool and day, equal to the aggregation of that tool and day’s events', () => {
    fc.assert(
      fc.property(events, (es) => {
        const rows = rollupEvents(es, device);
        const groups = Map.groupBy(es, key);
        expect(rows.map((r) => key(r)).sort()).toEqual([...groups.keys()].sort());
        for (const r of rows) {
          DailyRollup.parse(r);
          expect(r.id).toBe(rollupId(device, r.tool, r.day));
          expect(r).toMatchObject(expected(groups.get(key(r))!));
        }
        expect(rows.reduce((n, r) => n + r.prompts, 0)).toBe(es.filter((e) => e.kind === 'prompt_sent').length);
        expect(rows.reduce((n, r) => n + r.events, 0)).toBe(es.length);
      }),
    );
  });

  it('counts context-rich prompts by the size and attachment rule', () => {
    fc.assert(
      fc.property(arbStoredEvent({ kinds: ['prompt_sent'] }), (e) => {
        if (e.kind !== 'prompt_sent') throw new Error('asked for prompts only');
        expect(isContextRich(e)).toBe(e.size === 'l' || e.size === 'xl' || e.attachments > 0);
      }),
    );
  });

  it('rolling up two sets split by tool and day gives the same rows as rolling up all', () => {
    fc.assert(
      fc.property(events, fc.func(fc.boolean()), (es, side) => {
        const left = es.filter((e) => side(key(e)));
        const right = es.filter((e) => !side(key(e)));
        expect(byId([...rollupEvents(left, device), ...rollupEvents(right, device)])).toEqual(byId(rollupEvents(es, device)));
      }),
    );
  });

  it('does not depend on the order of the events', () => {
    fc.assert(
      fc.property(events, (es) => {
        expect(byId(rollupEvents([...es].reverse(), device))).toEqual(byId(rollupEvents(es, device)));
      }),
    );
  });
});

describe('a conversation over two days', () => {
  it('is not iterative on the day of its first two prompts, and iterative on the day it reaches its third', () => {
    const conv = 'c'.repeat(32);
    const prompt = (id: number, day: string, turn: number) =>
      ({ v: 1, id: `two-days-${String(id).padStart(8, '0')}`, tool: 'claude', ts: Date.parse(`${day}T10:0${id}:00`), day, conv, seq: id, kind: 'prompt_sent', size: 's', attachments: 0, mode: 'new', turn }) as StoredEvent;
    const rows = rollupEvents([prompt(1, '2026-03-02', 1), prompt(2, '2026-03-02', 2), prompt(3, '2026-03-03', 3)], device);
    expect(rows.map((r) => [r.day, r.conversations, r.iterativeConversations])).toEqual([
      ['2026-03-02', 1, 0],
      ['2026-03-03', 1, 1],
    ]);
  });
});

describe('foldRollup', () => {
  // Few tools, days and conversations, so batches land on rows that already exist and name conversations seen before.
  const dayEvents = fc.array(arbStoredEvent({ tools: ['claude', 'gemini'], days: ['2025-03-13', '2025-03-14'], convs: ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)] }), {
    maxLength: 60,
  });
  const rowKey = (e: { tool: string; day: string }) => rollupId(device, e.tool, e.day);

  it('folding batch after batch gives exactly the rows rollupEvents computes from all the events at once', () => {
    fc.assert(
      fc.property(dayEvents, fc.array(fc.nat(), { maxLength: 8 }), (es, rawCuts) => {
        const cuts = [...new Set([0, ...rawCuts.map((c) => c % (es.length + 1)), es.length])].sort((a, b) => a - b);
        const rows = new Map<string, DailyRollup>();
        for (let i = 0; i + 1 < cuts.length; i++) {
          const earlierAll = es.slice(0, cuts[i]);
          const batch = es.slice(cuts[i], cuts[i + 1]);
          for (const [id, fresh] of Map.groupBy(batch, rowKey)) {
            // Only what the store reads: the earlier events of the fresh prompts' conversations, of any tool and day.
            const convs = new Set(fresh.flatMap((e) => (e.kind === 'prompt_sent' && e.conv ? [e.conv] : [])));
            const earlier = earlierAll.filter((e) => e.conv !== null && convs.has(e.conv));
            const start = rows.get(id) ?? emptyRollup(device, fresh[0]!.tool, fresh[0]!.day);
            rows.set(id, foldRollup(start, fresh, earlier));
          }
        }
        const full = byId(rollupEvents(es, device));
        const folded = byId([...rows.values()]);
        expect(folded).toEqual(full);
        // Identical down to the stored form (key order included), not only equal counts.
        expect(JSON.stringify(folded)).toBe(JSON.stringify(full));
        for (const r of folded) DailyRollup.parse(r);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the row as it was when there is nothing to fold', () => {
    const row = { ...emptyRollup(device, 'claude', '2025-03-14'), events: 3, prompts: 2, conversations: 1 };
    expect(foldRollup(row, [], [])).toBe(row);
  });

  it('counts a conversation once a day: a prompt of one already counted adds no conversation, one reaching turn 3 makes it iterative', () => {
    const conv = 'c'.repeat(32);
    const prompt = (id: number, turn: number) =>
      ({ v: 1, id: `fold-${String(id).padStart(11, '0')}`, tool: 'claude', ts: Date.parse(`2026-03-02T10:0${id}:00`), day: '2026-03-02', conv, seq: id, kind: 'prompt_sent', size: 's', attachments: 0, mode: 'new', turn }) as StoredEvent;
    const [row] = rollupEvents([prompt(1, 1), prompt(2, 2)], device);
    const once = foldRollup(row!, [prompt(3, 3)], [prompt(1, 1), prompt(2, 2)]);
    expect([once.prompts, once.conversations, once.iterativeConversations]).toEqual([3, 1, 1]);
    const again = foldRollup(once, [prompt(4, 4)], [prompt(1, 1), prompt(2, 2), prompt(3, 3)]);
    expect([again.prompts, again.conversations, again.iterativeConversations]).toEqual([4, 1, 1]);
  });

  it('refuses an event of another tool or day than the row', () => {
    const [e] = fc.sample(arbStoredEvent({ tools: ['gemini'], days: ['2025-03-14'] }), 1);
    expect(() => foldRollup(emptyRollup(device, 'claude', '2025-03-14'), [e!], [])).toThrow(RangeError);
  });
});
