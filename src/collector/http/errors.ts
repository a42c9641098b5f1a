/**
 * The one error envelope (ErrorBody of src/contract/sync.ts) for every non-2xx
 * answer, and the translation of zod issues into index + field path, never
 * the values that were sent.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../../contract/sync';

export type Issue = NonNullable<ErrorBody['error']['issues']>[number];

/** A refusal the handlers throw; app.onError turns it into the envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string, issues?: Issue[]): ErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}

export function sendError(c: Context, e: ApiError): Response {
  for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
  return c.json(errorBody(e.code, e.message, e.issues), e.status);
}

/** Keys are field names, not values, but a hostile key can be long: it is cut. */
const safeKey = (k: PropertyKey) => (typeof k === 'number' ? k : String(k).slice(0, 64));

/** Messages by zod issue code: zod's own messages are fine today, but this way no future message can echo a value. */
function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_big':
      return `too big: at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_small':
      return `too small: at least ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`.slice(0, 300);
    case 'unrecognized_keys':
      return 'unknown key: remove it';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
    case 'custom':
      // Our own messages (patterns, refinements) describe the rule, never the input.
      return issue.message;
    default:
      return 'invalid value';
  }
}

/**
 * zod issues → envelope issues. With `batch`, a path that starts with
 * ['snapshots', i, …] becomes index i and the path inside the snapshot.
 */
export function toIssues(error: z.ZodError, batch = false): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      let path = issue.path.map(safeKey);
      if (key !== undefined) path = [...path, safeKey(key)];
      const base = { code: issue.code, message: describe(issue) };
      if (batch && path[0] === 'snapshots' && typeof path[1] === 'number') out.push({ index: path[1], path: path.slice(2), ...base });
      else out.push({ path, ...base });
      if (out.length >= 200) return out;
    }
  }
  return out;
}
