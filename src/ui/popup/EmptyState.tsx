import { formatList, t } from '../../platform/i18n';

/** A new install: what Leadline does, what it records here, and where to choose tools. */
export function EmptyState({ toolNames, onSettings }: { toolNames: readonly string[]; onSettings: () => void }) {
  return (
    <section className="card" aria-labelledby="empty-heading" data-testid="empty-state">
      <h2 id="empty-heading" className="section-title">
        {t('popup_empty_heading')}
      </h2>
      <p>{t('popup_empty_what')}</p>
      <p>{toolNames.length > 0 ? t('popup_empty_tools', formatList(toolNames)) : t('popup_empty_no_tools')}</p>
      <p>{t('popup_empty_next')}</p>
      <button type="button" className="small" onClick={onSettings}>
        {t('popup_empty_settings')}
      </button>
    </section>
  );
}
