import { useState, type ReactNode } from 'react';
import type { Figure, TeamReport } from '../contract/report';
import { DepthChart, Legend, LevelBar, ShareBars, TrendChart } from './charts';
import { ChildrenTable } from './ChildrenTable';
import { DataTable } from './DataTable';
import { formatDateTime, formatFigure, formatWeekRange, formatWeekShort, parentOf, type Fmt } from './format';
import {
  depthTable,
  featuresTable,
  headlineTable,
  headlineView,
  latestWeek,
  levelSegments,
  levelsTable,
  toolsTable,
  trendSeries,
  trendTable,
  type ChildSort,
  type TableModel,
} from './model';

/** Where the published metric definitions are served (docs/team-metrics.md, rendered by the collector). */
export const DEFINITIONS_HREF = '/docs/team-metrics';

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} className="card">
      <h2 id={`${id}-h`}>{title}</h2>
      {intro ? <p className="intro">{intro}</p> : null}
      {children}
    </section>
  );
}

/** A figure as text, or its reason; a hidden one is marked so it reads differently. */
function Fig({ fmt, f, kind }: { fmt: Fmt; f: Figure; kind: Parameters<typeof formatFigure>[2] }) {
  const text = formatFigure(fmt, f, kind);
  return f.value === null ? <span className={`suppressed ${f.suppressed}`}>{text}</span> : <>{text}</>;
}

function names(items: string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}

/** The parts of a chart's text alternative for rows that have a value. */
function tableSummary(fmt: Fmt, table: TableModel, col: number): string {
  return table.rows
    .filter((r) => { const c = r.cells[col]; return c && 'figure' in c && c.figure.value !== null; })
    .map((r) => {
      const c = r.cells[col]!;
      return `${r.label} ${'figure' in c ? formatFigure(fmt, c.figure, c.kind) : c.text}`;
    })
    .join(', ');
}

export function ReportView({
  fmt,
  report,
  childSort,
  onChildSort,
  onOpenTeam,
}: {
  fmt: Fmt;
  report: TeamReport;
  childSort: ChildSort;
  onChildSort: (s: ChildSort) => void;
  onOpenTeam: (team: string) => void;
}) {
  const { m, locale } = fmt;
  const week = latestWeek(report);
  const head = headlineView(week);
  const [printedAt] = useState(() => new Date());
  const first = report.weeks[0]!.week;
  const weeks = report.weeks.map((w) => w.week);

  const tHeadline = headlineTable(fmt, week);
  const tLevels = levelsTable(fmt, week);
  const tTrend = trendTable(fmt, report);
  const tDepth = depthTable(fmt, week);
  const tTools = toolsTable(fmt, week);
  const tFeatures = featuresTable(fmt, week);
  const segs = levelSegments(fmt, week);
  const series = trendSeries(fmt, report);
  const hop = series.find((s) => s.level === 'habitual')!;

  return (
    <article className="report" data-testid="report" aria-labelledby="report-title">
      <header className="report-head">
        <h1 id="report-title">{m.reportHeading(report.team)}</h1>
        <p className="meta">
          <strong>{m.weekLine(week.week, formatWeekRange(locale, week.week))}</strong>
          <span>{m.trendLine(report.weeks.length, formatWeekShort(locale, first), formatWeekShort(locale, week.week))}</span>
          <span data-testid="k-line">{m.kLine(report.k)}</span>
          <span>{m.generatedLine(formatDateTime(locale, report.generatedAt))}</span>
          <span className="print-only">{m.printedLine(formatDateTime(locale, printedAt))}</span>
        </p>
        {week.status === 'open' ? <p className="note">{m.weekOpen}</p> : null}
      </header>

      {head.status !== 'published' ? (
        <p className="banner" role="note" data-testid="team-status">
          {head.status === 'below_k' ? m.teamBelowK(report.team, report.k, parentOf(report.team)) : m.teamWithheld(report.team)}
        </p>
      ) : null}

      <Section id="headline" title={m.headlineTitle}>
        <dl className="tiles" data-testid="headline">
          <div>
            <dt>{m.members}</dt>
            <dd data-testid="headline-members">
              <Fig fmt={fmt} f={head.members} kind="count" />
            </dd>
          </div>
          <div>
            <dt>{m.habitualOrPower}</dt>
            <dd data-testid="headline-share">
              <Fig fmt={fmt} f={head.habitualOrPower} kind="share" />
            </dd>
            <dd className="hint">{m.habitualOrPowerHint}</dd>
          </div>
          <div>
            <dt>{m.maturity}</dt>
            <dd data-testid="headline-maturity">
              {head.maturity ? m.maturityNames[head.maturity] : <Fig fmt={fmt} f={week.headline.powerShare} kind="share" />}
            </dd>
            <dd className="hint">{head.maturity ? m.maturityMeanings[head.maturity] : m.maturityHint}</dd>
          </div>
          <div>
            <dt>{m.change}</dt>
            {head.change ? (
              <>
                <dd data-testid="headline-change-members">{head.change.members.value === null ? <Fig fmt={fmt} f={head.change.members} kind="countChange" /> : m.changeMembers(formatFigure(fmt, head.change.members, 'countChange'))}</dd>
                {head.change.habitualOrPower ? (
                  <dd data-testid="headline-change-share">
                    {head.change.habitualOrPower.value === null ? (
                      <Fig fmt={fmt} f={head.change.habitualOrPower} kind="shareChange" />
                    ) : (
                      m.changeShare(formatFigure(fmt, head.change.habitualOrPower, 'shareChange'))
                    )}
                  </dd>
                ) : null}
              </>
            ) : (
              <dd className="hint">{m.noPrevious}</dd>
            )}
          </div>
        </dl>
        <DataTable fmt={fmt} table={tHeadline} caption={m.headlineTitle} rowHeaderLabel={m.colFigure} />
      </Section>

      <Section id="levels" title={m.levelsTitle} intro={m.levelsIntro}>
        <div className="pair">
          <figure>
            <LevelBar fmt={fmt} segments={segs.drawn} label={m.chartLevels(segs.drawn.map((s) => `${s.label} ${formatFigure(fmt, { value: s.value }, 'share')}`).join(', '))} />
            <Legend items={segs.drawn.map((s) => ({ key: s.key as never, label: s.label }))} />
            {segs.hidden.length > 0 ? <figcaption className="note">{m.notShown(names(segs.hidden, locale), report.k)}</figcaption> : null}
          </figure>
          <DataTable fmt={fmt} table={tLevels} caption={m.levelsTitle} rowHeaderLabel={m.colLevel} />
        </div>
      </Section>

      <Section id="trend" title={m.trendTitle} intro={m.trendIntro}>
        <div className="pair">
          <figure>
            <TrendChart
              fmt={fmt}
              weeks={weeks}
              series={series}
              label={m.chartTrend(
                weeks.length,
                hop.label,
                formatFigure(fmt, { value: hop.points.find((p) => p !== null) ?? 0 }, 'share'),
                formatFigure(fmt, { value: [...hop.points].reverse().find((p) => p !== null) ?? 0 }, 'share'),
              )}
            />
            <Legend items={series.map((s) => ({ key: s.level, label: s.label }))} />
          </figure>
          <DataTable fmt={fmt} table={tTrend} caption={m.trendTitle} rowHeaderLabel={m.colWeek} scroll />
        </div>
      </Section>

      <Section id="depth" title={m.depthTitle} intro={m.depthIntro}>
        <div className="pair wide-table">
          <figure>
            <DepthChart
              label={m.chartDepth(tableSummary(fmt, tDepth, 0))}
              rows={week.dimensions.map((d) => ({ key: d.dimension, label: m.dimensionNames[d.dimension], median: d.median.value, p25: d.p25.value, p75: d.p75.value }))}
            />
          </figure>
          <DataTable fmt={fmt} table={tDepth} caption={m.depthTitle} rowHeaderLabel={m.colDimension} />
        </div>
      </Section>

      <Section id="tools" title={m.toolsTitle} intro={m.toolsIntro}>
        <UsageBlock fmt={fmt} table={tTools} rowHeaderLabel={m.colTool} />
      </Section>
      <Section id="features" title={m.featuresTitle} intro={m.featuresIntro}>
        <UsageBlock fmt={fmt} table={tFeatures} rowHeaderLabel={m.colFeature} />
      </Section>

      <Section id="children" title={m.childrenTitle} intro={week.children.length > 0 ? m.childrenIntro(report.team) : undefined}>
        {week.children.length > 0 ? (
          <ChildrenTable fmt={fmt} week={week} sort={childSort} onSort={onChildSort} onOpenTeam={onOpenTeam} />
        ) : (
          <p className="muted">{m.noChildren}</p>
        )}
      </Section>

      <p className="definitions">
        <a href={DEFINITIONS_HREF}>{m.definitions}</a>
      </p>
    </article>
  );
}

/** Tools or features: bars of the published shares beside the full table. */
function UsageBlock({ fmt, table, rowHeaderLabel }: { fmt: Fmt; table: TableModel; rowHeaderLabel: string }) {
  if (table.rows.length === 0) return <p className="muted">{fmt.m.noneUsed}</p>;
  const items = table.rows.flatMap((r) => {
    const share = r.cells[1]!;
    return 'figure' in share && share.figure.value !== null ? [{ key: r.key, label: r.label, value: share.figure.value }] : [];
  });
  return (
    <div className="pair">
      <figure>{items.length > 0 ? <ShareBars fmt={fmt} items={items} label={fmt.m.chartBars(tableSummary(fmt, table, 1))} /> : null}</figure>
      <DataTable fmt={fmt} table={table} caption={table.title} rowHeaderLabel={rowHeaderLabel} />
    </div>
  );
}
