import { useEffect } from 'react';
import { t } from '../../platform/i18n';
import { syncSummary, type SyncSummary } from '../sync/model';
import { SyncStatus } from '../sync/SyncStatus';
import { useSyncView } from '../sync/useSyncView';

/**
 * What the sync line opens: who decided, where to, the last and next sending,
 * the last problem, and what a snapshot holds with its exact JSON. Its own
 * data hook, kept live; it tells the line the state it reads, so the line on
 * the first screen stays right after a change.
 */
export function SyncPanel({ open, onSummary }: { open: boolean; onSummary: (s: SyncSummary) => void }) {
  const { view, failed } = useSyncView();
  useEffect(() => {
    if (view) onSummary(syncSummary(view.settings, view.state.lastError));
  }, [view, onSummary]);
  if (!open) return null;
  if (!view) return <p className={failed ? 'error' : 'figures'}>{t(failed ? 'popup_load_failed' : 'popup_loading')}</p>;
  return <SyncStatus view={view} sends />;
}
