import { useEffect, useRef, useState } from 'react';
import type { TrendWeek } from '../../metrics/types';
import { formatDay, formatNumber, t, uiLocale } from '../../platform/i18n';
import { trendLabel, weekRange } from './model';

/** A canvas that can draw 2D: false in unit tests (happy-dom), where the chart is skipped and the table stands alone. */
function canDraw(canvas: HTMLCanvasElement): boolean {
  try {
    return typeof canvas.getContext === 'function' && canvas.getContext('2d') !== null;
  } catch {
    return false;
  }
}

/**
 * Prompts (bars) and active days (line) per week for 12 weeks. chart.js is
 * loaded in an effect, i.e. after the summary has been committed, so it never
 * delays the first render; the same figures are in the aria-label and a table.
 */
export function TrendChart({ trend }: { trend: readonly TrendWeek[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = canvas.current;
    if (!el || !canDraw(el)) return;
    let live = true;
    let chart: { destroy(): void } | null = null;
    import('./chart')
      .then(({ drawTrendChart }) => {
        if (!live) return;
        chart = drawTrendChart(el, {
          labels: trend.map((w) => formatDay(w.start)),
          prompts: trend.map((w) => w.prompts),
          activeDays: trend.map((w) => w.activeDays),
          promptsLabel: t('popup_trend_prompts_series'),
          activeDaysLabel: t('popup_trend_days_series'),
          locale: uiLocale(),
        });
      })
      .catch((e: unknown) => {
        console.error('Leadline popup: the trend chart could not be drawn', e);
        if (live) setFailed(true);
      });
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [trend]);
  return (
    <div data-testid="trend-chart">
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={trendLabel(trend)} />
      </div>
      {failed ? <p className="muted">{t('popup_trend_unavailable')}</p> : null}
      <details>
        <summary>{t('popup_trend_table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('popup_col_week')}</th>
              <th scope="col" className="num">{t('popup_metric_prompts')}</th>
              <th scope="col" className="num">{t('popup_metric_active_days')}</th>
            </tr>
          </thead>
          <tbody>
            {trend.map((w) => (
              <tr key={w.end} data-week={w.end}>
                <th scope="row">{weekRange(w)}</th>
                <td className="num">{formatNumber(w.prompts)}</td>
                <td className="num">{formatNumber(w.activeDays)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
