import { useEffect } from 'react';
import { messagesLanguage, t } from '../../platform/i18n';
import { DataSection } from './DataSection';
import { OrganisationSection } from './OrganisationSection';
import { PersonalDataSection } from './PersonalDataSection';
import { SyncSection } from './SyncSection';
import { ToolsSection } from './ToolsSection';
import { useConfig } from './useOptionsData';

/** The options page: every section re-renders when policy or the person's settings change. */
export function OptionsPage() {
  const { config, pending, failed, reload } = useConfig();
  useEffect(() => {
    // The static HTML says lang="en"; screen readers and hyphenation need the language the text is actually in.
    document.documentElement.lang = messagesLanguage();
    document.title = t('options_page_title');
  }, []);
  return (
    <main>
      <h1>{t('options_page_title')}</h1>
      {failed && !config ? (
        <p role="alert" className="error">
          {t('options_load_failed')}
        </p>
      ) : null}
      {pending ? (
        <p className="muted" role="status">
          {t('options_checking_policy')}
        </p>
      ) : null}
      {config ? (
        <>
          <ToolsSection config={config} onSaved={reload} pending={pending} />
          <DataSection config={config} onSaved={reload} pending={pending} />
          <SyncSection config={config} />
        </>
      ) : failed ? null : (
        <p className="muted" role="status">
          {t('options_loading')}
        </p>
      )}
      {/* Needs no settings: shown at once (policy can take seconds to read after a browser start),
          and even when the settings are unreadable, so nobody is kept from taking or deleting their data. */}
      <PersonalDataSection onChanged={reload} />
      {config && !pending ? <OrganisationSection config={config} /> : null}
    </main>
  );
}
