import { useEffect, useRef } from 'react';
import { PAUSE_KINDS } from '../../data/pause';
import { t } from '../../platform/i18n';
import { pauseLabel } from './model';
import { Section } from '../Section';
import { usePause, type PauseAction, type PauseError } from './usePopupData';


function errorText(error: PauseError | null): string {
  if (!error) return '';
  if (error.notAllowed) return t('popup_pause_not_allowed');
  return error.action === 'resume' ? t('popup_resume_failed') : t('popup_pause_failed', error.detail);
}

/** Pause and resume. Hidden, with a note, when the organisation does not allow pausing. */
export function PauseSection({ allowed }: { allowed: boolean }) {
  const { pause, error, busy, act } = usePause();
  const label = pauseLabel(pause, Date.now());
  // The button pressed disappears (the pause buttons give way to Resume and
  // back). Focus moves to the status that says what happened, right before the
  // new buttons, so the next Tab reaches them and nobody is thrown to the top.
  const status = useRef<HTMLParagraphElement>(null);
  const focusStatus = useRef(false);
  useEffect(() => {
    if (focusStatus.current && !busy) {
      focusStatus.current = false;
      status.current?.focus();
    }
  }, [label, busy]);

  if (!allowed) {
    return (
      <Section id="pause" title={t('popup_pause_heading')}>
        <p className="note">{t('popup_pause_not_allowed')}</p>
      </Section>
    );
  }
  const run = (action: PauseAction) => {
    focusStatus.current = true;
    void act(action);
  };
  return (
    <Section id="pause" title={t('popup_pause_heading')}>
      <p role="status" tabIndex={-1} ref={status} className={label ? 'pause-status paused' : 'pause-status'}>
        {label ? <span data-testid="paused-banner">{label}</span> : pause === undefined ? '' : t('popup_recording_on')}
      </p>
      {pause === undefined ? null : label ? (
        <button type="button" onClick={() => run('resume')} disabled={busy}>
          {t('popup_resume')}
        </button>
      ) : (
        <div className="pause-buttons" data-testid="pause-controls">
          {PAUSE_KINDS.map((kind) => (
            <button key={kind} type="button" className="secondary" onClick={() => run(kind)} disabled={busy}>
              {t(`popup_pause_${kind}`)}
            </button>
          ))}
        </div>
      )}
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    </Section>
  );
}
