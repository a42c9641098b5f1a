import { useEffect, useState } from 'react';
import { WELCOME_DISCLOSURE } from '../../contract/disclosure';
import { loadConfig, watchConfig } from '../../platform/config-store';
import { formatNumber, messagesLanguage, t } from '../../platform/i18n';
import { openSettings } from '../../platform/navigation';
import { ContactLine, disclosureText, DisclosureView } from '../DisclosureView';

interface WelcomeSettings {
  syncEnabled: boolean;
  /** Who turned sync on: the page says so, as the popup and the settings do. */
  syncByUser: boolean;
  privacyContact: string;
  rawRetentionDays: number;
}

/** The organisation's settings that the page states, kept live (policy can arrive seconds after a browser start). */
function useWelcomeSettings(): WelcomeSettings | null {
  const [settings, setSettings] = useState<WelcomeSettings | null>(null);
  useEffect(() => {
    let live = true;
    const reload = () =>
      loadConfig().then(
        ({ values, sources }) =>
          live &&
          setSettings({ syncEnabled: values.syncEnabled, syncByUser: sources.syncEnabled === 'user', privacyContact: values.privacyContact, rawRetentionDays: values.rawRetentionDays }),
        (e: unknown) => console.error('Leadline welcome: reading the configuration failed', e),
      );
    void reload();
    const stop = watchConfig(() => void reload());
    return () => {
      live = false;
      stop();
    };
  }, []);
  return settings;
}

/**
 * The first-run page: everything a person needs to trust Leadline, in their
 * language, from the same contract texts as the popup (src/contract/disclosure.ts),
 * plus what this browser's settings make of them: retention, sync, who to ask.
 */
export function WelcomePage() {
  const settings = useWelcomeSettings();
  useEffect(() => {
    document.documentElement.lang = messagesLanguage();
    document.title = t('welcome_page_title');
  }, []);
  const settingsLink = () => {
    openSettings().catch((e: unknown) => console.error('Leadline welcome: the settings page could not be opened', e));
  };
  return (
    <main>
      <header className="hero">
        <h1>{t('welcome_heading')}</h1>
        <p className="lead">{t('welcome_intro')}</p>
        <p className="sync-state" data-testid="welcome-sync" data-sync={settings?.syncEnabled ? 'on' : 'off'}>
          {settings ? disclosureText(!settings.syncEnabled ? 'sync_off' : settings.syncByUser ? 'sync_on_user' : 'sync_on_policy') : '\u00a0'}
        </p>
      </header>
      {/* The recorded, never-recorded and kept sections, then what this browser's retention is, then the rest. */}
      <DisclosureView sections={WELCOME_DISCLOSURE.slice(0, 3)} level={2} />
      {settings ? (
        <p className="here" data-testid="welcome-retention">
          {t('welcome_retention_here', formatNumber(settings.rawRetentionDays))}
        </p>
      ) : null}
      <DisclosureView sections={WELCOME_DISCLOSURE.slice(3)} level={2} />
      <section aria-labelledby="contact-heading" className="disclosure">
        <h2 id="contact-heading">{disclosureText('contact_heading')}</h2>
        <ContactLine contact={settings?.privacyContact ?? ''} />
      </section>
      <p>
        <button type="button" onClick={settingsLink}>
          {t('welcome_open_settings')}
        </button>
      </p>
    </main>
  );
}
