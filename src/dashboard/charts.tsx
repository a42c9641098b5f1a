import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear, scalePoint } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import type { Level } from '../contract/depth';
import { formatShare, formatWeekShort, type Fmt } from './format';
import type { Segment, TrendSeries } from './model';

/**
 * The charts, in SVG with a viewBox: they scale to the column on screen and
 * to the page in print. Each is an image with a short text alternative; the
 * figures themselves are in the table beside it, so nothing here has to be
 * read from colour, and a suppressed figure is simply not drawn.
 */

const AXIS = { stroke: 'var(--line)', tickStroke: 'var(--line)' } as const;
const tickLabel = () => ({ fill: 'var(--muted)', fontSize: 11, fontFamily: 'inherit' });

/** Levels are ordered: one hue, darker for deeper use (theme.css sets both palettes). */
export const LEVEL_FILL: Record<Level, string> = {
  non_user: 'var(--level-non_user)',
  low: 'var(--level-low)',
  novice: 'var(--level-novice)',
  habitual: 'var(--level-habitual)',
  power: 'var(--level-power)',
};
/** Lines also differ by dash, so they can be told apart without colour. */
const LEVEL_DASH: Record<Level, string | undefined> = { power: undefined, habitual: '6 3', novice: '2 3', low: '8 3 2 3', non_user: '1 5' };

export function Legend({ items }: { items: { key: Level; label: string }[] }) {
  return (
    <ul className="legend" aria-hidden="true">
      {items.map((i) => (
        <li key={i.key}>
          <svg width="14" height="14" viewBox="0 0 14 14">
            <rect width="14" height="14" rx="2" fill={LEVEL_FILL[i.key]} stroke="var(--line)" />
          </svg>
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** One horizontal bar, 100 % wide, split by the published level shares; what is not published is left hatched. */
export function LevelBar({ fmt, segments, label }: { fmt: Fmt; segments: Segment[]; label: string }) {
  const width = 600;
  const height = 56;
  const x = scaleLinear<number>({ domain: [0, 1], range: [0, width] });
  let at = 0;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height + 22}`} role="img" aria-label={label} data-testid="level-bar">
      <defs>
        <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="6" stroke="var(--muted)" strokeWidth="1.5" />
        </pattern>
      </defs>
      <rect x={0} y={0} width={width} height={height} fill="url(#hatch)" />
      {segments.map((s) => {
        const from = at;
        at += s.value;
        const w = x(s.value);
        return (
          <g key={s.key}>
            <Bar x={x(from)} y={0} width={w} height={height} fill={LEVEL_FILL[s.key as Level]} stroke="var(--panel)" strokeWidth={1} />
            {w > 44 ? (
              <text x={x(from) + w / 2} y={height / 2 + 4} textAnchor="middle" fontSize={12} fill={`var(--on-level-${s.key})`}>
                {formatShare(fmt.locale, s.value)}
              </text>
            ) : null}
          </g>
        );
      })}
      <AxisBottom top={height} scale={x} numTicks={5} tickFormat={(v) => formatShare(fmt.locale, Number(v))} tickLabelProps={tickLabel} {...AXIS} />
    </svg>
  );
}

/** The share of each level, week by week; a suppressed week is a gap in the line. */
export function TrendChart({ fmt, weeks, series, label }: { fmt: Fmt; weeks: string[]; series: TrendSeries[]; label: string }) {
  const width = 640;
  const height = 240;
  const margin = { top: 12, right: 84, bottom: 28, left: 44 };
  const x = scalePoint<string>({ domain: weeks, range: [0, width - margin.left - margin.right], padding: 0.3 });
  const y = scaleLinear<number>({ domain: [0, 1], range: [height - margin.top - margin.bottom, 0], nice: true });
  // At most about eight week labels, so they never overlap.
  const every = Math.max(1, Math.ceil(weeks.length / 8));
  const ticks = weeks.filter((_, i) => (weeks.length - 1 - i) % every === 0);
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="trend-chart">
      <Group left={margin.left} top={margin.top}>
        <AxisLeft scale={y} numTicks={5} tickFormat={(v) => formatShare(fmt.locale, Number(v))} tickLabelProps={tickLabel} {...AXIS} />
        <AxisBottom
          top={height - margin.top - margin.bottom}
          scale={x}
          tickValues={ticks}
          tickFormat={(w) => formatWeekShort(fmt.locale, String(w))}
          tickLabelProps={tickLabel}
          {...AXIS}
        />
        {series.map((s) => {
          const pts = s.points.map((v, i) => ({ w: weeks[i]!, v }));
          const last = [...pts].reverse().find((p) => p.v !== null);
          return (
            <g key={s.level}>
              <LinePath
                data={pts}
                x={(p) => x(p.w) ?? 0}
                y={(p) => y(p.v ?? 0)}
                defined={(p) => p.v !== null}
                stroke={LEVEL_FILL[s.level]}
                strokeWidth={2.5}
                strokeDasharray={LEVEL_DASH[s.level]}
                fill="none"
              />
              {pts.map((p) =>
                p.v === null ? null : <circle key={p.w} cx={x(p.w)} cy={y(p.v)} r={weeks.length > 20 ? 1.5 : 3} fill={LEVEL_FILL[s.level]} />,
              )}
              {last && last.v !== null ? (
                <text x={(x(last.w) ?? 0) + 8} y={y(last.v) + 4} fontSize={11} fill="var(--fg)">
                  {s.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </Group>
    </svg>
  );
}

export interface DepthRow {
  key: string;
  label: string;
  median: number | null;
  p25: number | null;
  p75: number | null;
}

/** Each dimension on the 0–100 score: the middle half of members as a bar, the median as a mark. */
export function DepthChart({ rows, label }: { rows: DepthRow[]; label: string }) {
  const width = 640;
  const rowH = 30;
  const margin = { top: 8, right: 16, bottom: 28, left: 200 };
  const height = margin.top + margin.bottom + rows.length * rowH;
  const x = scaleLinear<number>({ domain: [0, 100], range: [0, width - margin.left - margin.right] });
  const yb = scaleBand<string>({ domain: rows.map((r) => r.key), range: [0, rows.length * rowH], padding: 0.35 });
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="depth-chart">
      <Group left={margin.left} top={margin.top}>
        {rows.map((r) => {
          const y = yb(r.key) ?? 0;
          const h = yb.bandwidth();
          return (
            <g key={r.key}>
              <text x={-10} y={y + h / 2 + 4} textAnchor="end" fontSize={12} fill="var(--fg)">
                {r.label}
              </text>
              <rect x={0} y={y} width={x(100)} height={h} fill="var(--track)" />
              {r.p25 !== null && r.p75 !== null ? (
                <Bar x={x(r.p25)} y={y} width={Math.max(2, x(r.p75) - x(r.p25))} height={h} fill="var(--chart-bar)" opacity={0.45} />
              ) : null}
              {r.median !== null ? <rect x={x(r.median) - 2} y={y - 4} width={4} height={h + 8} fill="var(--fg)" /> : null}
            </g>
          );
        })}
        <AxisBottom top={rows.length * rowH} scale={x} tickValues={[0, 20, 40, 60, 80, 100]} tickLabelProps={tickLabel} {...AXIS} />
      </Group>
    </svg>
  );
}

/** Horizontal bars of shares 0–100 % (tools, features). */
export function ShareBars({ fmt, items, label }: { fmt: Fmt; items: { key: string; label: string; value: number }[]; label: string }) {
  const width = 640;
  const rowH = 26;
  const margin = { top: 4, right: 56, bottom: 24, left: 160 };
  const height = margin.top + margin.bottom + items.length * rowH;
  const x = scaleLinear<number>({ domain: [0, 1], range: [0, width - margin.left - margin.right] });
  const yb = scaleBand<string>({ domain: items.map((r) => r.key), range: [0, items.length * rowH], padding: 0.3 });
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <Group left={margin.left} top={margin.top}>
        {items.map((r) => {
          const y = yb(r.key) ?? 0;
          return (
            <g key={r.key}>
              <text x={-10} y={y + yb.bandwidth() / 2 + 4} textAnchor="end" fontSize={12} fill="var(--fg)">
                {r.label}
              </text>
              <Bar x={0} y={y} width={x(r.value)} height={yb.bandwidth()} fill="var(--chart-bar)" />
              <text x={x(r.value) + 6} y={y + yb.bandwidth() / 2 + 4} fontSize={11} fill="var(--fg)">
                {formatShare(fmt.locale, r.value)}
              </text>
            </g>
          );
        })}
        <AxisBottom top={items.length * rowH} scale={x} numTicks={5} tickFormat={(v) => formatShare(fmt.locale, Number(v))} tickLabelProps={tickLabel} {...AXIS} />
      </Group>
    </svg>
  );
}
