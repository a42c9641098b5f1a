import { z } from 'zod';
import { DIMENSIONS, LEVELS, MATURITY_STAGES } from './depth';
import { Feature, ToolId } from './events';
import { IsoWeek, TeamPath } from './sync';

/**
 * The team report: what the collector publishes to a lead, as JSON, CSV and
 * the dashboard. Every figure passes through the collector's privacy module
 * first; this file only fixes the shape, so the dashboard and any other
 * client read one documented form.
 *
 * THE SHAPE OF A FIGURE, used for every number in the report:
 *   published:  { "value": 12 }
 *   suppressed: { "value": null, "suppressed": "below_k" }   fewer than k members are behind it
 *               { "value": null, "suppressed": "withheld" }  hidden so that another hidden figure
 *                                                            cannot be worked out by subtraction
 * Shares are fractions 0–1; medians and quartiles are in the dimension's unit.
 */
export const REPORT_SCHEMA_VERSION = 1 as const;
/** Nothing ever lowers k below this. */
export const MIN_K = 5;
export const DEFAULT_REPORT_WEEKS = 12;
export const MAX_REPORT_WEEKS = 52;

export const SUPPRESSION_REASONS = ['below_k', 'withheld'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export const Figure = z.union([
  z.strictObject({ value: z.number() }),
  z.strictObject({ value: z.null(), suppressed: z.enum(SUPPRESSION_REASONS) }),
]);
export type Figure = z.infer<typeof Figure>;

/** A team's standing in a week: published, below k (its members still count in its parent), or withheld to protect another. */
export const TEAM_STATUSES = ['published', 'below_k', 'withheld'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];

const Spread = z.strictObject({ median: Figure, p25: Figure, p75: Figure });

/** The headline figures of a team in a week: the same for the team itself and for each of its children. */
export const Headline = z.strictObject({
  status: z.enum(TEAM_STATUSES),
  /** Members reporting (snapshots) in the team's whole subtree. */
  members: Figure,
  /** Share of members at Habitual or Power. */
  habitualOrPowerShare: Figure,
  powerShare: Figure,
  /** From the Power share (Viva's bands); null when the share is suppressed. */
  maturity: z.enum(MATURITY_STAGES).nullable(),
  activeDaysMedian: Figure,
});
export type Headline = z.infer<typeof Headline>;

export const WeekReport = z.strictObject({
  week: IsoWeek,
  /** open: late members may still arrive or replace; closed: folded into aggregates, final. */
  status: z.enum(['open', 'closed']),
  headline: Headline,
  levels: z.array(z.strictObject({ level: z.enum(LEVELS), count: Figure, share: Figure })).length(LEVELS.length),
  dimensions: z.array(z.strictObject({ dimension: z.enum(DIMENSIONS), ...Spread.shape })).length(DIMENSIONS.length),
  activeDays: z.strictObject({
    ...Spread.shape,
    /** Members by active days 0–7. */
    distribution: z.array(z.strictObject({ days: z.number().int().min(0).max(7), count: Figure })).length(8),
  }),
  /** Members using each tool that week. */
  tools: z.array(z.strictObject({ tool: ToolId, members: Figure, share: Figure })),
  /** Members using each feature that week. */
  features: z.array(z.strictObject({ feature: Feature, members: Figure, share: Figure })),
  /** The direct children, each with its headline, in path order. */
  children: z.array(z.strictObject({ team: TeamPath, headline: Headline })),
  /**
   * "Suppressed / other": members of this team not shown in any published
   * child (its direct members plus those of suppressed children), so that the
   * children and this row add up to the team's total.
   */
  other: z.strictObject({ members: Figure }),
  /** Against the previous week, where both weeks are published; null for the first week of the report. */
  change: z
    .strictObject({
      members: Figure,
      levelShares: z.array(z.strictObject({ level: z.enum(LEVELS), change: Figure })).length(LEVELS.length),
    })
    .nullable(),
});
export type WeekReport = z.infer<typeof WeekReport>;

export const TeamReport = z.strictObject({
  v: z.literal(REPORT_SCHEMA_VERSION),
  team: TeamPath,
  /** The minimum group size every figure was checked against. */
  k: z.number().int().min(MIN_K),
  generatedAt: z.iso.datetime(),
  /** The latest complete week (the report's headline week). */
  latestWeek: IsoWeek,
  /** Oldest first, ending with `latestWeek`. */
  weeks: z.array(WeekReport).min(1).max(MAX_REPORT_WEEKS),
});
export type TeamReport = z.infer<typeof TeamReport>;

/** `GET /v1/teams`: the tree within the token's scope. */
export const TeamTree = z.strictObject({
  k: z.number().int().min(MIN_K),
  /** The token's scope: the root of what it may read; null for an admin token over the whole collector (made without a team). */
  scope: TeamPath.nullable(),
  teams: z.array(z.strictObject({ path: TeamPath, depth: z.number().int().min(1).max(6) })),
});
export type TeamTree = z.infer<typeof TeamTree>;
