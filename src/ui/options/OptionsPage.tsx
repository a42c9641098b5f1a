import { useEffect } from 'react';
import { DataSection } from './DataSection';
import { OrganisationSection } from './OrganisationSection';
import { ToolsSection } from './ToolsSection';
import { STRINGS } from './strings';
import { useConfig } from './useOptionsData';

/** The options page: every section re-renders when policy or the person's settings change. */
export function OptionsPage() {
  const { config, failed, reload } = useConfig();
  useEffect(() => {
    document.title = STRINGS.pageTitle;
  }, []);
  return (
    <main>
      <h1>{STRINGS.pageTitle}</h1>
      {failed && !config ? (
        <p role="alert" className="error">
          {STRINGS.loadFailed}
        </p>
      ) : null}
      {config ? (
        <>
          <ToolsSection config={config} onSaved={reload} />
          <DataSection config={config} onSaved={reload} />
          <OrganisationSection config={config} />
        </>
      ) : failed ? null : (
        <p className="muted" role="status">
          {STRINGS.loading}
        </p>
      )}
    </main>
  );
}
