import type { ConfigWarning, ResolvedConfig } from '../../contract/config';
import { extensionInfo } from '../../platform/permissions';
import { formatNumber, t } from '../../platform/i18n';
import { assessHealth } from '../../tools/health';
import { BUILT_IN_TOOLS } from '../../tools/registry';
import { configRows, healthRows } from './model';
import { Section } from '../Section';
import { useHealthRows } from './useOptionsData';
import { SyncErrorNote } from '../sync/SyncErrorNote';

export function OrganisationSection({ config }: { config: ResolvedConfig }) {
  return (
    <Section id="organisation" title={t('options_org_heading')}>
      <PolicyWarnings warnings={config.warnings} />
      <SyncErrorNote />
      <ConfigTable config={config} />
      <HealthTable config={config} />
      <ExtensionInfo />
    </Section>
  );
}

function PolicyWarnings({ warnings }: { warnings: readonly ConfigWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div role="alert" className="policy-warnings" aria-labelledby="policy-warnings-heading">
      <h3 id="policy-warnings-heading">
        <span aria-hidden="true">⚠ </span>
        {t('options_warnings_heading')}
      </h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={`${w.key}-${i}`} data-key={w.key}>
            {/* The reason comes from the contract's validator, in English, for IT. */}
            <code>{w.key}</code> — <span lang="en">{w.reason}</span> — {t('options_used_instead', w.usedInstead)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConfigTable({ config }: { config: ResolvedConfig }) {
  return (
    <>
      <h3 id="config-heading">{t('options_config_heading')}</h3>
      <p className="muted">{t('options_config_hint')}</p>
      <div className="table-wrap">
        <table className="config" aria-labelledby="config-heading">
          <thead>
            <tr>
              <th scope="col">{t('options_col_setting')}</th>
              <th scope="col">{t('options_col_value')}</th>
              <th scope="col">{t('options_col_source')}</th>
            </tr>
          </thead>
          <tbody>
            {configRows(config).map((r) => (
              <tr key={r.key} data-setting={r.key} data-source={r.source}>
                <th scope="row">
                  {r.title}
                  <br />
                  <code>{r.key}</code>
                </th>
                <td>
                  <code className="value">{r.value}</code>
                </td>
                <td className={`source source-${r.source}`}>{r.sourceLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function HealthTable({ config }: { config: ResolvedConfig }) {
  const tools = [...BUILT_IN_TOOLS, ...config.values.customTools];
  const rows = useHealthRows(JSON.stringify(config.values.customTools.map((t) => t.id)));
  return (
    <>
      <h3 id="health-heading">{t('options_health_heading')}</h3>
      {rows === 'error' ? <p role="alert" className="error">{t('options_health_unavailable')}</p> : null}
      {rows === null ? <p className="muted">{t('options_loading')}</p> : null}
      {Array.isArray(rows) ? (
        <div className="table-wrap">
          <table className="health" aria-labelledby="health-heading">
            <thead>
              <tr>
                <th scope="col">{t('options_col_tool')}</th>
                <th scope="col">{t('options_col_status')}</th>
                <th scope="col">{t('options_col_why')}</th>
                <th scope="col" className="num">{t('options_col_prompts')}</th>
                <th scope="col" className="num">{t('options_col_minutes')}</th>
              </tr>
            </thead>
            <tbody>
              {healthRows(tools, (id) => assessHealth(id, rows)).map((r) => (
                <tr key={r.id} data-tool={r.id} data-status={r.status}>
                  <th scope="row">{r.name}</th>
                  <td>
                    <span className={`status status-${r.status}`}>{r.statusLabel}</span>
                  </td>
                  <td>{r.why}</td>
                  <td className="num">{formatNumber(r.prompts)}</td>
                  <td className="num">{formatNumber(r.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function ExtensionInfo() {
  const info = extensionInfo();
  return (
    <p className="extension-info">
      {t('options_extension_id')} <code id="extension-id">{info.id}</code>, {t('options_extension_version')}{' '}
      <span id="extension-version">{info.version}</span>
    </p>
  );
}
