import { FEATURES } from '../contract/buckets';
import type { StoredEvent } from '../contract/events';
import type { DailyRollup } from '../contract/rollup';
import { ROLLUP_COUNTS, ROLLUP_SCHEMA_VERSION, rollupId } from '../contract/rollup-core';

/** A prompt counts as carrying context when it is long (1,000 characters or more) or has attachments. */
export function isContextRich(e: Extract<StoredEvent, { kind: 'prompt_sent' }>): boolean {
  return e.size === 'l' || e.size === 'xl' || e.attachments > 0;
}

/** Turn 3 or later: the conversation has had at least three prompts (the iteration anchor). */
export const ITERATIVE_TURN = 3;

export function emptyRollup(device: string, tool: string, day: string): DailyRollup {
  const counts = Object.fromEntries(ROLLUP_COUNTS.map((k) => [k, 0])) as Record<(typeof ROLLUP_COUNTS)[number], number>;
  return { v: ROLLUP_SCHEMA_VERSION, id: rollupId(device, tool, day), device, tool, day, ...counts, features: {} };
}

/**
 * Aggregates raw events into one rollup per tool and day. Pure: the store
 * keeps each row equal to the aggregation of the raw events it came from
 * (folding a commit's new events in with `foldRollup`, or recomputing the day
 * from its raw events with this function, the reference).
 */
export function rollupEvents(events: readonly StoredEvent[], device: string): DailyRollup[] {
  const rows = new Map<string, { row: DailyRollup; convs: Set<string>; iterative: Set<string> }>();
  for (const e of events) {
    const key = `${e.tool}|${e.day}`;
    let entry = rows.get(key);
    if (!entry) {
      entry = { row: emptyRollup(device, e.tool, e.day), convs: new Set(), iterative: new Set() };
      rows.set(key, entry);
    }
    const r = entry.row;
    r.events += 1;
    switch (e.kind) {
      case 'prompt_sent':
        r.prompts += 1;
        if (e.mode === 'edit') r.edits += 1;
        if (isContextRich(e)) r.contextRichPrompts += 1;
        if (e.attachments > 0) r.promptsWithAttachments += 1;
        if (e.conv) {
          entry.convs.add(e.conv);
          if (e.turn >= ITERATIVE_TURN) entry.iterative.add(e.conv);
        }
        break;
      case 'conversation_started':
        r.conversationsStarted += 1;
        break;
      case 'response_completed':
        r.responses += 1;
        break;
      case 'response_stopped':
        r.stops += 1;
        break;
      case 'response_regenerated':
        r.regenerations += 1;
        break;
      case 'response_copied':
        r.copies += 1;
        break;
      case 'feedback':
        if (e.rating === 'up') r.feedbackUp += 1;
        else r.feedbackDown += 1;
        break;
      case 'feature_used':
        r.features[e.feature] = (r.features[e.feature] ?? 0) + 1;
        break;
      case 'engaged_time':
        r.engagedSeconds += e.seconds;
        break;
    }
  }
  return [...rows.values()].map(({ row, convs, iterative }) => ({
    ...row,
    conversations: convs.size,
    iterativeConversations: iterative.size,
    features: inFeatureOrder(row.features),
  }));
}

/**
 * The feature counts keyed in FEATURES order: one stored form whatever order
 * the events were aggregated in (a day's recompute reads them by id, a fold in
 * the order they arrived).
 */
function inFeatureOrder(features: DailyRollup['features']): DailyRollup['features'] {
  const out: DailyRollup['features'] = {};
  for (const f of FEATURES) if (features[f] !== undefined) out[f] = features[f];
  return out;
}

/**
 * `row`, the rollup of one tool and day's earlier events, with `fresh` (new
 * events of that same tool and day) folded in: equal to `rollupEvents` over
 * the earlier and fresh events together, without reading the whole day again.
 * Every count adds up except the distinct conversations, so `earlier` must
 * hold each earlier event of that day whose conversation a fresh prompt names
 * (any other event in it is ignored): a conversation counts once a day, and
 * as iterative once it reaches ITERATIVE_TURN.
 */
export function foldRollup(row: DailyRollup, fresh: readonly StoredEvent[], earlier: readonly StoredEvent[]): DailyRollup {
  const sameDay = (e: StoredEvent) => e.tool === row.tool && e.day === row.day;
  if (!fresh.every(sameDay)) throw new RangeError(`foldRollup: an event is not of ${row.tool} on ${row.day}`);
  const [delta] = rollupEvents(fresh, row.device);
  if (!delta) return row;
  const known = new Set<string>();
  const knownIterative = new Set<string>();
  for (const e of earlier) {
    if (e.kind !== 'prompt_sent' || !e.conv || !sameDay(e)) continue;
    known.add(e.conv);
    if (e.turn >= ITERATIVE_TURN) knownIterative.add(e.conv);
  }
  const added = new Set<string>();
  const addedIterative = new Set<string>();
  for (const e of fresh) {
    if (e.kind !== 'prompt_sent' || !e.conv) continue;
    if (!known.has(e.conv)) added.add(e.conv);
    if (e.turn >= ITERATIVE_TURN && !knownIterative.has(e.conv)) addedIterative.add(e.conv);
  }
  const out: DailyRollup = { ...row, features: { ...row.features } };
  for (const k of ROLLUP_COUNTS) out[k] = row[k] + delta[k];
  out.conversations = row.conversations + added.size;
  out.iterativeConversations = row.iterativeConversations + addedIterative.size;
  for (const [f, n] of Object.entries(delta.features) as [keyof DailyRollup['features'], number][]) out.features[f] = (out.features[f] ?? 0) + n;
  out.features = inFeatureOrder(out.features);
  return out;
}
