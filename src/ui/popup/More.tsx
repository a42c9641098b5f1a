import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { Summary } from '../../metrics/types';
import { t } from '../../platform/i18n';
import { Icon } from '../icons';

// Loaded on the first opening of a section: nothing below the first screen costs the first paint.
const Sections = lazy(() => import('./sections'));

type SectionId = 'figures' | 'trend' | 'tools' | 'rules' | 'recorded';

/** A section that opens (native details/summary: keyboard and screen readers get it for free); its body renders once opened. */
function Fold({ id, title, children }: { id: SectionId; title: string; children: (open: boolean) => ReactNode }) {
  const [opened, setOpened] = useState(false);
  return (
    <details className="fold" id={`more-${id}`} data-testid={`more-${id}`} onToggle={(e) => (e.currentTarget.open ? setOpened(true) : undefined)}>
      <summary>
        <Icon name="chevron" size={14} className="chevron" />
        <span>{title}</span>
      </summary>
      <div className="fold-body">{opened ? children(opened) : null}</div>
    </details>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="figures">{t('popup_loading')}</p>}>{children}</Suspense>;
}

export interface MoreProps {
  summary: Summary | null;
  toolName: (id: string) => string;
  privacyContact: string;
  tipsHidden: boolean;
  onShowTips: () => void;
}

/** Everything beyond the first screen, one click away and said once. */
export function More(props: MoreProps) {
  const { summary } = props;
  return (
    <div className="more" data-testid="more">
      {summary ? (
        <>
          <Fold id="figures" title={t('popup_profile_figures')}>
            {() => (
              <Lazy>
                <Sections part="figures" {...props} summary={summary} />
              </Lazy>
            )}
          </Fold>
          <Fold id="trend" title={t('popup_trend_heading')}>
            {() => (
              <Lazy>
                <Sections part="trend" {...props} summary={summary} />
              </Lazy>
            )}
          </Fold>
          <Fold id="tools" title={t('popup_tools_heading')}>
            {() => (
              <Lazy>
                <Sections part="tools" {...props} summary={summary} />
              </Lazy>
            )}
          </Fold>
          <Fold id="rules" title={t('popup_level_rules')}>
            {() => (
              <Lazy>
                <Sections part="rules" {...props} summary={summary} />
              </Lazy>
            )}
          </Fold>
        </>
      ) : null}
      <Fold id="recorded" title={t('popup_what_recorded')}>
        {() => (
          <Lazy>
            <Sections part="recorded" {...props} summary={summary} />
          </Lazy>
        )}
      </Fold>
    </div>
  );
}
