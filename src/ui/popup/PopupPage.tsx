import { useEffect, useMemo, useRef, useState } from 'react';
import { messagesLanguage, t } from '../../platform/i18n';
import { openSettings } from '../../platform/navigation';
import { BUILT_IN_TOOLS } from '../../tools/registry';
import { Icon } from '../icons';
import { EmptyState } from './EmptyState';
import { LevelCard, ProfileBars, WeekCompare } from './FirstScreen';
import { historyNote, levelWindowStart, popupView, recordedToolNames, tipFor, toolNamer } from './model';
import { More } from './More';
import { StatusBar } from './StatusBar';
import { TipCard } from './TipCard';
import { usePopupConfig, useStorageProblem, useSummary, useTipsHidden } from './usePopupData';

/** Read by the popup benchmark and the end-to-end test: the first moment the person sees an answer. */
export const SUMMARY_RENDERED_MARK = 'leadline:summary-rendered';

const settings = () => {
  openSettings().catch((e: unknown) => console.error('Leadline popup: the settings page could not be opened', e));
};

/**
 * The toolbar popup. Its first screen (400 × 600) answers "how deep is my AI
 * use?": the level, the seven dimensions, this week against last, a tip, and
 * whether recording and sync are on. The rest opens below, one click away.
 */
export function PopupPage() {
  const [shown, setShown] = useState(false);
  const { config, fromSnapshot, waitingForPolicy } = usePopupConfig(shown);
  const storageProblem = useStorageProblem();
  const data = useSummary(fromSnapshot);
  const view = popupView(data, config.showPersonalSummary);
  const toolName = useMemo(() => toolNamer(BUILT_IN_TOOLS, config.customTools), [config.customTools]);
  const tips = useTipsHidden(data.tipsHidden);
  const summary = view === 'summary' ? data.summary : null;
  const tip = summary && !tips.hidden ? tipFor(summary.profile) : null;
  const note = summary ? historyNote(summary, data.installDay, levelWindowStart(summary.trend, summary.today)) : null;

  useEffect(() => {
    document.documentElement.lang = messagesLanguage();
    document.title = t('popup_page_title');
  }, []);
  const marked = useRef(false);
  useEffect(() => {
    if (view === 'loading' || marked.current) return;
    marked.current = true;
    performance.mark(SUMMARY_RENDERED_MARK);
    // What is not drawn on the first screen (the configuration code, the sync state) starts after it.
    setShown(true);
  }, [view]);

  return (
    <main>
      {/* The page's name for screen readers; on screen the first row is what matters: is it recording. */}
      <h1 className="visually-hidden">{t('popup_heading')}</h1>
      <StatusBar
        allowPause={config.allowUserPause}
        syncEnabled={config.syncEnabled}
        ready={shown}
        settings={
          <button type="button" className="icon-button" onClick={settings} aria-label={t('popup_settings')} title={t('popup_settings')}>
            <Icon name="settings" size={18} />
          </button>
        }
      />
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
        <p role="status" className="figures">
          {t('popup_loading')}
        </p>
      ) : null}
      {view === 'error' ? (
        <p role="alert" className="error">
          {t('popup_load_failed')}
        </p>
      ) : null}
      {view === 'hidden' ? <p className="card note">{t('popup_summary_hidden')}</p> : null}
      {view === 'empty' ? <EmptyState toolNames={recordedToolNames(config, toolName)} onSettings={settings} /> : null}
      {summary ? (
        <>
          <LevelCard summary={summary} note={note} />
          <ProfileBars summary={summary} weakest={tip?.dimension ?? null} />
          <WeekCompare summary={summary} />
          {tip ? <TipCard tip={tip} onHide={() => tips.setHidden(true)} /> : null}
        </>
      ) : null}
      {view === 'loading' ? null : (
        <More summary={summary} toolName={toolName} privacyContact={config.privacyContact} tipsHidden={tips.hidden} onShowTips={() => tips.setHidden(false)} />
      )}
    </main>
  );
}
