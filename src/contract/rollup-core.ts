/**
 * The zod-free half of the daily rollup contract: its version, counted
 * fields, id and order. The popup reads rollups on its first paint and must not
 * load zod for that (rollup.ts adds the schema and re-exports all of this).
 */
import type { DailyRollup } from './rollup';

export const ROLLUP_SCHEMA_VERSION = 1 as const;

/** The counted fields, in the order the CSV export writes them. */
export const ROLLUP_COUNTS = [
  'events',
  'prompts',
  'edits',
  'contextRichPrompts',
  'promptsWithAttachments',
  'conversationsStarted',
  'conversations',
  'iterativeConversations',
  'responses',
  'stops',
  'regenerations',
  'copies',
  'feedbackUp',
  'feedbackDown',
  'engagedSeconds',
] as const;
export type RollupCount = (typeof ROLLUP_COUNTS)[number];

export function rollupId(device: string, tool: string, day: string): string {
  return `${device}|${tool}|${day}`;
}

/** By day, then tool, then device: the one order rollups are written in (export file and CSV), so files are stable. */
export function compareRollups(a: DailyRollup, b: DailyRollup): number {
  return compareText(a.day, b.day) || compareText(a.tool, b.tool) || compareText(a.device, b.device);
}

/** Code-unit order, independent of the locale (ids and ISO days sort the same everywhere). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
