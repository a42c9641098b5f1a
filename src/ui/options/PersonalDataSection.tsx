import { useEffect, useId, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { formatDay, formatList, formatNumber, t, tp } from '../../platform/i18n';
import { deleteEverything, exportPersonalData, importPersonalData, rollupsCsv } from '../../platform/personal-data';
import { downloadFile } from './download';
import { importFailed, type ImportResult } from '../../data/import';
import { exportFileName, exportMimeType, importOutcome, importTooLarge, MAX_IMPORT_MB, type ExportKind } from './model';
import { Section } from '../Section';

/** A message shown after an action: a status on success, an alert with an optional English detail on failure. */
type Notice = { kind: 'status'; text: string } | { kind: 'alert'; text: string; detail?: string | undefined } | null;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Export, import and delete everything Leadline keeps about the person on this browser. */
export function PersonalDataSection({ onChanged }: { onChanged?: () => void }) {
  return (
    <Section id="personal-data" title={t('options_personal_heading')}>
      <p>{t('options_personal_intro')}</p>
      <ExportPart />
      <ImportPart onImported={onChanged} />
      <DeletePart onDeleted={onChanged} />
    </Section>
  );
}

/**
 * The live regions stay in the page, empty, so screen readers announce what
 * is put into them later (a region inserted together with its text is often
 * not read).
 */
function NoticeRegions({ notice, idPrefix }: { notice: Notice; idPrefix: string }) {
  return (
    <>
      <div role="status" id={`${idPrefix}-status`} className="notice">
        {notice?.kind === 'status' ? notice.text : null}
      </div>
      <div role="alert" id={`${idPrefix}-alert`} className="notice-alert">
        {notice?.kind === 'alert' ? (
          <>
            <p className="error">{notice.text}</p>
            {notice.detail ? (
              <p className="detail">
                {t('options_error_detail')} <span lang="en">{notice.detail}</span>
              </p>
            ) : null}
          </>
        ) : null}
      </div>
    </>
  );
}

const EXPORT_KINDS: readonly ExportKind[] = ['json', 'csv'];

function ExportPart() {
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const run = async (kind: ExportKind) => {
    // aria-disabled rather than disabled: a disabled button drops keyboard focus to the page.
    if (busy) return;
    setBusy(kind);
    setNotice({ kind: 'status', text: t('options_export_working') });
    try {
      const now = Date.now();
      const content = kind === 'json' ? JSON.stringify(await exportPersonalData(now)) : await rollupsCsv();
      const name = exportFileName(kind, now);
      downloadFile(name, content, exportMimeType(kind));
      setNotice({ kind: 'status', text: t('options_export_done', name) });
    } catch (e) {
      setNotice({ kind: 'alert', text: t('options_export_failed'), detail: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="personal-part" aria-busy={busy !== null || undefined}>
      <h3 id="export-heading">{t('options_export_heading')}</h3>
      {EXPORT_KINDS.map((kind) => (
        <div className="action" key={kind}>
          <button type="button" aria-describedby={`export-${kind}-hint`} aria-disabled={busy !== null || undefined} onClick={() => void run(kind)}>
            {t(`options_export_${kind}`)}
          </button>
          <p id={`export-${kind}-hint`} className="muted">
            {t(`options_export_${kind}_hint`)}
          </p>
        </div>
      ))}
      <NoticeRegions notice={notice} idPrefix="export" />
    </div>
  );
}

function ImportPart({ onImported }: { onImported: (() => void) | undefined }) {
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  // Files chosen while one is importing wait their turn, so every result is shown and none is dropped.
  const queue = useRef<Promise<void>>(Promise.resolve());

  const importFile = async (file: File) => {
    if (importTooLarge(file.size)) {
      setNotice({ kind: 'alert', text: t('options_import_too_large', formatNumber(MAX_IMPORT_MB)) });
      return;
    }
    setBusy(true);
    setNotice({ kind: 'status', text: t('options_import_working') });
    try {
      let text: string;
      try {
        text = await file.text();
      } catch (e) {
        setNotice({ kind: 'alert', text: t('options_import_unreadable'), detail: errorText(e) });
        return;
      }
      let result: ImportResult;
      try {
        result = await importPersonalData(text);
      } catch (e) {
        result = importFailed(e);
      }
      const outcome = importOutcome(result);
      if (outcome.kind === 'alert') {
        setNotice({ kind: 'alert', text: t(outcome.key), detail: outcome.detail });
      } else {
        const text =
          outcome.parts.length === 0
            ? t('options_import_nothing_new')
            : t('options_import_done', formatList(outcome.parts.map((p) => tp(p.base, p.n)))) +
              (outcome.olderThanLevel ? ` ${t('options_import_older', formatDay(outcome.olderThanLevel, { day: 'numeric', month: 'long', year: 'numeric' }))}` : '');
        setNotice({ kind: 'status', text });
        onImported?.();
      }
    } finally {
      setBusy(false);
    }
  };

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    queue.current = queue.current.then(() => importFile(file)).finally(() => {
      // Cleared so that choosing the same file again (after fixing the cause) fires a change.
      input.value = '';
    });
  };

  return (
    <div className="personal-part field" aria-busy={busy || undefined}>
      <h3 id="import-heading">{t('options_import_heading')}</h3>
      <label htmlFor="import-file">{t('options_import_label')}</label>
      <input id="import-file" type="file" accept=".json,application/json" aria-describedby="import-hint" onChange={onChange} />
      <p id="import-hint" className="muted">
        {t('options_import_hint')}
      </p>
      <NoticeRegions notice={notice} idPrefix="import" />
    </div>
  );
}

function DeletePart({ onDeleted }: { onDeleted: (() => void) | undefined }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  const dialogId = `${id}-confirm`;
  const headingId = `${id}-confirm-heading`;
  const whatId = `${id}-confirm-what`;

  // The least destructive choice takes focus, so a stray Enter deletes nothing.
  useEffect(() => {
    if (open) cancel.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setNotice({ kind: 'status', text: t('options_delete_working') });
    try {
      // Team sync: snapshots still open at the collector are withdrawn first; any that could not be are named.
      const failed = (await deleteEverything())?.failed ?? [];
      setNotice(
        failed.length > 0
          ? { kind: 'alert', text: `${t('options_delete_done')} ${t('sync_withdraw_failed', failed.join(', '))}` }
          : { kind: 'status', text: t('options_delete_done') },
      );
      close();
      onDeleted?.();
    } catch (e) {
      // The confirmation stays open so trying again is one click.
      setNotice({ kind: 'alert', text: t('options_delete_failed'), detail: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && !busy) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  return (
    <div className="personal-part">
      <h3 id="delete-heading">{t('options_delete_heading')}</h3>
      <button
        ref={opener}
        type="button"
        className="danger-outline"
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        onClick={() => {
          setNotice(null);
          setOpen(true);
          // Already open: the effect will not run again, so focus moves here.
          if (open) cancel.current?.focus();
        }}
      >
        {t('options_delete_open')}
      </button>
      {open ? (
        <div
          id={dialogId}
          role="alertdialog"
          aria-labelledby={headingId}
          aria-describedby={whatId}
          aria-busy={busy || undefined}
          className="confirm"
          onKeyDown={onKeyDown}
        >
          <h4 id={headingId}>{t('options_delete_confirm_heading')}</h4>
          <div id={whatId}>
            <p>{t('options_delete_list_intro')}</p>
            <ul>
              <li>{t('options_delete_item_events')}</li>
              <li>{t('options_delete_item_rollups')}</li>
              <li>{t('options_delete_item_settings')}</li>
            </ul>
            <p>{t('options_delete_kept')}</p>
          </div>
          <div className="confirm-actions">
            <button type="button" className="danger" aria-disabled={busy || undefined} onClick={() => void confirm()}>
              {t('options_delete_confirm')}
            </button>
            <button ref={cancel} type="button" className="secondary" aria-disabled={busy || undefined} onClick={() => !busy && close()}>
              {t('options_delete_cancel')}
            </button>
          </div>
        </div>
      ) : null}
      <NoticeRegions notice={notice} idPrefix="delete" />
    </div>
  );
}
