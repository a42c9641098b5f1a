/**
 * The bodies of the popup's sections that open, in their own chunk: loaded on
 * the first click, so the first screen never waits for them.
 */
import { POPUP_DISCLOSURE } from '../../contract/disclosure';
import { LEVELS, type Summary } from '../../metrics/types';
import { formatNumber, t } from '../../platform/i18n';
import { openWelcome } from '../../platform/navigation';
import { ContactLine, disclosureText, DisclosureView } from '../DisclosureView';
import { dimensionRows, levelMeaning, toolRows } from './model';
import { TrendChart } from './TrendChart';
import type { MoreProps } from './More';

type Part = 'figures' | 'trend' | 'tools' | 'rules' | 'recorded';

export default function Sections(props: MoreProps & { part: Part }) {
  const { summary } = props;
  switch (props.part) {
    case 'figures':
      return summary ? <Figures summary={summary} /> : null;
    case 'trend':
      return summary ? <TrendChart trend={summary.trend} /> : null;
    case 'tools':
      return summary ? <Tools summary={summary} toolName={props.toolName} /> : null;
    case 'rules':
      return summary ? <Rules summary={summary} /> : null;
    case 'recorded':
      return <Recorded {...props} />;
  }
}

function Figures({ summary }: { summary: Summary }) {
  return (
    <>
      <p className="figures">{t('popup_profile_intro')}</p>
      <dl className="dim-figures">
        {dimensionRows(summary.profile).map((d) => (
          <div key={d.id} data-testid={`dim-figure-${d.id}`}>
            <dt>
              {d.name} <span className="score">{d.scoreText}</span>
            </dt>
            <dd>
              {d.rawText}
              {d.detail ? ` · ${d.detail}` : null}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function Tools({ summary, toolName }: { summary: Summary; toolName: (id: string) => string }) {
  return (
    <>
      <p data-testid="active-days-28">{t('popup_active_days_28', formatNumber(summary.activeDays28))}</p>
      {summary.tools.length === 0 ? (
        <p className="figures">{t('popup_tools_none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('popup_col_tool')}</th>
              <th scope="col" className="num">
                {t('popup_metric_prompts')}
              </th>
              <th scope="col" className="num">
                {t('popup_metric_active_days')}
              </th>
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
    </>
  );
}

function Rules({ summary }: { summary: Summary }) {
  return (
    <>
      <p>{t('popup_level_rules_intro')}</p>
      <ul className="rules">
        {[...LEVELS].reverse().map((l) => (
          <li key={l} aria-current={l === summary.level.level ? 'true' : undefined}>
            {levelMeaning(l)}
          </li>
        ))}
      </ul>
    </>
  );
}

function Recorded({ privacyContact, tipsHidden, onShowTips }: MoreProps) {
  const open = () => {
    openWelcome().catch((e: unknown) => console.error('Leadline popup: the welcome page could not be opened', e));
  };
  return (
    <>
      <DisclosureView sections={POPUP_DISCLOSURE} level={3} />
      <h3>{disclosureText('contact_heading')}</h3>
      <ContactLine contact={privacyContact} />
      <h3>{t('popup_tips_heading')}</h3>
      <p>{t('popup_tips_note')}</p>
      {tipsHidden ? (
        <button type="button" className="small secondary" onClick={onShowTips}>
          {t('popup_tip_show')}
        </button>
      ) : null}
      <p>
        <button type="button" className="link" onClick={open}>
          {t('popup_open_welcome')}
        </button>
      </p>
    </>
  );
}
