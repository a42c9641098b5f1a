/**
 * The closed weeks the collector bench seeds straight into the aggregates
 * table, as the fold would leave them: per team and week, a member count a
 * little under the team's size and random splits of it. Shared by the
 * collector's child process (which inserts them) and diagnose-report.ts
 * (which protects them in-process), so both measure the same tables.
 */
import type { AggregateRow } from '../../src/collector/aggregate-sql';
import { ACTIVE_DAY_BINS, SCORE_BINS } from '../../src/collector/report/input';
import { DIMENSIONS, LEVELS } from '../../src/contract/depth';

export const SEED_TOOLS = ['chatgpt', 'claude', 'gemini', 'copilot', 'perplexity'];
export const SEED_FEATURES = ['file_upload', 'web_search', 'data_analysis', 'canvas'];

/** `n` split into `parts` random non-negative counts. */
export function split(n: number, parts: number, random: () => number): number[] {
  const w = Array.from({ length: parts }, () => random() + 0.05);
  const total = w.reduce((a, b) => a + b, 0);
  const out = w.map((x) => Math.floor((x / total) * n));
  out[0]! += n - out.reduce((a, b) => a + b, 0);
  return out;
}

/** One team's closed week, `random` advanced in a fixed order so that a seed gives the same rows. */
export function seededAggregateRow(team: string, week: string, membersPerTeam: number, random: () => number): AggregateRow {
  const n = membersPerTeam - Math.floor(random() * 3);
  const tools: Record<string, number> = {};
  for (const t of SEED_TOOLS) tools[t] = Math.floor(random() * n);
  const features: Record<string, number> = {};
  for (const f of SEED_FEATURES) features[f] = Math.floor(random() * n);
  return {
    week,
    team,
    contributors: n,
    levels: split(n, LEVELS.length, random),
    tools,
    features,
    dimensions: DIMENSIONS.flatMap(() => split(n, SCORE_BINS, random)),
    active_days: split(n, ACTIVE_DAY_BINS, random),
  };
}
