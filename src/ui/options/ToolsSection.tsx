import { useState } from 'react';
import type { ResolvedConfig } from '../../contract/config';
import { saveUserSetting } from '../../platform/config-store';
import { requestHostAccess } from '../../platform/permissions';
import { t } from '../../platform/i18n';
import { BUILT_IN_TOOLS } from '../../tools/registry';
import { hostsLabel, nextDisabledTools, toolRows, type ToolRow } from './model';
import { ManagedNote } from './ManagedNote';
import { Section } from '../Section';
import { useHostAccess } from './useOptionsData';

export function ToolsSection({ config, onSaved, pending = false }: { config: ResolvedConfig; onSaved: () => void; pending?: boolean }) {
  const rows = toolRows(config, BUILT_IN_TOOLS);
  const access = useHostAccess(config.values.customTools);
  const [error, setError] = useState<string | null>(null);

  const toggle = async (row: ToolRow, record: boolean) => {
    setError(null);
    const result = await saveUserSetting('disabledTools', nextDisabledTools(config.values.disabledTools, row.id, record));
    if (!result.ok) setError(result.error);
    // Reloaded either way: the checkbox must show what is stored, not what was clicked.
    onSaved();
  };

  return (
    <Section id="tools" title={t('options_tools_heading')}>
      <p>{t('options_tools_intro')}</p>
      <div role="alert" className="error" id="tools-error">
        {error ? (
          <>
            {t('options_tools_save_failed')} <span lang="en">{error}</span>
          </>
        ) : null}
      </div>
      <ul className="tools">
        {rows.map((row) => (
          <ToolItem key={row.id} row={row} hasAccess={access[row.id]} pending={pending} onToggle={(on) => void toggle(row, on)} />
        ))}
      </ul>
    </Section>
  );
}

function ToolItem({ row, hasAccess, pending, onToggle }: { row: ToolRow; hasAccess: boolean | undefined; pending: boolean; onToggle: (on: boolean) => void }) {
  const inputId = `tool-${row.id}`;
  const noteId = `${inputId}-note`;
  const hostsId = `${inputId}-hosts`;
  const describedBy = [row.lock ? noteId : null, row.custom ? hostsId : null].filter(Boolean).join(' ') || undefined;
  return (
    <li className="tool" data-tool={row.id}>
      <div className="tool-line">
        <input
          type="checkbox"
          id={inputId}
          checked={row.recorded}
          disabled={row.lock !== null || pending}
          aria-describedby={describedBy}
          onChange={(e) => onToggle(e.currentTarget.checked)}
        />
        <label htmlFor={inputId}>{row.name}</label>
        {row.lock ? <ManagedNote id={noteId} detail={row.lock === 'notApproved' ? t('options_not_approved') : undefined} /> : null}
      </div>
      {row.custom ? <CustomToolAccess row={row} hostsId={hostsId} hasAccess={hasAccess} /> : null}
    </li>
  );
}

function CustomToolAccess({ row, hostsId, hasAccess }: { row: ToolRow; hostsId: string; hasAccess: boolean | undefined }) {
  const [denied, setDenied] = useState(false);
  const hosts = hostsLabel(row.matches);
  const whyId = `${hostsId}-why`;
  const allow = () => {
    // Called synchronously from the click: browsers only prompt within a user gesture.
    void requestHostAccess(row.matches).then((granted) => setDenied(!granted));
  };
  return (
    <div className="tool-detail">
      <p id={hostsId} className="muted">
        {t('options_tool_custom')}. {t('options_tool_hosts')}{' '}
        {row.matches.map((m, i) => (
          <span key={m}>
            {i > 0 ? ', ' : null}
            <code>{m}</code>
          </span>
        ))}
      </p>
      {hasAccess === false ? (
        <div className="host-access">
          <p id={whyId}>{t('options_allow_hosts_why')}</p>
          <button type="button" aria-describedby={whyId} onClick={allow}>
            {t('options_allow_hosts', hosts)}
          </button>
          {denied ? <p role="status">{t('options_host_access_denied')}</p> : null}
        </div>
      ) : hasAccess ? (
        <p className="muted">{t('options_host_access_granted')}</p>
      ) : null}
    </div>
  );
}
