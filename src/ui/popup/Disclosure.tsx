import { t } from '../../platform/i18n';
import { NEVER_KEYS, RECORDED_KEYS } from './model';
import { Section } from '../Section';

/** What is recorded and what never is: src/contract/disclosure.ts, through translated messages. */
export function Disclosure() {
  return (
    <Section id="disclosure" title={t('popup_disclosure_heading')}>
      <h3>{t('popup_recorded_heading')}</h3>
      <dl className="recorded">
        {RECORDED_KEYS.map(([what, details]) => (
          <div key={what}>
            <dt>{t(what)}</dt>
            <dd>{t(details)}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('popup_never_heading')}</h3>
      <ul className="never">
        {NEVER_KEYS.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
    </Section>
  );
}
