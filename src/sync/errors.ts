/**
 * What an answer from the collector means for the queue. Only failures that
 * may pass by themselves are retried (network error, 429, 5xx); any other
 * 4xx (a revoked token, a team outside the token's scope, a payload the
 * collector refuses) would fail the same way every hour, so it waits for the
 * configuration to change.
 */
import { ERROR_CODES, ErrorBody, IngestResult, type ErrorCode } from '../contract/sync';
import { parseRetryAfter } from './backoff';

export interface SyncError {
  /** 'network': no answer at all (offline, DNS, CORS, collector down). */
  kind: 'network' | 'http';
  status?: number;
  /** The collector's machine-readable code, when its answer had one. */
  code?: ErrorCode;
  at: number;
}

export type Outcome =
  | { kind: 'ok'; result: IngestResult | null }
  | { kind: 'retry'; error: SyncError; retryAfterMs: number | null }
  /** The week is closed at the collector: drop it from the queue, visibly. */
  | { kind: 'closed'; error: SyncError; indexes: number[] | null }
  /** Waits for a configuration change. */
  | { kind: 'blocked'; error: SyncError };

export function networkFailure(now: number): Outcome {
  return { kind: 'retry', error: { kind: 'network', at: now }, retryAfterMs: null };
}

/** Reads an error body leniently: only the code matters, and only when it is one of ours. */
function errorCode(body: unknown): ErrorCode | undefined {
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) return parsed.data.error.code;
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : undefined;
}

function issueIndexes(body: unknown): number[] | null {
  const parsed = ErrorBody.safeParse(body);
  const idx = parsed.success ? (parsed.data.error.issues ?? []).map((i) => i.index).filter((i): i is number => i !== undefined) : [];
  return idx.length > 0 ? [...new Set(idx)] : null;
}

export function classifyResponse(status: number, body: unknown, retryAfter: string | null, now: number): Outcome {
  if (status >= 200 && status < 300) {
    const r = IngestResult.safeParse(body);
    return { kind: 'ok', result: r.success ? r.data : null };
  }
  const code = errorCode(body);
  const error: SyncError = { kind: 'http', status, at: now, ...(code ? { code } : {}) };
  if (status === 429 || status >= 500) return { kind: 'retry', error, retryAfterMs: parseRetryAfter(retryAfter, now) };
  if (code === 'week_closed') return { kind: 'closed', error, indexes: issueIndexes(body) };
  // Our clock and the collector's disagree about whether the week has ended: that passes by itself.
  if (code === 'week_not_complete') return { kind: 'retry', error, retryAfterMs: parseRetryAfter(retryAfter, now) };
  return { kind: 'blocked', error };
}
