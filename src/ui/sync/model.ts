/**
 * The sync view's words: which message says what, from the state alone. Pure
 * (message keys and their substitutions), so the plain-words rules are tested
 * without a browser.
 */
import type { MessageKey } from '../../platform/i18n';
import type { SyncError } from '../../sync/errors';
import type { SyncBlocker } from '../../sync/settings';
import type { Source } from '../../contract/config';

export type Words = [MessageKey, ...string[]];

/** A failure in plain words: what happened, and whether Leadline tries again by itself. */
export function errorWords(error: SyncError, team: string): Words {
  if (error.kind === 'network') return ['sync_error_network'];
  const status = String(error.status ?? '');
  switch (error.code) {
    case 'unauthorized':
      return ['sync_error_unauthorized'];
    case 'forbidden':
      return ['sync_error_forbidden', team];
    case 'rate_limited':
      return ['sync_error_rate_limited'];
    case 'week_closed':
      return ['sync_error_week_closed'];
    case 'week_not_complete':
      return ['sync_error_not_complete'];
  }
  if (error.status === 401) return ['sync_error_unauthorized'];
  if (error.status === 403) return ['sync_error_forbidden', team];
  if (error.status === 429) return ['sync_error_rate_limited'];
  if ((error.status ?? 0) >= 500) return ['sync_error_server', status];
  return ['sync_error_other', status];
}

/** The host people recognise, rather than a full URL. */
export function collectorHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The one sentence that says whether sync runs, who decided, and what goes where. */
export function statusWords(s: { on: boolean; blockers: readonly SyncBlocker[]; decidedBy: Source; destination: { url: string; team: string } }): Words {
  const host = collectorHost(s.destination.url);
  if (s.on) return [s.decidedBy === 'policy' ? 'sync_on_policy' : 'sync_on_user', host, s.destination.team];
  if (s.blockers.includes('off')) return [s.decidedBy === 'policy' ? 'sync_off_policy' : 'sync_off'];
  if (s.blockers.includes('consent')) return ['sync_needs_consent'];
  return ['sync_incomplete'];
}

export const FIELD_WORDS = {
  collectorUrl: 'sync_field_collector',
  enrollmentToken: 'sync_field_token',
  teamId: 'sync_field_team',
} as const satisfies Record<string, MessageKey>;

/** Pretty JSON exactly as sent (the same key order): what the person reads is what goes. */
export function payloadJson(snapshot: unknown): string {
  return JSON.stringify(snapshot, null, 2);
}

/** The popup's one line about sync: on, off, or on but unable to send; and whether the last attempt failed. */
export interface SyncSummary {
  state: 'on' | 'off' | 'blocked';
  problem: boolean;
}

export function syncSummary(s: { on: boolean; blockers: readonly SyncBlocker[] }, lastError: unknown): SyncSummary {
  const state = s.on ? 'on' : s.blockers.includes('off') ? 'off' : 'blocked';
  return { state, problem: lastError !== null && lastError !== undefined };
}
