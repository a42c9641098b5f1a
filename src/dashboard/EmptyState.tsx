import { useState } from 'react';
import type { Messages } from './messages';
import { policySnippet } from './policy';

/** A brand-new collector: what the lead does next, with the snippet for IT already pointing here. */
export function EmptyState({ m, origin }: { m: Messages; origin: string }) {
  const snippet = policySnippet(origin);
  const [copied, setCopied] = useState(false);
  return (
    <section className="card empty" aria-labelledby="empty-h" data-testid="empty-state">
      <h1 id="empty-h">{m.emptyTitle}</h1>
      <p>{m.emptyIntro}</p>
      <ol>
        <li>
          <p>{m.emptyStep1}</p>
          <pre className="snippet" data-testid="policy-snippet" tabIndex={0} aria-label="JSON">
            <code>{snippet}</code>
          </pre>
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard?.writeText(snippet).then(() => setCopied(true), () => setCopied(false));
            }}
          >
            {copied ? m.copied : m.copy}
          </button>
          <p className="muted">{m.emptyStep3}</p>
        </li>
        <li>
          <p>{m.emptyStep2}</p>
        </li>
      </ol>
    </section>
  );
}
