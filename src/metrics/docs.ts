/**
 * docs/metrics.md, generated from definitions.ts so that the published
 * definitions are always the ones the code computes (src/deploy/write.ts puts
 * it on disk, and the deploy in-step test fails when it drifts).
 */
import { ROLLUP_COUNTS, type RollupCount } from '../contract/rollup';
import {
  ACTIVE_DAYS_DEFINITION,
  DAYS_PER_WEEK,
  DIMENSION_DEFINITIONS,
  LEVEL_DAYS,
  LEVEL_DEFINITION,
  LEVEL_SEGMENTS,
  LEVEL_SEGMENT_RULES,
  LEVEL_WEEKS,
  MATURITY_BANDS,
  PROFILE_DAYS,
  TOOL_DEFINITIONS,
  TREND_DEFINITION,
  WEEK_CHANGE_DEFINITIONS,
  type DimensionDefinition,
  type MetricDefinition,
} from './definitions';

/** Table cells must not contain raw pipes. */
const cell = (s: string) => s.replace(/\|/g, '\\|');
const percent = (share: number) => `${Math.round(share * 100)} %`;

function isDimension(def: MetricDefinition): def is DimensionDefinition {
  return 'target' in def;
}

function metricSection(def: MetricDefinition): string {
  const lines = [`<a id="${def.id}"></a>`, '', `### ${def.name}`, '', def.description, '', `- **Formula:** ${def.formula}`, `- **Window:** ${def.window}`, `- **Unit:** ${def.unit}`];
  if (isDimension(def)) {
    if (def.parts) {
      for (const p of def.parts) lines.push(`- **Part — ${p.name}:** target ${p.target}, weight ${percent(p.weight)} of the score`);
    } else {
      lines.push(`- **Target (scores 100):** ${def.target}`);
    }
    lines.push(`- **Score:** ${def.scoreRule}`);
  }
  lines.push(`- **Why it means depth:** ${def.why}`, `- **Anchor:** ${def.anchor}`, '');
  return lines.join('\n');
}

interface Group {
  id: string;
  title: string;
  intro: string;
  defs: readonly MetricDefinition[];
}

const GROUPS: readonly Group[] = [
  {
    id: 'usage-level',
    title: 'Level',
    intro: `One of ${LEVEL_SEGMENTS.length} segments, over the last ${LEVEL_WEEKS} weeks.`,
    defs: [LEVEL_DEFINITION],
  },
  {
    id: 'depth-profile',
    title: 'Depth profile',
    intro:
      `${DIMENSION_DEFINITIONS.length} dimensions over the last ${PROFILE_DAYS} days. Each has a raw figure, in its own unit, and a score from 0 to 100 against a target. ` +
      'A window without activity gives a raw figure of 0 and a score of 0. The targets are where a dimension stops adding to depth, ' +
      'not a quota: most people will score well below 100 on some dimensions, and that is expected.',
    defs: DIMENSION_DEFINITIONS,
  },
  { id: 'activity', title: 'Activity', intro: 'The plain counts beside the profile.', defs: [ACTIVE_DAYS_DEFINITION, TREND_DEFINITION] },
  { id: 'per-tool', title: 'Per tool', intro: `The last ${PROFILE_DAYS} days, broken down by AI tool.`, defs: TOOL_DEFINITIONS },
  { id: 'week-change', title: 'This week against last', intro: 'This week from Monday to today, against the same weekdays of last week.', defs: WEEK_CHANGE_DEFINITIONS },
];

/** What each recorded count is used for, so "recorded" is never read as "scored". */
const COUNT_USE: Record<RollupCount, string> = {
  events: 'not used in any figure (a total for checking the data)',
  prompts: 'usage level, habit, intensity, tool breadth, context richness, per-tool prompts and active days, week change, trend',
  edits: 'iteration',
  contextRichPrompts: 'context richness',
  promptsWithAttachments: 'not used on its own (it is part of context richness)',
  conversationsStarted: 'not used: a conversation counts when a prompt is sent in it',
  conversations: 'iteration, per-tool conversations, week change',
  iterativeConversations: 'iteration',
  responses: 'output reuse, per-tool responses',
  stops: 'not used: stopping a response can mean impatience as well as judgement, so it says nothing certain about depth',
  regenerations: 'iteration',
  copies: 'output reuse, per-tool copies, week change',
  feedbackUp: 'not used: few people rate answers, and not every tool offers ratings',
  feedbackDown: 'not used, as above',
  engagedSeconds: 'never used: see “Time on a tab” above',
};

function comparisonSection(): string {
  const rows: [string, string, string][] = [
    ['Action', 'Any user-initiated interaction with Microsoft 365 Copilot', 'A prompt sent to an AI tool in the browser'],
    ['Where', 'Microsoft 365 apps and Copilot Chat', 'The AI tools Leadline recognises, or IT adds, in the browser; desktop apps and IDEs are not seen'],
    ['Window', `${LEVEL_WEEKS} weeks`, `${LEVEL_WEEKS} weeks: ${LEVEL_DAYS} days ending today, in rolling ${DAYS_PER_WEEK}-day blocks`],
    ['Thresholds', 'As in the table above', 'The same'],
    ['Devices', 'Per licensed user, across devices', 'Per person, across the devices whose data this browser holds (a personal export imported from another computer adds its rows)'],
  ];
  return [
    '<a id="copilot-comparison"></a>',
    '',
    '## How our levels compare with the Copilot Dashboard',
    '',
    'The segments and their thresholds are the Copilot Dashboard’s, so a lead can put our share of power users beside theirs:',
    '',
    '| Segment | Rule |',
    '|---|---|',
    ...LEVEL_SEGMENTS.map((s, i) => `| ${cell(s.name)} | ${cell(LEVEL_SEGMENT_RULES[i]!.slice(s.name.length + 2))} |`),
    '',
    'What differs, and why:',
    '',
    '| | Copilot Dashboard | Leadline |',
    '|---|---|---|',
    ...rows.map(([what, theirs, ours]) => `| ${cell(what)} | ${cell(theirs)} | ${cell(ours)} |`),
    '',
    'Counting prompts alone keeps the level comparable across tools: every tool has prompts, while copies, regenerations and ' +
      'features depend on what a tool offers and what Leadline can see in it. Because the dashboard counts more kinds of action, ' +
      'the same person can sit a segment higher there than here.',
    '',
    '### Organisational maturity',
    '',
    'The Copilot Dashboard reads an organisation’s maturity from its share of power users. Leadline will use the same bands ' +
      'when it reports on a team; each band includes its lower edge.',
    '',
    '| Share of power users | Stage |',
    '|---|---|',
    ...MATURITY_BANDS.map((b, i) => {
      const next = MATURITY_BANDS[i + 1];
      const range = next ? `${percent(b.minShare)} to under ${percent(next.minShare)}` : `${percent(b.minShare)} and above`;
      return `| ${range} | ${b.name} |`;
    }),
    '',
  ].join('\n');
}

function notAMetricSection(): string {
  return [
    '<a id="not-a-metric"></a>',
    '',
    '## What is not a metric',
    '',
    '**Time on a tab.** Leadline records engaged time: the seconds a tool’s tab was visible, focused and recently interacted with. ' +
      'It is kept in the daily counts and in your export so that you can see it, but no figure on this page uses it. ' +
      'Tabs stay open, so time on a tab mostly measures how long a tab was left open, not how deeply the tool was used. ' +
      'For the same reason, a tool you only had open, with no prompt, conversation, response or copy, does not appear in the per-tool list.',
    '',
    '**Anything about an individual, for a lead.** These figures are for the person they describe. No published anchor shows ' +
      'individuals to leads, and neither will Leadline.',
    '',
    '**Every recorded count, and what uses it:**',
    '',
    '| Count | Used by |',
    '|---|---|',
    ...ROLLUP_COUNTS.map((k) => `| \`${k}\` | ${cell(COUNT_USE[k])} |`),
    '| `features` | capability breadth |',
    '',
  ].join('\n');
}

export function metricsMarkdown(): string {
  const toc = [
    ...GROUPS.flatMap((g) => [`- [${g.title}](#${g.id})`, ...g.defs.map((d) => `  - [${d.name}](#${d.id})`)]),
    '- [How our levels compare with the Copilot Dashboard](#copilot-comparison)',
    '- [What is not a metric](#not-a-metric)',
  ];
  const parts = [
    '<!-- Generated from src/metrics/definitions.ts by `npx jiti src/deploy/write.ts`. Do not edit by hand. -->',
    '',
    '# How Leadline measures depth of AI use',
    '',
    'Every figure Leadline shows is defined here, exactly as the code computes it. All of them are computed from daily counts ' +
      '(one row per device, tool and local day) that hold no text, titles, URLs or conversation ids. Counts from several devices ' +
      'for the same tool and day are added together. Every window ends today, today included.',
    '',
    'Where a published definition exists (the Microsoft Copilot Dashboard, GitHub Copilot, ChatGPT Enterprise, Microsoft 365, ' +
      'Anthropic’s research), we follow it, and each metric says where we differ and why.',
    '',
    '## Contents',
    '',
    ...toc,
    '',
  ];
  for (const g of GROUPS) {
    parts.push(`<a id="${g.id}"></a>`, '', `## ${g.title}`, '', g.intro, '');
    for (const d of g.defs) parts.push(metricSection(d));
  }
  parts.push(comparisonSection(), notAMetricSection());
  return parts.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
