/**
 * Buckets and enumerations of the event contract, without zod: the content
 * script imports these, and must stay small (no schema library in the page).
 */
/** Characters in the prompt or response. Buckets, never counts, so a length cannot fingerprint a text. */
export const SIZE_BUCKETS = ['xs', 's', 'm', 'l', 'xl', 'unknown'] as const;
export type SizeBucket = (typeof SIZE_BUCKETS)[number];
/** Upper bounds (exclusive) of the measured buckets, in characters. */
export const SIZE_BUCKET_LIMITS: ReadonlyArray<readonly [SizeBucket, number]> = [
  ['xs', 50],
  ['s', 200],
  ['m', 1000],
  ['l', 4000],
  ['xl', Number.POSITIVE_INFINITY],
];
export function sizeBucket(chars: number): SizeBucket {
  if (!Number.isFinite(chars) || chars < 0) return 'unknown';
  for (const [bucket, limit] of SIZE_BUCKET_LIMITS) if (chars < limit) return bucket;
  return 'xl';
}

export const DURATION_BUCKETS = ['lt5s', '5to15s', '15to60s', '1to3m', 'gt3m'] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number];
export function durationBucket(ms: number): DurationBucket {
  if (ms < 5_000) return 'lt5s';
  if (ms < 15_000) return '5to15s';
  if (ms < 60_000) return '15to60s';
  if (ms < 180_000) return '1to3m';
  return 'gt3m';
}

export const FEATURES = [
  'file_upload',
  'web_search',
  'image_generation',
  'data_analysis',
  'canvas',
  'deep_research',
  'agent',
  'voice',
  'custom_assistant',
] as const;
export type Feature = (typeof FEATURES)[number];

