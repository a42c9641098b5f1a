/**
 * Whether sync runs, decided from the resolved configuration: policy first,
 * then the person's own opt-in (see src/contract/config.ts). Sync runs only
 * when it is on AND the destination is complete AND, in Firefox, the
 * data-collection consent is given; otherwise it says which is missing.
 */
import type { Config, Source } from '../contract/config';
import { TeamPath } from '../contract/sync';
import { normaliseUrl, type Destination } from './queue';

export const SYNC_KEYS = ['syncEnabled', 'collectorUrl', 'enrollmentToken', 'teamId'] as const;
export type SyncKey = (typeof SYNC_KEYS)[number];

export type SyncBlocker = 'off' | 'collectorUrl' | 'enrollmentToken' | 'teamId' | 'consent';

export interface SyncSettings {
  on: boolean;
  /** Why it does not run (empty when it runs). */
  blockers: SyncBlocker[];
  /** Who turned it on or off: the organisation's policy, the person, or nobody (the default, off). */
  decidedBy: Source;
  destination: Destination;
  token: string;
  /** Keys policy sets: the options page locks these fields. */
  locked: SyncKey[];
}

export function syncSettings(values: Config, sources: Record<string, Source>, consent: boolean): SyncSettings {
  const blockers: SyncBlocker[] = [];
  if (!values.syncEnabled) blockers.push('off');
  if (values.collectorUrl === '') blockers.push('collectorUrl');
  if (values.enrollmentToken.trim() === '') blockers.push('enrollmentToken');
  if (!TeamPath.safeParse(values.teamId).success) blockers.push('teamId');
  if (values.syncEnabled && !consent) blockers.push('consent');
  return {
    on: blockers.length === 0,
    blockers,
    decidedBy: sources.syncEnabled ?? 'default',
    destination: { url: normaliseUrl(values.collectorUrl), team: values.teamId },
    token: values.enrollmentToken.trim(),
    locked: SYNC_KEYS.filter((k) => sources[k] === 'policy'),
  };
}

/** What an entered collector URL is wrong with, for a message that says why (null: fine). */
export function collectorUrlProblem(url: string): 'invalid' | 'http_not_loopback' | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'invalid';
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:') return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) ? null : 'http_not_loopback';
  return 'invalid';
}

/** The string a configuration change is detected by (hashed before it is stored: it contains the token). */
export function fingerprintSource(s: SyncSettings): string {
  return JSON.stringify([s.destination.url, s.destination.team, s.token]);
}
