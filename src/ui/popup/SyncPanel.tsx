import { Section } from '../Section';
import { t } from '../../platform/i18n';
import { SyncStatus } from '../sync/SyncStatus';
import { useSyncView } from '../sync/useSyncView';

/**
 * Team sync in the popup, self-contained (its own data hook), so the popup's
 * layout can change around it. Shown once sync is on, or policy decided, or
 * anything was ever sent; a person who never turned it on sees nothing here.
 */
export function SyncPanel() {
  const { view } = useSyncView();
  if (!view) return null;
  const s = view.settings;
  const relevant = s.on || s.decidedBy === 'policy' || view.state.lastSuccessAt !== null || view.state.lastError !== null || !s.blockers.includes('off');
  if (!relevant) return null;
  return (
    <Section id="sync" title={t('sync_heading')} testId="sync-panel">
      <SyncStatus view={view} />
    </Section>
  );
}
