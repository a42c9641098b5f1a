/**
 * The one grouping of member rows into per-team, per-week counts, in SQL.
 * The fold job stores its result for closed weeks; reports run it over open
 * weeks; both therefore yield exactly the shape of the aggregates table, and
 * a report costs one grouped query whatever the number of members.
 */
import { type RawBuilder, sql } from 'kysely';
import { DIMENSIONS, LEVELS } from '../contract/depth';
import { ACTIVE_DAY_BINS, SCORE_BINS, type TeamWeekAggregate } from './report/input';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const levelCounts = range(LEVELS.length).map((i) => `count(*) FILTER (WHERE level = ${i})::int`);
const dimensionCounts = range(DIMENSIONS.length).flatMap((d) =>
  range(SCORE_BINS).map((b) => `count(*) FILTER (WHERE dimensions[${d + 1}] = ${b * 10})::int`),
);
const activeDayCounts = range(ACTIVE_DAY_BINS).map((b) => `count(*) FILTER (WHERE active_days = ${b})::int`);

/**
 * SELECT week, team, contributors, levels, dimensions, active_days, tools, features
 * over the snapshot rows matching `where` (an SQL condition on snapshots).
 */
export function groupedRows(where: RawBuilder<unknown>): RawBuilder<AggregateRow> {
  return sql<AggregateRow>`
    WITH r AS (SELECT * FROM snapshots WHERE ${where}),
    base AS (
      SELECT week, team, count(*)::int AS contributors,
        ARRAY[${sql.raw(levelCounts.join(', '))}] AS levels,
        ARRAY[${sql.raw(dimensionCounts.join(', '))}] AS dimensions,
        ARRAY[${sql.raw(activeDayCounts.join(', '))}] AS active_days
      FROM r GROUP BY week, team
    ),
    t AS (
      SELECT week, team, jsonb_object_agg(tool, n) AS tools
      FROM (SELECT week, team, tool, count(*)::int AS n FROM r, unnest(r.tools) AS tool GROUP BY week, team, tool) x
      GROUP BY week, team
    ),
    f AS (
      SELECT week, team, jsonb_object_agg(feature, n) AS features
      FROM (SELECT week, team, feature, count(*)::int AS n FROM r, unnest(r.features) AS feature GROUP BY week, team, feature) x
      GROUP BY week, team
    )
    SELECT base.week, base.team, base.contributors, base.levels, base.dimensions, base.active_days,
      coalesce(t.tools, '{}'::jsonb) AS tools, coalesce(f.features, '{}'::jsonb) AS features
    FROM base LEFT JOIN t USING (week, team) LEFT JOIN f USING (week, team)`;
}

export interface AggregateRow {
  week: string;
  team: string;
  contributors: number;
  levels: number[];
  dimensions: number[];
  active_days: number[];
  tools: Record<string, number> | string;
  features: Record<string, number> | string;
}

const json = (v: Record<string, number> | string): Record<string, number> => (typeof v === 'string' ? JSON.parse(v) : v);

/** A row of the aggregates table (or of groupedRows) as the report builder reads it. */
export function toAggregate(row: AggregateRow): TeamWeekAggregate {
  return {
    team: row.team,
    week: row.week,
    contributors: Number(row.contributors),
    levels: Object.fromEntries(LEVELS.map((l, i) => [l, Number(row.levels[i] ?? 0)])) as TeamWeekAggregate['levels'],
    tools: json(row.tools),
    features: json(row.features),
    dimensions: Object.fromEntries(
      DIMENSIONS.map((d, i) => [d, row.dimensions.slice(i * SCORE_BINS, (i + 1) * SCORE_BINS).map(Number)]),
    ) as TeamWeekAggregate['dimensions'],
    activeDays: row.active_days.map(Number),
  };
}

/** Adds two aggregates of the same team and week (only ever needed if a fold and a late row raced). */
export function addAggregates(a: TeamWeekAggregate, b: TeamWeekAggregate): TeamWeekAggregate {
  const addMap = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    ...a,
    contributors: a.contributors + b.contributors,
    levels: Object.fromEntries(LEVELS.map((l) => [l, a.levels[l] + b.levels[l]])) as TeamWeekAggregate['levels'],
    tools: addMap(a.tools, b.tools),
    features: addMap(a.features, b.features),
    dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, a.dimensions[d].map((v, i) => v + (b.dimensions[d][i] ?? 0))])) as TeamWeekAggregate['dimensions'],
    activeDays: a.activeDays.map((v, i) => v + (b.activeDays[i] ?? 0)),
  };
}
