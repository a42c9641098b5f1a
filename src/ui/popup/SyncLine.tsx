import { lazy, Suspense, useState } from 'react';
import { t } from '../../platform/i18n';
import { Icon } from '../icons';
import type { SyncSummary } from '../sync/model';

// The sync view reads the configuration contract (zod): loaded once the first screen is on screen.
const SyncPanel = lazy(() => import('./SyncPanel').then((m) => ({ default: m.SyncPanel })));

const LINE = { on: 'popup_sync_on', off: 'popup_sync_off', blocked: 'popup_sync_blocked' } as const;

/**
 * Team sync on the first screen: one line, which is also the button that
 * opens the sync panel under it (a disclosure: Enter or Space, aria-expanded).
 * It says only whether sync is on, from the config snapshot at first, then
 * from the sync state once the panel's code has loaded (which adds "turned on
 * but not sending" and a failed last attempt). The panel says the rest (who
 * decided, where to, when, what went wrong, what is sent) and never repeats
 * the line.
 */
export function SyncLine({ enabled, ready }: { enabled: boolean; ready: boolean }) {
  const [open, setOpen] = useState(false);
  const [live, setLive] = useState<SyncSummary | null>(null);
  const summary: SyncSummary = live ?? { state: enabled ? 'on' : 'off', problem: false };
  return (
    <div className="sync-block">
      <button
        type="button"
        className={`status-line sync ${summary.state}`}
        aria-expanded={open}
        aria-controls="sync-panel"
        onClick={() => setOpen((o) => !o)}
        data-testid="sync-line"
        data-sync={summary.state}
      >
        <Icon name="sync" size={14} />
        <span>{t(LINE[summary.state])}</span>
        {summary.problem ? (
          <span className="sync-flag" data-testid="sync-problem">
            {t('popup_sync_problem')}
          </span>
        ) : null}
        <Icon name="chevron" size={14} className="chevron" />
      </button>
      <div id="sync-panel" className="sync-panel" hidden={!open} data-testid="sync-panel">
        {/* Mounted once the summary is on screen, so its code and reads never hold up the first paint. */}
        {ready || open ? (
          <Suspense fallback={open ? <p className="figures">{t('popup_loading')}</p> : null}>
            <SyncPanel open={open} onSummary={setLive} />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}
