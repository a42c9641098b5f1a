import { t } from '../../platform/i18n';

/** The visible note on anything policy locks (in words, never colour alone). */
export function ManagedNote({ id, detail }: { id: string; detail?: string | undefined }) {
  return (
    <span id={id} className="managed">
      {t('options_managed')}
      {detail ? <span className="managed-detail">: {detail}</span> : null}
    </span>
  );
}
