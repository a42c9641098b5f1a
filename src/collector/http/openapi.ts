/** Shared pieces of the OpenAPI description: the error envelope as a response, the bearer scheme. */
import { ErrorBody } from '../../contract/sync';

const REASONS: Record<number, string> = {
  400: 'Invalid request (issues name the index and field path, never the values), or a week not accepted (week_not_complete / week_closed)',
  401: 'Missing, unknown, malformed or revoked token',
  403: 'The token may not do this, or the team is outside its scope (whether or not it exists)',
  404: 'Not found within the scope',
  409: 'A pseudonym already used for another team',
  413: 'Body above 256 KiB (chunked bodies included)',
  415: 'Content-Type is not application/json',
  429: 'Rate limited: retry after Retry-After seconds',
  503: 'The database is unavailable: retry later',
};

export function errors(...codes: number[]) {
  return Object.fromEntries(
    codes.map((code) => [code, { description: REASONS[code] ?? 'Error', content: { 'application/json': { schema: ErrorBody } } }]),
  );
}

export const bearerAuth: Record<string, string[]>[] = [{ bearer: [] }];
export const sessionOrBearer: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
