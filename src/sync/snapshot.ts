/**
 * The weekly snapshot, built from the daily rollups with the same functions
 * the popup uses (usageLevel, depthProfile), so a figure sent means what the
 * person reads in their popup. Pure: the rollups, the week and the identity
 * of the snapshot come in, the snapshot goes out.
 */
import { FEATURES, type Feature } from '../contract/buckets';
import { addDays } from '../contract/day';
import { DIMENSIONS, type DimensionId } from '../contract/depth';
import type { DailyRollup } from '../contract/rollup';
import {
  MAX_TOOLS_PER_SNAPSHOT,
  MemberSnapshot,
  SYNC_SCHEMA_VERSION,
  roundScore,
  weekPromptBucket,
} from '../contract/sync';
import { weekEnd, weekStart } from '../contract/week';
import { depthProfile } from '../metrics/profile';
import { usageLevel } from '../metrics/level';
import { LEVEL_WEEKS } from '../metrics/definitions';

export interface SnapshotIdentity {
  team: string;
  pseudonym: string;
  withdrawalHash: string;
  /** The extension's version as in the manifest ('0.1.0'); only major.minor is sent. */
  extensionVersion: string;
}

/** The first local day whose rollups can affect the snapshot of `week`: the level looks back 12 weeks. */
export function snapshotWindowStart(week: string): string {
  return addDays(weekStart(week), -7 * (LEVEL_WEEKS - 1) - 7);
}

/** major.minor of a manifest version; anything unreadable is '0.0' rather than a version that fingerprints a build. */
export function majorMinor(version: string): string {
  const m = /^(\d{1,4})\.(\d{1,4})/.exec(version);
  return m ? `${m[1]}.${m[2]}` : '0.0';
}

/**
 * The snapshot of ISO `week` from the rollups of every device of this person.
 * Level: the 12 ISO weeks ending with `week`; dimensions: the 28 days ending
 * with its Sunday, rounded to tens; active days, prompts, tools and features:
 * that week's seven days only. Validated against the contract before it is
 * returned, so nothing that breaks it can be sent.
 */
export function buildSnapshot(rollups: readonly DailyRollup[], week: string, id: SnapshotIdentity): MemberSnapshot {
  const first = weekStart(week);
  const last = weekEnd(week);
  const level = usageLevel(rollups, last);
  const profile = depthProfile(rollups, last);
  const scores = Object.fromEntries(profile.map((d) => [d.id, roundScore(d.score)])) as Record<DimensionId, number>;

  const inWeek = rollups.filter((r) => r.day >= first && r.day <= last);
  const promptDays = new Set<string>();
  const toolPrompts = new Map<string, number>();
  const features = new Set<Feature>();
  let prompts = 0;
  for (const r of inWeek) {
    prompts += r.prompts;
    if (r.prompts > 0) {
      promptDays.add(r.day);
      toolPrompts.set(r.tool, (toolPrompts.get(r.tool) ?? 0) + r.prompts);
    }
    for (const [f, n] of Object.entries(r.features)) if ((n ?? 0) > 0) features.add(f as Feature);
  }
  // Sorted, so two snapshots of the same history are the same bytes; most prompts first when over the cap.
  const tools = [...toolPrompts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_TOOLS_PER_SNAPSHOT)
    .map(([t]) => t)
    .sort();
  return MemberSnapshot.parse({
    v: SYNC_SCHEMA_VERSION,
    week,
    team: id.team,
    pseudonym: id.pseudonym,
    withdrawalHash: id.withdrawalHash,
    level: level.level,
    activeDays: promptDays.size,
    prompts: weekPromptBucket(prompts),
    dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, scores[d]])),
    tools,
    features: FEATURES.filter((f) => features.has(f)),
    extensionVersion: majorMinor(id.extensionVersion),
  });
}
