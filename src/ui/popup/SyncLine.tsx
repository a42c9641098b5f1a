import { t } from '../../platform/i18n';
import { Icon } from '../icons';

/**
 * What the popup knows about team sync. Today only whether it is on (the
 * setting); the sync work brings its own status (last sent, waiting, failed),
 * and that state is meant to arrive here as this prop, with `null` meaning
 * "no sync state": the line then reads "Team sync: off".
 */
export interface SyncStatus {
  enabled: boolean;
}

export function SyncLine({ status }: { status: SyncStatus | null }) {
  const on = status?.enabled === true;
  return (
    <p className={on ? 'status-line sync on' : 'status-line sync'} data-testid="sync-line" data-sync={on ? 'on' : 'off'}>
      <Icon name="sync" size={14} />
      <span>{t(on ? 'popup_sync_on' : 'popup_sync_off')}</span>
    </p>
  );
}
