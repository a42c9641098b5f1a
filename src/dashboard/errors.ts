import { ApiError, NETWORK_ERROR } from './api';
import { formatWait } from './format';
import type { Locale, Messages } from './messages';

/** What a person can do about a failed request, in their language. */
export function errorText(m: Messages, locale: Locale, e: unknown): string {
  if (!(e instanceof ApiError)) return m.errorNetwork;
  if (e.status === NETWORK_ERROR) return m.errorNetwork;
  if (e.status === 401) return m.error401;
  if (e.status === 403) return m.forbidden;
  if (e.status === 404) return m.notFound;
  if (e.status === 429) return e.retryAfter ? m.error429(formatWait(locale, e.retryAfter)) : m.error429NoWait;
  if (e.status === 503) return m.errorUnavailable;
  return m.errorOther(e.status);
}
