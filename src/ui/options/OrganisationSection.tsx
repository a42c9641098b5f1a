import type { ConfigWarning, ResolvedConfig } from '../../contract/config';
import { extensionInfo } from '../../platform/permissions';
import { assessHealth } from '../../tools/health';
import { BUILT_IN_TOOLS } from '../../tools/registry';
import { configRows, healthRows } from './model';
import { Section } from './Section';
import { STRINGS } from './strings';
import { useHealthRows } from './useOptionsData';

export function OrganisationSection({ config }: { config: ResolvedConfig }) {
  return (
    <Section id="organisation" title={STRINGS.orgHeading}>
      <PolicyWarnings warnings={config.warnings} />
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
        {STRINGS.warningsHeading}
      </h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={`${w.key}-${i}`} data-key={w.key}>
            <code>{w.key}</code> — {w.reason} — {STRINGS.usedInstead(w.usedInstead)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConfigTable({ config }: { config: ResolvedConfig }) {
  return (
    <>
      <h3 id="config-heading">{STRINGS.configHeading}</h3>
      <p className="muted">{STRINGS.configHint}</p>
      <div className="table-wrap">
        <table className="config" aria-labelledby="config-heading">
          <thead>
            <tr>
              <th scope="col">{STRINGS.colSetting}</th>
              <th scope="col">{STRINGS.colValue}</th>
              <th scope="col">{STRINGS.colSource}</th>
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
      <h3 id="health-heading">{STRINGS.healthHeading}</h3>
      {rows === 'error' ? <p role="alert" className="error">{STRINGS.healthUnavailable}</p> : null}
      {rows === null ? <p className="muted">{STRINGS.loading}</p> : null}
      {Array.isArray(rows) ? (
        <div className="table-wrap">
          <table className="health" aria-labelledby="health-heading">
            <thead>
              <tr>
                <th scope="col">{STRINGS.colTool}</th>
                <th scope="col">{STRINGS.colStatus}</th>
                <th scope="col">{STRINGS.colWhy}</th>
                <th scope="col" className="num">{STRINGS.colPrompts}</th>
                <th scope="col" className="num">{STRINGS.colMinutes}</th>
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
                  <td className="num">{r.prompts}</td>
                  <td className="num">{r.minutes}</td>
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
      {STRINGS.extensionId} <code id="extension-id">{info.id}</code>, {STRINGS.extensionVersion}{' '}
      <span id="extension-version">{info.version}</span>
    </p>
  );
}
