import { useEffect, useState, type FormEvent } from 'react';
import type { ResolvedConfig } from '../../contract/config';
import { saveUserSetting } from '../../platform/config-store';
import { t } from '../../platform/i18n';
import { isLocked, parseWholeNumber } from './model';
import { ManagedNote } from './ManagedNote';
import { Section } from '../Section';

export function DataSection({ config, onSaved, pending = false }: { config: ResolvedConfig; onSaved: () => void; pending?: boolean }) {
  const value = config.values.rawRetentionDays;
  // Until the organisation's settings are read, the value is shown but cannot be changed.
  const locked = pending || isLocked(config, 'rawRetentionDays');
  const [draft, setDraft] = useState(String(value));
  // `text` is translated; `detail` is the store's reason, in English.
  const [error, setError] = useState<{ text: string; detail?: string } | null>(null);
  const [saved, setSaved] = useState(false);

  // A new value from policy or another window replaces the draft.
  useEffect(() => {
    setDraft(String(value));
    setError(null);
  }, [value, locked]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const days = parseWholeNumber(draft);
    if (days === null) {
      setError({ text: t('options_retention_invalid') });
      return;
    }
    const result = await saveUserSetting('rawRetentionDays', days);
    if (result.ok) {
      setError(null);
      setSaved(true);
      onSaved();
    } else {
      setError({ text: t('options_save_failed'), detail: result.error });
    }
  };

  const hintIds = ['retention-hint', locked && !pending ? 'retention-managed' : null, error ? 'retention-error' : null].filter(Boolean).join(' ');
  return (
    <Section id="data" title={t('options_data_heading')}>
      <form className="field" noValidate onSubmit={(e) => void submit(e)}>
        <label htmlFor="retention">{t('options_retention_label')}</label>
        <div className="field-row">
          <input
            id="retention"
            name="rawRetentionDays"
            type="number"
            inputMode="numeric"
            min={7}
            max={365}
            step={1}
            value={locked ? String(value) : draft}
            readOnly={locked}
            aria-readonly={locked || undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={hintIds}
            onChange={(e) => {
              setDraft(e.currentTarget.value);
              setSaved(false);
            }}
          />
          {pending ? null : locked ? <ManagedNote id="retention-managed" /> : <button type="submit">{t('options_save')}</button>}
        </div>
        <p id="retention-hint" className="muted">
          {t('options_retention_hint')}
        </p>
        <div id="retention-error" role="alert" className="error">
          {error ? (
            <>
              {error.text} {error.detail ? <span lang="en">{error.detail}</span> : null}
            </>
          ) : null}
        </div>
        <div role="status" className="saved">
          {saved ? t('options_saved') : null}
        </div>
      </form>
    </Section>
  );
}
