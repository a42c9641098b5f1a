import { useEffect, useState, type FormEvent } from 'react';
import type { ResolvedConfig } from '../../contract/config';
import { SYNC_SECTION } from '../../contract/disclosure';
import { saveUserSetting } from '../../platform/config-store';
import { t } from '../../platform/i18n';
import { requestDataConsent } from '../../platform/sync-job';
import { onSyncChanged, requestSyncNow } from '../../platform/sync-store';
import { collectorUrlProblem, SYNC_KEYS } from '../../sync/settings';
import { TeamPath } from '../../contract/sync';
import { DisclosureBody } from '../DisclosureView';
import { Section } from '../Section';
import { SyncStatus, formatWhen } from '../sync/SyncStatus';
import { FIELD_WORDS } from '../sync/model';
import { useSyncView } from '../sync/useSyncView';
import { ManagedNote } from './ManagedNote';

type Field = keyof typeof FIELD_WORDS;
const FIELDS: Field[] = ['collectorUrl', 'enrollmentToken', 'teamId'];
const HINTS = { collectorUrl: 'sync_field_collector_hint', enrollmentToken: 'sync_field_token_hint', teamId: 'sync_field_team_hint' } as const;
type Notice = { kind: 'status' | 'alert'; text: string; detail?: string } | null;

/** What is wrong with the entered values, in the person's language (null: nothing). */
function problem(draft: Record<Field, string>): string | null {
  const missing = FIELDS.filter((f) => draft[f].trim() === '').map((f) => t(FIELD_WORDS[f]));
  if (missing.length > 0) return t('sync_missing_fields', missing.join(', '));
  const url = collectorUrlProblem(draft.collectorUrl.trim());
  if (url === 'http_not_loopback') return t('sync_http_refused');
  if (url === 'invalid') return t('sync_url_invalid');
  if (!TeamPath.safeParse(draft.teamId.trim()).success) return t('sync_team_invalid');
  return null;
}

/**
 * "Share with my team": the explanation, the status and exact payload, the
 * collector, enrollment code and team (locked where policy sets them), an
 * explicit opt-in (Firefox asks for its data-collection consent first),
 * "Send now", and the weeks sent.
 */
export function SyncSection({ config }: { config: ResolvedConfig }) {
  const { view, reload } = useSyncView();
  const locked = (k: (typeof SYNC_KEYS)[number]) => config.sources[k] === 'policy';
  const values = config.values;
  const [draft, setDraft] = useState<Record<Field, string>>({ collectorUrl: values.collectorUrl, enrollmentToken: values.enrollmentToken, teamId: values.teamId });
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    setDraft({ collectorUrl: values.collectorUrl, enrollmentToken: values.enrollmentToken, teamId: values.teamId });
  }, [values.collectorUrl, values.enrollmentToken, values.teamId]);
  useEffect(() => onSyncChanged(() => setSending(false)), []);

  const saveFields = async (): Promise<boolean> => {
    for (const f of FIELDS) {
      if (locked(f) || draft[f].trim() === values[f]) continue;
      const r = await saveUserSetting(f, draft[f].trim());
      if (!r.ok) {
        setNotice({ kind: 'alert', text: `${t('options_save_failed')} ${t(FIELD_WORDS[f])}`, detail: r.error });
        return false;
      }
    }
    return true;
  };

  const optIn = (e: FormEvent) => {
    e.preventDefault();
    const wrong = problem(draft);
    if (wrong) {
      setNotice({ kind: 'alert', text: wrong });
      return;
    }
    // Asked first, inside the click: Firefox shows its prompt only for a user gesture.
    const consent = requestDataConsent();
    setBusy(true);
    void (async () => {
      try {
        if (!(await consent)) {
          setNotice({ kind: 'alert', text: t('sync_consent_declined') });
          return;
        }
        if (!(await saveFields())) return;
        if (!locked('syncEnabled')) {
          const r = await saveUserSetting('syncEnabled', true);
          if (!r.ok) {
            setNotice({ kind: 'alert', text: t('options_save_failed'), detail: r.error });
            return;
          }
        }
        setNotice({ kind: 'status', text: t('sync_turned_on') });
      } finally {
        setBusy(false);
        reload();
      }
    })();
  };

  const optOut = async () => {
    setBusy(true);
    const r = await saveUserSetting('syncEnabled', false);
    setBusy(false);
    setNotice(r.ok ? { kind: 'status', text: t('sync_turned_off') } : { kind: 'alert', text: t('options_save_failed'), detail: r.error });
    reload();
  };

  const consentOnly = () => {
    const consent = requestDataConsent();
    void consent.then((ok) => {
      if (!ok) setNotice({ kind: 'alert', text: t('sync_consent_declined') });
      reload();
    });
  };

  const sendNow = () => {
    setSending(true);
    setNotice({ kind: 'status', text: t('sync_sending') });
    requestSyncNow().catch((e: unknown) => {
      setSending(false);
      setNotice({ kind: 'alert', text: t('options_save_failed'), detail: e instanceof Error ? e.message : String(e) });
    });
  };
  useEffect(() => {
    if (!sending && notice?.text === t('sync_sending')) setNotice(null);
  }, [sending, notice]);

  const on = view?.settings.on ?? false;
  const userOn = values.syncEnabled && config.sources.syncEnabled === 'user';
  const consentMissing = view?.settings.blockers.includes('consent') ?? false;
  const canOptIn = !locked('syncEnabled') && !userOn;
  return (
    <Section id="share" title={t('sync_heading')} testId="sync-section">
      <p>{t('sync_options_intro')}</p>
      <div className="muted disclosure" data-testid="sync-sends">
        <DisclosureBody section={SYNC_SECTION} />
      </div>
      <p className="muted">{t('sync_withdraw_explained')}</p>
      {view ? <SyncStatus view={view} /> : null}
      <form className="sync-form" noValidate onSubmit={canOptIn ? optIn : (e) => (e.preventDefault(), void saveFields().then((ok) => ok && reload()))}>
        {FIELDS.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`sync-${f}`}>{t(FIELD_WORDS[f])}</label>
            <div className="field-row">
              <input
                id={`sync-${f}`}
                name={f}
                type={f === 'enrollmentToken' ? 'password' : f === 'collectorUrl' ? 'url' : 'text'}
                autoComplete="off"
                spellCheck={false}
                value={locked(f) && f === 'enrollmentToken' ? '••••••••' : draft[f]}
                readOnly={locked(f)}
                aria-readonly={locked(f) || undefined}
                aria-describedby={`sync-${f}-hint${locked(f) ? ` sync-${f}-managed` : ''}`}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setDraft((d) => ({ ...d, [f]: v }));
                }}
              />
              {locked(f) ? <ManagedNote id={`sync-${f}-managed`} /> : null}
            </div>
            <p id={`sync-${f}-hint`} className="muted">
              {t(HINTS[f])}
            </p>
          </div>
        ))}
        <div className="field-row">
          {canOptIn ? (
            <button type="submit" id="sync-opt-in" aria-disabled={busy || undefined}>
              {t('sync_opt_in')}
            </button>
          ) : null}
          {userOn ? (
            <>
              {FIELDS.some((f) => !locked(f)) ? <button type="submit">{t('sync_save_fields')}</button> : null}
              <button type="button" id="sync-opt-out" className="secondary" onClick={() => void optOut()}>
                {t('sync_opt_out')}
              </button>
            </>
          ) : null}
          {locked('syncEnabled') && consentMissing ? (
            <button type="button" id="sync-consent" onClick={consentOnly}>
              {t('sync_consent_button')}
            </button>
          ) : null}
          {on ? (
            <button type="button" id="sync-send-now" className="secondary" aria-disabled={sending || undefined} onClick={() => !sending && sendNow()}>
              {t('sync_send_now')}
            </button>
          ) : null}
        </div>
      </form>
      <div id="sync-notice" role={notice?.kind === 'alert' ? 'alert' : 'status'} className={notice?.kind === 'alert' ? 'error' : 'saved'}>
        {notice ? (
          <>
            {notice.text} {notice.detail ? <span lang="en">{notice.detail}</span> : null}
          </>
        ) : null}
      </div>
      {view ? <WeeksTable weeks={view.weeks} /> : null}
    </Section>
  );
}

function WeeksTable({ weeks }: { weeks: NonNullable<ReturnType<typeof useSyncView>['view']>['weeks'] }) {
  return (
    <>
      <h3 id="sync-weeks-heading">{t('sync_weeks_heading')}</h3>
      {weeks.length === 0 ? (
        <p className="muted">{t('sync_weeks_none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="sync-weeks" aria-labelledby="sync-weeks-heading">
            <thead>
              <tr>
                <th scope="col">{t('sync_col_week')}</th>
                <th scope="col">{t('sync_col_status')}</th>
                <th scope="col">{t('sync_col_when')}</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.id} data-week={w.week} data-status={w.status}>
                  <th scope="row">{w.week}</th>
                  <td>{t(`sync_status_${w.status}`)}</td>
                  <td>{formatWhen(w.acknowledgedAt ?? w.sentAt ?? w.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
