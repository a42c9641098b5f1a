import { LEVELS, type Summary } from '../../metrics/types';
import { formatNumber, t } from '../../platform/i18n';
import { changeDirection, changeText, dimensionRows, levelFigures, levelMeaning, levelName, metricName, shortHistoryNote, toolRows } from './model';
import { Section } from '../Section';
import { TrendChart } from './TrendChart';

/** The personal summary: level, depth profile, the week's change, the trend and the tools. */
export function SummaryView({ summary, toolName }: { summary: Summary; toolName: (id: string) => string }) {
  return (
    <>
      <LevelSection summary={summary} />
      <Section id="profile" title={t('popup_profile_heading')}>
        <p className="muted small">{t('popup_profile_intro')}</p>
        <ul className="dims">
          {dimensionRows(summary.profile).map((d) => (
            <li key={d.id} className="dim" data-testid={`dim-${d.id}`} data-raw={d.raw} data-score={d.score}>
              <div className="dim-head">
                <span className="dim-name">{d.name}</span>
                <span className="dim-score">{d.scoreText}</span>
              </div>
              <meter min={0} max={100} value={d.score} aria-label={t('popup_dim_score_label', d.name)} />
              <p className="dim-raw">
                {d.rawText}
                {d.detail ? ` · ${d.detail}` : null}
              </p>
            </li>
          ))}
        </ul>
      </Section>
      <Section id="week" title={t('popup_week_heading')}>
        <p className="muted small">{t('popup_week_note')}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('popup_col_measure')}</th>
              <th scope="col" className="num">{t('popup_col_this_week')}</th>
              <th scope="col" className="num">{t('popup_col_last_week')}</th>
              <th scope="col">{t('popup_col_change')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.weekChange.map((c) => (
              <tr key={c.metric} data-testid={`change-${c.metric}`} data-this={c.thisWeek} data-last={c.lastWeek}>
                <th scope="row">{metricName(c.metric)}</th>
                <td className="num">{formatNumber(c.thisWeek)}</td>
                <td className="num">{formatNumber(c.lastWeek)}</td>
                <td className={`change change-${changeDirection(c.change)}`}>{changeText(c.change)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section id="trend" title={t('popup_trend_heading')}>
        <TrendChart trend={summary.trend} />
      </Section>
      <Section id="tools" title={t('popup_tools_heading')}>
        <p data-testid="active-days-28">{t('popup_active_days_28', formatNumber(summary.activeDays28))}</p>
        {summary.tools.length === 0 ? (
          <p className="muted">{t('popup_tools_none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('popup_col_tool')}</th>
                <th scope="col" className="num">{t('popup_metric_prompts')}</th>
                <th scope="col" className="num">{t('popup_metric_active_days')}</th>
              </tr>
            </thead>
            <tbody>
              {toolRows(summary.tools, toolName).map((row) => (
                <tr key={row.tool} data-testid={`tool-${row.tool}`} data-prompts={row.prompts} data-active-days={row.activeDays}>
                  <th scope="row">{row.name}</th>
                  <td className="num">{formatNumber(row.prompts)}</td>
                  <td className="num">{formatNumber(row.activeDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

function LevelSection({ summary }: { summary: Summary }) {
  const { level } = summary;
  const note = shortHistoryNote(summary.firstDay, summary.today);
  return (
    <Section id="level" title={t('popup_level_heading')}>
      <div className={`level level-${level.level}`} data-testid="level" data-level={level.level}>
        <p className="level-name">{t('popup_level_is', levelName(level.level))}</p>
        <p>{levelMeaning(level.level)}</p>
        <p className="level-figures">{levelFigures(level)}</p>
      </div>
      {note ? <p className="note">{note}</p> : null}
      <details>
        <summary>{t('popup_level_rules')}</summary>
        <p className="small">{t('popup_level_rules_intro')}</p>
        <ul className="small">
          {[...LEVELS].reverse().map((l) => (
            <li key={l} aria-current={l === level.level ? 'true' : undefined}>
              {levelMeaning(l)}
            </li>
          ))}
        </ul>
      </details>
    </Section>
  );
}
