/**
 * The vocabulary of depth of use that the extension, the sync payload and the
 * collector's report all speak: usage levels, profile dimensions and maturity
 * stages. Plain constants (no zod), so any bundle can import them; the metric
 * model in src/metrics gives them their definitions and thresholds.
 */

/** Usage segments of the Microsoft Copilot Dashboard (Viva Insights), lowest to highest. */
export const LEVELS = ['non_user', 'low', 'novice', 'habitual', 'power'] as const;
export type Level = (typeof LEVELS)[number];

/** The seven dimensions of the depth profile, in display order. */
export const DIMENSIONS = [
  'habit',
  'intensity',
  'iteration',
  'capability_breadth',
  'tool_breadth',
  'output_reuse',
  'context_richness',
] as const;
export type DimensionId = (typeof DIMENSIONS)[number];

/** An organisation's maturity, read from its share of power users (bands in src/metrics/definitions.ts). */
export const MATURITY_STAGES = ['initial', 'ramping', 'embedding', 'integrated'] as const;
export type MaturityStage = (typeof MATURITY_STAGES)[number];
