import { z } from 'zod';
import { DIMENSIONS, LEVELS } from './depth';
import { Feature, ToolId } from './events';
import { isIsoWeek } from './week';

/**
 * The sync contract: the only thing that ever leaves a device, one snapshot
 * per member per ISO week, and what the collector answers. Shared by the
 * extension's sync job and the collector's ingest, so both validate with the
 * same schema. Every field is an enum, a bounded integer or a pattern-checked
 * string; there is no time finer than the week, no device id, no conversation
 * key and no exact count.
 */
export const SYNC_SCHEMA_VERSION = 1 as const;

/** A team segment: lowercase letters, digits and hyphens, no leading hyphen (so no team name can start a spreadsheet formula). */
export const TEAM_SEGMENT_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const TEAM_MAX_DEPTH = 6;
/** `org/department/team`, 1 to 6 segments. */
export const TEAM_PATH_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}(\/[a-z0-9][a-z0-9-]{0,39}){0,5}$/;
export const TeamPath = z
  .string()
  .max(TEAM_MAX_DEPTH * 41)
  .regex(TEAM_PATH_PATTERN, 'a team path is 1–6 segments of lowercase letters, digits and hyphens (no leading hyphen), joined by /');
export type TeamPath = z.infer<typeof TeamPath>;

/** Whether `path` is `scope` or inside it (segment-wise: acme/sales is not inside acme/sal). */
export function teamWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}/`);
}

export const IsoWeek = z
  .string()
  .max(8)
  .refine(isIsoWeek, 'a week is YYYY-Www, an ISO week that exists (Monday to Sunday)');

/** 128 random bits, hex: new for every member and every week, so weeks cannot be linked. */
export const Pseudonym = z.string().regex(/^[0-9a-f]{32}$/, 'a pseudonym is 32 lowercase hex characters');
/** SHA-256 of the withdrawal secret, hex. */
export const WithdrawalHash = z.string().regex(/^[0-9a-f]{64}$/, 'a withdrawal hash is 64 lowercase hex characters');
/** 256 random bits, hex, kept on the device only; sent once, to withdraw. */
export const WithdrawalSecret = z.string().regex(/^[0-9a-f]{64}$/, 'a withdrawal secret is 64 lowercase hex characters');

/** Prompts in the week, as a bucket: an exact count could single a member out. 15 a week is the Power threshold. */
export const WEEK_PROMPT_BUCKETS = ['0', '1-4', '5-14', '15-49', '50-149', '150+'] as const;
export type WeekPromptBucket = (typeof WEEK_PROMPT_BUCKETS)[number];
/** Lower bounds (inclusive) of each bucket, in WEEK_PROMPT_BUCKETS order. */
export const WEEK_PROMPT_BUCKET_FLOORS = [0, 1, 5, 15, 50, 150] as const;
export function weekPromptBucket(prompts: number): WeekPromptBucket {
  let bucket: WeekPromptBucket = WEEK_PROMPT_BUCKETS[0];
  WEEK_PROMPT_BUCKETS.forEach((b, i) => {
    if (prompts >= WEEK_PROMPT_BUCKET_FLOORS[i]!) bucket = b;
  });
  return bucket;
}

/** A 0–100 dimension score rounded to tens, so a score is coarse enough not to fingerprint anyone. */
export const DimensionScore = z.number().int().min(0).max(100).multipleOf(10);
export function roundScore(score: number): number {
  return Math.min(100, Math.max(0, Math.round(score / 10) * 10));
}

export const MAX_TOOLS_PER_SNAPSHOT = 32;

const uniqueList = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((xs) => new Set(xs).size === xs.length, 'entries must be unique');

export const MemberSnapshot = z.strictObject({
  v: z.literal(SYNC_SCHEMA_VERSION),
  /** The ISO week the snapshot covers, in the member's local calendar. */
  week: IsoWeek,
  team: TeamPath,
  pseudonym: Pseudonym,
  withdrawalHash: WithdrawalHash,
  /** The usage level over the 12 ISO weeks ending with `week`. */
  level: z.enum(LEVELS),
  /** Days of the week with at least one prompt. */
  activeDays: z.number().int().min(0).max(7),
  prompts: z.enum(WEEK_PROMPT_BUCKETS),
  /** The seven depth dimensions over the 28 days ending with the week's Sunday, rounded to tens. */
  dimensions: z.strictObject(Object.fromEntries(DIMENSIONS.map((d) => [d, DimensionScore])) as Record<(typeof DIMENSIONS)[number], typeof DimensionScore>),
  /** Tools with at least one prompt that week. */
  tools: uniqueList(ToolId, MAX_TOOLS_PER_SNAPSHOT),
  /** Features used that week. */
  features: uniqueList(Feature, 16),
  /** The extension's major.minor version. */
  extensionVersion: z.string().regex(/^\d{1,4}\.\d{1,4}$/, 'major.minor'),
});
export type MemberSnapshot = z.infer<typeof MemberSnapshot>;

export const MAX_SNAPSHOTS_PER_BATCH = 100;
/** The collector refuses a body above this, chunked or not. */
export const MAX_BODY_BYTES = 256 * 1024;

export const SnapshotBatch = z.strictObject({
  snapshots: z.array(MemberSnapshot).min(1).max(MAX_SNAPSHOTS_PER_BATCH),
});
export type SnapshotBatch = z.infer<typeof SnapshotBatch>;

/** `POST /v1/snapshots` → 200. */
export const IngestResult = z.strictObject({
  accepted: z.number().int().min(0),
  /** Snapshots for a week and pseudonym not seen before. */
  new: z.number().int().min(0),
  /** Resends that replaced an earlier copy (never added to it). */
  replaced: z.number().int().min(0),
});
export type IngestResult = z.infer<typeof IngestResult>;

/** Machine-readable error codes, stable across versions: clients branch on these, never on messages. */
export const ERROR_CODES = [
  'invalid_request',
  'week_not_complete',
  'week_closed',
  'unauthorized',
  'forbidden',
  'not_found',
  'pseudonym_conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One error envelope for every non-2xx answer. Issues name indexes and field paths, never the values sent. */
export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z
      .array(
        z.strictObject({
          /** Index of the snapshot in the batch, when the issue is inside one. */
          index: z.number().int().min(0).optional(),
          path: z.array(z.union([z.string(), z.number()])),
          code: z.string(),
          message: z.string(),
        }),
      )
      .optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
