/**
 * The README's blocks that state the disclosure's facts (how long each kind of
 * row is kept, what a weekly snapshot holds), rendered from the same sections,
 * English messages and figures as the popup and the welcome page, so the
 * README cannot drift from what a person is shown. write.ts puts them between
 * their markers; generate.test.ts fails when the README on disk differs.
 */
import en from '../../assets/public/_locales/en/messages.json';
import { DISCLOSURE_FIGURES, KEPT_SECTION, SYNC_FIELD_TEXT, SYNC_SECTION, type DisclosureId, type DisclosureSection } from '../contract/disclosure';

const ENGLISH = en as Record<string, { message: string }>;
const number = new Intl.NumberFormat('en');

/** A disclosure text in English with its figures, as `disclosureText` gives it on an English page. */
export function englishDisclosure(id: DisclosureId): string {
  const figures = (DISCLOSURE_FIGURES[id] ?? []).map((n) => number.format(n));
  const message = ENGLISH[`disclosure_${id}`]?.message;
  if (message === undefined) throw new Error(`no English message disclosure_${id}`);
  return message.replace(/\$(\$|[1-9])/g, (m, n: string) => (n === '$' ? '$' : (figures[Number(n) - 1] ?? m)));
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function keptTable(section: DisclosureSection): string {
  if (!('rows' in section)) throw new Error('the kept section is a table');
  return ['| rows | kept for |', '|---|---|', ...section.rows.map(([what, details]) => `| ${cell(englishDisclosure(what))} | ${cell(englishDisclosure(details))} |`)].join('\n');
}

function syncTable(section: DisclosureSection): string {
  if (!('items' in section)) throw new Error('the sync section is a list');
  const fields = (id: DisclosureId) =>
    Object.entries(SYNC_FIELD_TEXT)
      .filter(([, text]) => text === id)
      .map(([field]) => `\`${field}\``)
      .join(', ');
  return [
    englishDisclosure(section.intro!),
    '',
    '| fields | what they hold |',
    '|---|---|',
    ...section.items.map((id) => `| ${fields(id)} | ${cell(englishDisclosure(id))} |`),
    '',
    englishDisclosure(section.outro!),
  ].join('\n');
}

export const README_BLOCKS = {
  kept: () => keptTable(KEPT_SECTION),
  sync: () => syncTable(SYNC_SECTION),
} as const;

const NOTE = 'generated from src/contract/disclosure.ts and the English messages by `npx jiti src/deploy/write.ts`; do not edit by hand';

/**
 * The README with every block between `<!-- disclosure:<name> ... -->` and
 * `<!-- /disclosure:<name> -->` rendered afresh, indented as its opening
 * marker is (a block can sit inside a list item).
 */
export function withReadmeBlocks(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(README_BLOCKS)) {
    const open = new RegExp(`^([ \\t]*)<!-- disclosure:${name}\\b[^>]*-->`, 'm');
    const close = `<!-- /disclosure:${name} -->`;
    const match = open.exec(out);
    const end = out.indexOf(close);
    if (!match || end < match.index) throw new Error(`README.md has no <!-- disclosure:${name} --> … ${close} block`);
    const indent = match[1]!;
    const body = render()
      .split('\n')
      .map((line) => (line ? indent + line : line))
      .join('\n');
    out = `${out.slice(0, match.index)}${indent}<!-- disclosure:${name}: ${NOTE} -->\n${body}\n${indent}${out.slice(end)}`;
  }
  return out;
}
