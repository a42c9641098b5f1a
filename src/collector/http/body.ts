/** Reading a JSON body: the content type first (415), then the parse (400), then the schema (400 with paths). */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, toIssues } from './errors';

/** application/json, with parameters such as charset allowed. */
export function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test((contentType ?? '').trim());
}

export async function readJson<T extends z.ZodType>(c: Context, schema: T, batch = false): Promise<z.infer<T>> {
  if (!isJson(c.req.header('content-type'))) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch (e) {
    // The body limit's own error passes through; anything else is a malformed body.
    if (e instanceof ApiError) throw e;
    if (!(e instanceof SyntaxError)) throw e;
    throw new ApiError(400, 'invalid_request', 'The body is not valid JSON.', [{ path: [], code: 'invalid_json', message: 'not valid JSON' }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError(400, 'invalid_request', 'The request does not match the schema; see issues (index and field path).', toIssues(parsed.error, batch));
  }
  return parsed.data;
}
