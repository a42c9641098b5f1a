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
 * recomputes the rows a commit touched from that day's raw events, so a
 * rollup always equals the aggregation of the events it came from.
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
  }));
}
