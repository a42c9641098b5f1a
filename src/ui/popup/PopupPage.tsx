import { useEffect, useMemo, useRef } from 'react';
import { messagesLanguage, t } from '../../platform/i18n';
import { openSettings } from '../../platform/navigation';
import { BUILT_IN_TOOLS } from '../../tools/registry';
import { Disclosure } from './Disclosure';
import { EmptyState } from './EmptyState';
import { popupView, recordedToolNames, toolNamer } from './model';
import { PauseSection } from './PauseSection';
import { SummaryView } from './SummaryView';
import { SyncPanel } from './SyncPanel';
import { usePopupConfig, useStorageProblem, useSummary } from './usePopupData';

/** Read by the popup benchmark and the end-to-end test: the first moment the person sees an answer. */
export const SUMMARY_RENDERED_MARK = 'leadline:summary-rendered';

const settings = () => {
  openSettings().catch((e: unknown) => console.error('Leadline popup: the settings page could not be opened', e));
};

/** The toolbar popup: the person's own depth of use, pause, and what is recorded. */
export function PopupPage() {
  const { config, fromSnapshot, waitingForPolicy } = usePopupConfig();
  const storageProblem = useStorageProblem();
  const data = useSummary(fromSnapshot);
  const view = popupView(data, config.showPersonalSummary);
  const toolName = useMemo(() => toolNamer(BUILT_IN_TOOLS, config.customTools), [config.customTools]);

  useEffect(() => {
    document.documentElement.lang = messagesLanguage();
    document.title = t('popup_page_title');
  }, []);
  const marked = useRef(false);
  useEffect(() => {
    if (view === 'loading' || marked.current) return;
    marked.current = true;
    performance.mark(SUMMARY_RENDERED_MARK);
  }, [view]);

  return (
    <main>
      <header className="top">
        <h1>{t('popup_heading')}</h1>
        <button type="button" className="secondary" onClick={settings}>
          {t('popup_settings')}
        </button>
      </header>
      {waitingForPolicy ? (
        <p role="status" className="note" data-testid="waiting-policy">
          {t('popup_waiting_policy')}
        </p>
      ) : null}
      {storageProblem ? (
        <p role="alert" className="error" data-testid="storage-problem">
          {t('popup_storage_problem', storageProblem.error)}
        </p>
      ) : null}
      {view === 'loading' ? (
        <p role="status" className="muted">
          {t('popup_loading')}
        </p>
      ) : null}
      {view === 'error' ? (
        <p role="alert" className="error">
          {t('popup_load_failed')}
        </p>
      ) : null}
      {view === 'hidden' ? <p className="note">{t('popup_summary_hidden')}</p> : null}
      {view === 'empty' ? <EmptyState toolNames={recordedToolNames(config, toolName)} onSettings={settings} /> : null}
      <PauseSection allowed={config.allowUserPause} />
      {view === 'summary' && data.summary ? <SummaryView summary={data.summary} toolName={toolName} /> : null}
      <SyncPanel />
      <Disclosure />
    </main>
  );
}
