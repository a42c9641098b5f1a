import { useEffect, useRef, useState, type ReactNode } from 'react';
import { PAUSE_KINDS } from '../../data/pause';
import { t } from '../../platform/i18n';
import { Icon } from '../icons';
import { pauseLabel } from './model';
import { SyncLine } from './SyncLine';
import { usePause, type PauseAction, type PauseError } from './usePopupData';

function errorText(error: PauseError | null): string {
  if (!error) return '';
  if (error.notAllowed) return t('popup_pause_not_allowed');
  return error.action === 'resume' ? t('popup_resume_failed') : t('popup_pause_failed', error.detail);
}

/**
 * Whether recording is on, with a small pause control, and whether team sync
 * is on. Pausing opens three choices under the button, and the sync line opens
 * the sync panel (both disclosures), so the first screen spends a line on each.
 */
export function StatusBar({ allowPause, syncEnabled, ready, settings }: { allowPause: boolean; syncEnabled: boolean; ready: boolean; settings: ReactNode }) {
  const { pause, error, busy, act } = usePause();
  const [choosing, setChoosing] = useState(false);
  const label = pauseLabel(pause, Date.now());
  // The button pressed disappears (the choices give way to Resume and back).
  // Focus moves to the status that says what happened, so the next Tab reaches
  // the new control and nobody is thrown to the top.
  const status = useRef<HTMLParagraphElement>(null);
  const focusStatus = useRef(false);
  useEffect(() => {
    if (focusStatus.current && !busy) {
      focusStatus.current = false;
      status.current?.focus();
    }
  }, [label, busy]);
  const run = (action: PauseAction) => {
    focusStatus.current = true;
    setChoosing(false);
    void act(action);
  };

  return (
    <section className="status" aria-label={t('popup_pause_heading')} data-testid="status">
      <div className="status-row">
        <p role="status" tabIndex={-1} ref={status} className={label ? 'status-line paused' : 'status-line recording'}>
          {pause === undefined ? null : label ? (
            <>
              <Icon name="pause" size={14} />
              <span data-testid="paused-banner">{label}</span>
            </>
          ) : (
            <>
              <Icon name="dot" size={12} className="rec-dot" />
              <span data-testid="recording">{t('popup_recording')}</span>
            </>
          )}
        </p>
        {/* The choices open under the button and follow it in the tab order (a disclosure), before Settings. */}
        <div className="pause-wrap">
          {pause === undefined || !allowPause ? null : label ? (
            <button type="button" className="small" onClick={() => run('resume')} disabled={busy}>
              <Icon name="play" size={14} />
              {t('popup_resume')}
            </button>
          ) : (
            <button type="button" className="small secondary" aria-expanded={choosing} aria-controls="pause-choices" onClick={() => setChoosing((c) => !c)} disabled={busy}>
              <Icon name="pause" size={14} />
              {t('popup_pause')}
            </button>
          )}
          {!label && choosing && allowPause ? (
            <div id="pause-choices" className="pause-choices" role="group" aria-label={t('popup_pause_choices')} data-testid="pause-controls">
              {PAUSE_KINDS.map((kind) => (
                <button key={kind} type="button" className="small secondary" onClick={() => run(kind)} disabled={busy}>
                  {t(`popup_pause_${kind}`)}
                </button>
              ))}
            </div>
          ) : null}
        </div>
        {settings}
      </div>
      <SyncLine enabled={syncEnabled} ready={ready} />
      {!allowPause ? <p className="figures">{t('popup_pause_not_allowed')}</p> : null}
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    </section>
  );
}
