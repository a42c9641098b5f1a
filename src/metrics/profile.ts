/**
 * The depth profile: seven dimensions over the last 28 days, each a raw
 * figure and a 0–100 score against the target in its definition.
 */
import type { DailyRollup } from '../contract/rollup';
import { PROFILE_DAYS, dimensionDefinition, type DimensionDefinition } from './definitions';
import { countActive, scan, type Scan } from './scan';
import { DIMENSIONS, type DimensionId, type DimensionResult } from './types';

/** a ÷ b, or 0 when there is nothing to divide by: an empty window reads as no depth, never NaN. */
export function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

/** A 0–100 integer score; anything not finite reads as 0. */
export const clampScore = (x: number): number => Math.round(Math.min(100, Math.max(0, Number.isFinite(x) ? x : 0)));

/**
 * The 0–100 score of a raw figure (or of a composite's parts) by the
 * dimension's definition: linear to the target, capped; a composite blends
 * its parts, each capped at its own target first.
 */
export function scoreDimension(def: DimensionDefinition, raw: number, parts?: Readonly<Record<string, number>>): number {
  if (def.parts) {
    let blended = 0;
    for (const part of def.parts) blended += part.weight * Math.min(1, Math.max(0, ratio(parts?.[part.key] ?? 0, part.target)));
    return clampScore(blended * 100);
  }
  return clampScore(ratio(raw, def.target) * 100);
}

function raw(id: DimensionId, s: Scan): { raw: number; parts?: Record<string, number> } {
  const p = s.profile;
  switch (id) {
    case 'habit':
      return { raw: countActive(s.dayPrompts, 0, PROFILE_DAYS) };
    case 'intensity':
      return { raw: ratio(p.prompts, countActive(s.dayPrompts, 0, PROFILE_DAYS)) };
    case 'iteration': {
      const parts = {
        iterativeShare: ratio(p.iterativeConversations, p.conversations),
        editsRegensPerConversation: ratio(p.edits + p.regenerations, p.conversations),
      };
      return { raw: parts.iterativeShare, parts };
    }
    case 'capability_breadth':
      return { raw: s.features.size };
    case 'tool_breadth': {
      let n = 0;
      for (const t of s.tools.values()) if (t.prompts > 0) n++;
      return { raw: n };
    }
    case 'output_reuse':
      return { raw: ratio(p.copies, p.responses) };
    case 'context_richness':
      return { raw: ratio(p.contextRichPrompts, p.prompts) };
  }
}

export function profileFromScan(s: Scan): DimensionResult[] {
  return DIMENSIONS.map((id) => {
    const r = raw(id, s);
    const result: DimensionResult = { id, raw: r.raw, score: scoreDimension(dimensionDefinition(id), r.raw, r.parts) };
    if (r.parts) result.parts = r.parts;
    return result;
  });
}

/** The depth profile over the 28 days ending on `today` (inclusive), in DIMENSIONS order. */
export function depthProfile(rollups: readonly DailyRollup[], today: string): DimensionResult[] {
  return profileFromScan(scan(rollups, today));
}
