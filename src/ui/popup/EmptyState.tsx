import { formatList, t } from '../../platform/i18n';
import { Section } from '../Section';

/** A new install: what Leadline does, what it records here, and where to choose tools. */
export function EmptyState({ toolNames, onSettings }: { toolNames: readonly string[]; onSettings: () => void }) {
  return (
    <Section id="empty" title={t('popup_empty_heading')} testId="empty-state">
      <p>{t('popup_empty_what')}</p>
      <p>{toolNames.length > 0 ? t('popup_empty_tools', formatList(toolNames)) : t('popup_empty_no_tools')}</p>
      <p>{t('popup_empty_next')}</p>
      <button type="button" onClick={onSettings}>
        {t('popup_empty_settings')}
      </button>
    </Section>
  );
}
