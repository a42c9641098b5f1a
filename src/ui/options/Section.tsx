import type { ReactNode } from 'react';
import { t } from '../../platform/i18n';

/** A page section labelled by its own heading. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const headingId = `${id}-heading`;
  return (
    <section id={id} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** The visible note on anything policy locks (in words, never colour alone). */
export function ManagedNote({ id, detail }: { id: string; detail?: string | undefined }) {
  return (
    <span id={id} className="managed">
      {t('options_managed')}
      {detail ? <span className="managed-detail">: {detail}</span> : null}
    </span>
  );
}
