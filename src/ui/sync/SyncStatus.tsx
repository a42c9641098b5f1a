import { SYNC_SECTION } from '../../contract/disclosure';
import { t, uiLocale } from '../../platform/i18n';
import { DisclosureBody } from '../DisclosureView';
import type { SyncView } from '../../platform/sync-view';
import { errorWords, payloadJson, statusWords, FIELD_WORDS, type Words } from './model';

export const say = ([key, ...subs]: Words) => t(key, ...subs);

export function formatWhen(ts: number): string {
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ts));
}

/**
 * Whether sync runs and who decided, the last success, the next attempt, the
 * last problem in plain words, and the exact JSON: shared by the popup and the
 * options page. With `sends`, what a snapshot holds (the disclosure's sync
 * section, the same words as the welcome page) opens with the JSON; the
 * settings page states it above instead.
 */
export function SyncStatus({ view, sends = false }: { view: SyncView; sends?: boolean }) {
  const s = view.settings;
  const missing = s.blockers.filter((b): b is keyof typeof FIELD_WORDS => b in FIELD_WORDS).map((b) => t(FIELD_WORDS[b]));
  const status: Words = statusWords(s);
  const error = view.state.lastError;
  return (
    <div className="sync-status" data-sync-on={s.on ? 'true' : 'false'} data-decided-by={s.decidedBy}>
      <p id="sync-state">{status[0] === 'sync_incomplete' ? t('sync_incomplete', missing.join(', ')) : say(status)}</p>
      {s.on || view.state.lastSuccessAt !== null || error ? (
        <dl className="sync-facts">
          <dt>{t('sync_last_success')}</dt>
          <dd id="sync-last-success">{view.state.lastSuccessAt !== null ? formatWhen(view.state.lastSuccessAt) : t('sync_never')}</dd>
          {s.on ? (
            <>
              <dt>{t('sync_next_attempt')}</dt>
              <dd id="sync-next-attempt">{view.nextAttemptAt !== null ? formatWhen(view.nextAttemptAt) : t('sync_next_none')}</dd>
            </>
          ) : null}
          {error ? (
            <>
              <dt>{t('sync_last_error')}</dt>
              <dd id="sync-last-error" role="alert" className="error" data-code={error.code ?? error.kind} data-status={error.status ?? ''}>
                {say(errorWords(error, s.destination.team))}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {sends || s.on || view.lastSent ? (
        <details className="sync-payload">
          <summary>{t('sync_see_payload')}</summary>
          {sends ? (
            <div className="disclosure" data-testid="sync-sends">
              <DisclosureBody section={SYNC_SECTION} />
            </div>
          ) : null}
          {view.next ? (
            <>
              <p>{view.next.complete ? t('sync_next_snapshot', view.next.week) : t('sync_next_snapshot_open', view.next.week)}</p>
              <pre id="sync-next-json" data-week={view.next.week} tabIndex={0}>
                {payloadJson(view.next.snapshot)}
              </pre>
            </>
          ) : (
            <p>{t('sync_next_none_ready')}</p>
          )}
          {view.lastSent ? (
            <>
              <p>{t('sync_last_snapshot', view.lastSent.week)}</p>
              <pre id="sync-last-json" data-week={view.lastSent.week} tabIndex={0}>
                {payloadJson(view.lastSent.snapshot)}
              </pre>
            </>
          ) : (
            <p>{t('sync_last_none')}</p>
          )}
        </details>
      ) : null}
    </div>
  );
}
