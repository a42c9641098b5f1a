import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import type { TrendWeek } from '../../metrics/types';
import { formatDay, formatNumber, t } from '../../platform/i18n';
import { Icon } from '../icons';
import { trendLabel, weekRange } from './model';

const W = 352;
const H = 132;
const PAD = { top: 8, right: 22, bottom: 18, left: 28 };

/**
 * Prompts (bars) and active days (a dashed line with square points) per ISO
 * week, drawn with the same visx primitives as the team dashboard, as SVG in
 * the page's own colours. The SVG's name states every figure, and the same
 * figures are in a table below it.
 */
export function TrendChart({ trend }: { trend: readonly TrendWeek[] }) {
  const x = scaleBand<string>({ domain: trend.map((w) => w.week), range: [PAD.left, W - PAD.right], padding: 0.25 });
  const maxPrompts = Math.max(1, ...trend.map((w) => w.prompts));
  const prompts = scaleLinear<number>({ domain: [0, maxPrompts], range: [H - PAD.bottom, PAD.top], nice: true });
  const days = scaleLinear<number>({ domain: [0, 7], range: [H - PAD.bottom, PAD.top] });
  const top = prompts.domain()[1] ?? maxPrompts;
  const centre = (w: TrendWeek) => (x(w.week) ?? 0) + x.bandwidth() / 2;
  return (
    <div data-testid="trend-chart">
      <svg className="trend" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={trendLabel(trend)}>
        <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={prompts(top)} y2={prompts(top)} />
        <line className="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
        <text className="tick" x={PAD.left - 4} y={prompts(top) + 4} textAnchor="end">
          {formatNumber(top)}
        </text>
        <text className="tick" x={PAD.left - 4} y={H - PAD.bottom} textAnchor="end">
          0
        </text>
        <text className="tick line-tick" x={W - PAD.right + 4} y={days(7) + 4}>
          7
        </text>
        {trend.map((w) => (
          <Bar key={w.week} className="trend-bar" x={x(w.week)} width={x.bandwidth()} y={prompts(w.prompts)} height={H - PAD.bottom - prompts(w.prompts)} />
        ))}
        <LinePath className="trend-line" data={[...trend]} x={centre} y={(w) => days(w.activeDays)} />
        {trend.map((w) => (
          <rect key={w.week} className="trend-point" x={centre(w) - 2.5} y={days(w.activeDays) - 2.5} width={5} height={5} />
        ))}
        {[trend[0], trend[trend.length - 1]].map((w, i) =>
          w ? (
            <text key={w.week} className="tick" x={centre(w)} y={H - 4} textAnchor={i === 0 ? 'start' : 'end'}>
              {formatDay(w.start)}
            </text>
          ) : null,
        )}
      </svg>
      <p className="legend">
        <span className="key key-bar" aria-hidden="true" />
        {t('popup_trend_prompts_series')}
        <span className="key key-line" aria-hidden="true" />
        {t('popup_trend_days_series')}
      </p>
      <details className="fold inner">
        <summary>
          <Icon name="chevron" size={14} className="chevron" />
          <span>{t('popup_trend_table')}</span>
        </summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('popup_col_week')}</th>
              <th scope="col" className="num">
                {t('popup_metric_prompts')}
              </th>
              <th scope="col" className="num">
                {t('popup_metric_active_days')}
              </th>
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
