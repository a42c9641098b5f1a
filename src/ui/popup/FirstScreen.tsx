import { LEVELS, type Summary } from '../../metrics/types';
import { formatNumber, t } from '../../platform/i18n';
import { Icon } from '../icons';
import { changeDirection, changeText, dimensionRows, levelFigures, levelLine, levelName, levelStep, metricName, type Direction } from './model';

/** The level: its name, one line on what it means, the person's figures, and where it sits on the five steps. */
export function LevelCard({ summary, note }: { summary: Summary; note: string | null }) {
  const { level } = summary;
  const step = levelStep(level.level);
  return (
    <section className="card level-card" aria-labelledby="level-heading" data-testid="level" data-level={level.level}>
      <div className="level-top">
        <div>
          <h2 id="level-heading" className="eyebrow">
            {t('popup_level_label')}
          </h2>
          <p className="level-name">{levelName(level.level)}</p>
        </div>
        <div className="ladder" role="img" aria-label={t('popup_level_step', formatNumber(step), formatNumber(LEVELS.length))}>
          {LEVELS.map((l, i) => (
            <span key={l} className={i < step ? 'rung on' : 'rung'} style={{ height: `${8 + i * 4}px` }} />
          ))}
        </div>
      </div>
      <p className="level-line">{levelLine(level.level)}</p>
      <p className="figures">{levelFigures(level)}</p>
      {note ? <p className="figures history-note">{note}</p> : null}
    </section>
  );
}

/** The seven dimensions as labelled bars, 0–100; the weakest is marked when a tip speaks of it. */
export function ProfileBars({ summary, weakest }: { summary: Summary; weakest: string | null }) {
  return (
    <section className="card" aria-labelledby="profile-heading" data-testid="profile">
      <h2 id="profile-heading" className="eyebrow">
        {t('popup_profile_heading')}
      </h2>
      <ul className="bars">
        {dimensionRows(summary.profile).map((d) => (
          <li key={d.id} className={d.id === weakest ? 'bar-row weakest' : 'bar-row'} data-testid={`dim-${d.id}`} data-raw={d.raw} data-score={d.score}>
            <span className="bar-label" id={`dim-label-${d.id}`}>
              {d.name}
            </span>
            <span
              className="bar-track"
              role="meter"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={d.score}
              aria-labelledby={`dim-label-${d.id}`}
              aria-valuetext={`${d.scoreText} · ${d.rawText}`}
            >
              <span className="bar-fill" style={{ width: `${Math.max(d.score, 1)}%` }} />
            </span>
            <span className="bar-score" aria-hidden="true">
              {formatNumber(d.score)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const ARROW: Record<Direction, 'up' | 'down' | 'same'> = { up: 'up', down: 'down', same: 'same' };

/** This ISO week so far against the same days of last week, four figures side by side. */
export function WeekCompare({ summary }: { summary: Summary }) {
  return (
    <section className="card" aria-labelledby="week-heading" aria-describedby="week-note" data-testid="week">
      <h2 id="week-heading" className="eyebrow">
        {t('popup_week_heading')}
      </h2>
      <p id="week-note" className="figures">
        {t('popup_week_note')}
      </p>
      <ul className="tiles">
        {summary.weekChange.map((c) => {
          const direction = changeDirection(c.change);
          return (
            <li key={c.metric} className="tile" data-testid={`change-${c.metric}`} data-this={c.thisWeek} data-last={c.lastWeek}>
              <span className="tile-label">{metricName(c.metric)}</span>
              <span className="tile-now">
                <span className="tile-value">{formatNumber(c.thisWeek)}</span>
                <span className={`tile-change change-${direction}`}>
                  <Icon name={ARROW[direction]} size={12} />
                  {/* The arrow and the number on screen; the words for a screen reader. */}
                  <span aria-hidden="true">{direction === 'same' ? '' : formatNumber(Math.abs(c.change))}</span>
                  <span className="visually-hidden">{changeText(c.change)}</span>
                </span>
              </span>
              <span className="tile-last">{t('popup_week_last', formatNumber(c.lastWeek))}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
