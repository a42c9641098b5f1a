import { DISCLOSURE_FIGURES, type DisclosureId, type DisclosureSection } from '../contract/disclosure';
import { formatNumber, t, type MessageKey } from '../platform/i18n';

/** A disclosure text (`disclosure_<id>`) in the page's language, with the figures it states taken from the contract. */
export function disclosureText(id: DisclosureId): string {
  return t(`disclosure_${id}` as MessageKey, ...(DISCLOSURE_FIGURES[id] ?? []).map((n) => formatNumber(n)));
}

/** A section's body without its heading: where a page names the section itself (the sync panel, the settings). */
export function DisclosureBody({ section }: { section: DisclosureSection }) {
  return (
    <>
      {section.intro ? <p>{disclosureText(section.intro)}</p> : null}
      {'rows' in section ? (
        <dl className="disclosure-rows">
          {section.rows.map(([what, details]) => (
            <div key={what}>
              <dt>{disclosureText(what)}</dt>
              <dd>{disclosureText(details)}</dd>
            </div>
          ))}
        </dl>
      ) : section.items.length === 1 && !section.intro ? (
        <p>{disclosureText(section.items[0]!)}</p>
      ) : (
        <ul>
          {section.items.map((id) => (
            <li key={id}>{disclosureText(id)}</li>
          ))}
        </ul>
      )}
      {'outro' in section && section.outro ? <p>{disclosureText(section.outro)}</p> : null}
    </>
  );
}

/**
 * Sections of the disclosure, rendered the same way on the welcome page and in
 * the popup: a what/details table or a list under each heading.
 */
export function DisclosureView({ sections, level }: { sections: readonly DisclosureSection[]; level: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <>
      {sections.map((section) => (
        <section key={section.id} className="disclosure" aria-labelledby={`disclosure-${section.id}`} data-testid={`disclosure-${section.id}`}>
          <H id={`disclosure-${section.id}`}>{disclosureText(section.heading)}</H>
          <DisclosureBody section={section} />
        </section>
      ))}
    </>
  );
}

/** A link for the organisation's privacy contact: mailto: for an address, the page itself for https; null if none. */
export function contactHref(contact: string): string | null {
  if (!contact) return null;
  if (/^https:\/\//i.test(contact)) return contact;
  return contact.includes('@') ? `mailto:${contact}` : null;
}

/** Who to ask: the contact IT set, as a link inside the translated sentence, or "ask your IT team". */
export function ContactLine({ contact }: { contact: string }) {
  const href = contactHref(contact);
  if (!href) return <p data-testid="privacy-contact">{disclosureText('contact_none')}</p>;
  const marker = '\u0000';
  const [before = '', after = ''] = t('disclosure_contact_set', marker).split(marker);
  return (
    <p data-testid="privacy-contact">
      {before}
      <a href={href} target="_blank" rel="noreferrer">
        {contact}
      </a>
      {after}
    </p>
  );
}
