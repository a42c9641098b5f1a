import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, ExportFile } from '../contract/export';
import { ROLLUP_COUNTS, type DailyRollup } from '../contract/rollup';

/**
 * Reading a personal export back, and the merge rules, without storage: the
 * platform applies the result in one transaction.
 */
export type ImportFailureReason = 'corrupted' | 'foreign' | 'newer' | 'failed';
export type ImportFailure = { ok: false; reason: ImportFailureReason; message: string };
/** What an import added: raw events, new rollups, and stored rollups it replaced with larger ones. */
export interface ImportAdded {
  events: number;
  rollups: number;
  updatedRollups: number;
  /** The latest day in the file's daily totals (null when it had none), so the page can say when it is all older than a level counts. */
  newestDay?: string | null;
}
export type ImportResult = { ok: true; added: ImportAdded } | ImportFailure;

/**
 * Parses and checks an export file. The checks run from the broadest to the
 * most specific, so the message names the real problem: a newer file fails as
 * "newer" even though it would not match today's schema either.
 */
export function parseExportFile(text: string): { ok: true; file: ExportFile } | ImportFailure {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      reason: 'corrupted',
      message: 'This file is damaged or is not JSON, so nothing was imported. Choose the .json file Leadline exported.',
    };
  }
  if (!json || typeof json !== 'object' || (json as { format?: unknown }).format !== EXPORT_FORMAT) {
    return {
      ok: false,
      reason: 'foreign',
      message: 'This is not a Leadline export, so nothing was imported. Choose the .json file Leadline exported.',
    };
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > EXPORT_SCHEMA_VERSION) {
    return {
      ok: false,
      reason: 'newer',
      message: `This file was made by a newer version of Leadline (format ${version}); update Leadline, then import again.`,
    };
  }
  const parsed = ExportFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: 'corrupted',
      message: `This file is damaged${issue ? ` at ${issuePath(issue.path)} (${issueText(issue)})` : ''}, so nothing was imported. Export it again from Leadline and import the new file.`,
    };
  }
  return { ok: true, file: parsed.data };
}

/**
 * A zod issue in words: a failed pattern without its own message would show
 * the raw regular expression ("must match pattern /^[0-9a-f]{16}\|…/"), which
 * tells nobody anything, so it becomes "not in the expected form".
 */
export function issueText(issue: { code: string; message: string; format?: unknown }): string {
  if (issue.code === 'invalid_format' && issue.format === 'regex' && /pattern \//.test(issue.message)) return 'not in the expected form';
  return issue.message;
}

/** A zod issue path as a reader would write it: rollups[3].id. */
export function issuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the top level';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

export function importFailed(error: unknown): ImportFailure {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    reason: 'failed',
    message: `The import could not be saved (${detail}), so nothing was changed. Try again; if it keeps failing, free some disk space and restart the browser.`,
  };
}

/**
 * Whether an imported rollup should replace the stored one of the same id.
 * Rows of one device only grow during a day, so a later export of that device
 * has at least as many events: more events means newer, and a tie (the same
 * row again) changes nothing, which is what makes a second import a no-op.
 */
export function shouldReplaceRollup(existing: DailyRollup | undefined, incoming: DailyRollup): boolean {
  return existing === undefined || incoming.events > existing.events;
}

/** Of several rows with the same id in one file, the one with the most events. */
export function bestRollups(rows: readonly DailyRollup[]): DailyRollup[] {
  const best = new Map<string, DailyRollup>();
  for (const r of rows) if (shouldReplaceRollup(best.get(r.id), r)) best.set(r.id, r);
  return [...best.values()];
}

/** Field-by-field equality of two rollups (feature maps treat absent as 0). */
export function sameRollup(a: DailyRollup, b: DailyRollup): boolean {
  if (a.id !== b.id || a.device !== b.device || a.tool !== b.tool || a.day !== b.day || a.v !== b.v) return false;
  if (ROLLUP_COUNTS.some((k) => a[k] !== b[k])) return false;
  const features = new Set([...Object.keys(a.features), ...Object.keys(b.features)]) as Set<keyof DailyRollup['features']>;
  return [...features].every((f) => (a.features[f] ?? 0) === (b.features[f] ?? 0));
}
