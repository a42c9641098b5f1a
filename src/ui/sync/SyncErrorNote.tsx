import { t } from '../../platform/i18n';
import { errorWords } from './model';
import { say } from './SyncStatus';
import { useSyncView } from './useSyncView';

/** The last sync problem, for the Organisation section (where IT looks), in the same plain words as the popup. */
export function SyncErrorNote() {
  const { view } = useSyncView();
  const error = view?.state.lastError;
  if (!view || !error) return null;
  return (
    <p role="alert" className="error" id="org-sync-error" data-code={error.code ?? error.kind}>
      {t('sync_org_error', say(errorWords(error, view.settings.destination.team)))}
    </p>
  );
}
