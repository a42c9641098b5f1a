/** Whether an error means "the database is not there right now" (→ 503, so clients retry) rather than a bug (→ 500). */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  if (!err || typeof err !== 'object') return false;
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : '';
  if (/^(08|53|57P)/.test(code)) return true; // connection exceptions, insufficient resources, operator intervention
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
  if (/already closed|destroyed|after calling end on the pool|Connection terminated|timeout exceeded when trying to connect|PGlite is closed|closed/i.test(message)) return true;
  return err.cause !== undefined && err.cause !== e && isDatabaseUnavailable(err.cause);
}
