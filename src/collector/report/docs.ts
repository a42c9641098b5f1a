/**
 * docs/team-metrics.md, generated from ./definitions.ts so that the page a
 * lead reads and the figures the collector computes cannot drift apart
 * (`npm run docs:generate` writes it; docs.test.ts fails when it is stale).
 */
import { MIN_K } from '../../contract/report';
import { MATURITY_BANDS } from '../../metrics/definitions';
import { CSV_COLUMNS } from './csv';
import { PRIVACY_RULES, TEAM_METRIC_DEFINITIONS } from './definitions';

export const TEAM_METRICS_DOC = 'docs/team-metrics.md';
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function teamMetricsMarkdown(): string {
  const out: string[] = [
    '# Team report: what each figure means',
    '',
    '<!-- Generated from src/collector/report/definitions.ts by `npm run docs:generate`. Do not edit by hand. -->',
    '',
    'The collector turns members’ weekly snapshots into one report per team: `GET /v1/report?team=…&weeks=12` as JSON, ' +
      '`GET /v1/report.csv` as CSV with the same figures. A week is an ISO week (Monday to Sunday, in each member’s own calendar). ' +
      'Each week says whether it is still `open` (late members may still arrive or replace their snapshot) or `closed` (final).',
    '',
    '## A figure that is not shown',
    '',
    'Every number has one shape: `{ "value": 12 }` when published, `{ "value": null, "suppressed": "below_k" }` when fewer than k members are behind it, ' +
      '`{ "value": null, "suppressed": "withheld" }` when it is hidden so that another hidden figure cannot be worked out by subtraction. ' +
      `k is the report’s minimum group size, stated in every report; it is never below ${MIN_K}.`,
    '',
    '## Contents',
    '',
    ...TEAM_METRIC_DEFINITIONS.map((d) => `- [${d.name}](#${d.id})`),
    '- [Privacy rules](#privacy-rules)',
    '- [CSV columns](#csv-columns)',
    '',
    '## Figures',
    '',
  ];
  for (const d of TEAM_METRIC_DEFINITIONS) {
    out.push(`<a id="${d.id}"></a>`, '', `### ${d.name}`, '', `- **Field:** \`${d.field}\``, `- **Formula:** ${d.formula}`, `- **Unit:** ${d.unit}`, `- **Privacy:** ${d.privacy}`, '');
  }
  out.push('### Maturity bands', '', '| band | Power share from |', '|---|---|', ...MATURITY_BANDS.map((b) => `| ${cell(b.name)} | ${Math.round(b.minShare * 100)} % |`), '');
  out.push('<a id="privacy-rules"></a>', '', '## Privacy rules', '', 'Applied by one module, `src/collector/privacy/suppress.ts`, to every report before it leaves the server. The threat model is in [privacy.md](privacy.md).', '');
  PRIVACY_RULES.forEach((r, i) => out.push(`${i + 1}. ${r}`));
  out.push(
    '',
    '<a id="csv-columns"></a>',
    '',
    '## CSV columns',
    '',
    `One row per figure, columns \`${CSV_COLUMNS.join(',')}\`. \`section\` is report, headline, level, dimension, active_days, tool, feature, child, other or change; ` +
      '`key` names the level, dimension, day count, tool or feature; `measure` the figure; `suppressed` is empty, below_k or withheld. ' +
      'Text that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) is prefixed with a single quote.',
  );
  return `${out.join('\n')}\n`;
}
