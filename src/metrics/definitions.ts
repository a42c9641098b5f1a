/**
 * Every figure Leadline shows, as data. The functions in level.ts, profile.ts
 * and summary.ts read their windows, thresholds and targets from here, and
 * docs/metrics.md is generated from here, so the published definition and the
 * computed figure cannot drift apart. Adoption leads' most common complaint
 * about vendor dashboards is that "active" is left undefined: here nothing is.
 */
import { FEATURES, SIZE_BUCKET_LIMITS } from '../contract/buckets';
import type { DimensionId, Level } from './types';

export type MetricWindow = '12 weeks' | '28 days' | 'this week vs last';

export interface MetricDefinition {
  id: string;
  name: string;
  /** One sentence, for a tooltip. */
  description: string;
  /** Exactly how the figure is computed, in words. */
  formula: string;
  window: MetricWindow;
  unit: string;
  /** Why the figure says something about depth of use. */
  why: string;
  /** The published anchor it follows, and where and why we differ. */
  anchor: string;
}

/** A profile dimension: a raw figure scored 0–100 against `target`. */
export interface DimensionDefinition extends MetricDefinition {
  id: DimensionId;
  /**
   * The raw value that scores 100; below it the score is linear from 0. For a
   * composite dimension (with `parts`), the target of the part that is the raw figure.
   */
  target: number;
  /** How the score is derived, in words (the docs print it). */
  scoreRule: string;
  /** Composite dimensions: each part scored against its own target, then blended by weight. */
  parts?: readonly DimensionPart[];
}

export interface DimensionPart {
  key: string;
  name: string;
  /** Share of the dimension's score, 0–1; the weights of a dimension sum to 1. */
  weight: number;
  target: number;
}

/* ------------------------------------------------------------------ windows */

export const DAYS_PER_WEEK = 7;
/** The Copilot Dashboard's segment window. */
export const LEVEL_WEEKS = 12;
export const LEVEL_DAYS = LEVEL_WEEKS * DAYS_PER_WEEK;
/** The profile and per-tool window: four whole weeks, so weekdays and weekends weigh the same whatever today is. */
export const PROFILE_DAYS = 28;
/** How weeks are counted, in words: the docs, the level's formula and the popup's note say it the same way. */
export const WEEK_RULE =
  'Weeks are calendar weeks as ISO 8601 counts them: Monday to Sunday, in your own local calendar, the same weeks the team sync reports.';

/* ------------------------------------------------------------ usage level */

/**
 * One usage segment. A person is in the first segment (highest first) whose
 * every stated condition holds; an absent condition always holds.
 */
export interface LevelSegment {
  level: Level;
  name: string;
  /** Average prompts per week over the window (total ÷ weeks), at least. */
  minAveragePerWeek?: number;
  /** Weeks with at least one prompt, at least. */
  minActiveWeeks?: number;
  /** Prompts in the window, at least. */
  minTotalPrompts?: number;
}

/** Highest first. The numbers are the Microsoft Copilot Dashboard's, unchanged. */
export const LEVEL_SEGMENTS: readonly LevelSegment[] = [
  { level: 'power', name: 'Power user', minAveragePerWeek: 15, minActiveWeeks: 9 },
  { level: 'habitual', name: 'Habitual user', minActiveWeeks: 9 },
  { level: 'novice', name: 'Novice user', minAveragePerWeek: 1 },
  { level: 'low', name: 'Low user', minTotalPrompts: 1 },
  { level: 'non_user', name: 'Non-user' },
];

function segmentRule(s: LevelSegment): string {
  const conds: string[] = [];
  if (s.minAveragePerWeek !== undefined) {
    conds.push(
      `averages ${s.minAveragePerWeek} or more prompts a week (at least ${s.minAveragePerWeek * LEVEL_WEEKS} prompts in the ${LEVEL_WEEKS} weeks)`,
    );
  }
  if (s.minActiveWeeks !== undefined) conds.push(`sent at least one prompt in ${s.minActiveWeeks} or more of the ${LEVEL_WEEKS} weeks`);
  if (s.minTotalPrompts !== undefined) conds.push(`sent at least ${s.minTotalPrompts} prompt${s.minTotalPrompts === 1 ? '' : 's'} in the window`);
  return conds.length ? conds.join(' and ') : 'none of the above (no prompt in the window)';
}

/** The level rule of each segment, in words, highest first (used by the level definition and the docs). */
export const LEVEL_SEGMENT_RULES: readonly string[] = LEVEL_SEGMENTS.map((s) => `${s.name}: ${segmentRule(s)}.`);

/* ----------------------------------------------------- organisational maturity */

import { MATURITY_STAGES, type MaturityStage } from '../contract/depth';
export { MATURITY_STAGES, type MaturityStage };

export interface MaturityBand {
  stage: MaturityStage;
  name: string;
  /** Lowest share of power users (0–1) in the band, inclusive; the band runs up to the next band's floor. */
  minShare: number;
}

/** Lowest first, from the Copilot Dashboard's reading of the share of power users. */
export const MATURITY_BANDS: readonly MaturityBand[] = [
  { stage: 'initial', name: 'Initial', minShare: 0 },
  { stage: 'ramping', name: 'Ramping', minShare: 0.2 },
  { stage: 'embedding', name: 'Embedding', minShare: 0.4 },
  { stage: 'integrated', name: 'Integrated', minShare: 0.6 },
];

/* ---------------------------------------------------------------- metrics */

/*
 * Targets of the profile dimensions. Named here once so that the formulas,
 * the score rules and the anchors' prose below all print the number the code uses.
 */
const WORKING_DAYS_PER_WEEK = 5;
/** The working days in the profile window. */
const HABIT_TARGET = (WORKING_DAYS_PER_WEEK * PROFILE_DAYS) / DAYS_PER_WEEK;
const INTENSITY_TARGET = 10;
/** Anthropic's share of iterative conversations. */
const ITERATIVE_SHARE_TARGET = 0.857;
const ITERATIVE_SHARE_WEIGHT = 0.7;
const EDITS_REGENS_TARGET = 1;
const CAPABILITY_TARGET = 5;
const TOOL_TARGET = 3;
const REUSE_TARGET = 0.5;
const CONTEXT_TARGET = 0.5;
const POWER = LEVEL_SEGMENTS[0]!;
/** Where the size bucket "l" starts: rollup.ts counts l and xl prompts as context-rich. */
const LONG_PROMPT_CHARS = SIZE_BUCKET_LIMITS.find(([bucket]) => bucket === 'm')![1];

const linearRule = (what: string, target: number) => `Score = ${what} ÷ ${target} × 100, capped at 100 and rounded to a whole number.`;

const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;

export const LEVEL_DEFINITION: MetricDefinition = {
  id: 'level',
  name: 'Usage level',
  description: 'How regularly and how much you sent prompts over the last 12 weeks, in the Copilot Dashboard’s segments.',
  formula:
    `${WEEK_RULE} The window is the ${LEVEL_WEEKS} weeks ending with the current one: week ${LEVEL_WEEKS} is this week from Monday to today, ` +
    `week 1 began ${LEVEL_WEEKS - 1} Mondays before this week's. A level therefore changes only when a week turns (or when this week gains its first prompt). ` +
    `Prompts are summed over every tool and every device. A week is active when it has at least one prompt. ` +
    `The level is the first that applies: ${LEVEL_SEGMENT_RULES.join(' ')}`,
  window: '12 weeks',
  unit: 'segment',
  why:
    'Regularity (active weeks) separates a habit from a trial, and volume separates leaning on the tool from dipping into it. ' +
    'The 9-of-12-weeks rule rests on the finding that a habit takes about 66 days to form.',
  anchor:
    'Microsoft Copilot Dashboard / Viva Insights usage segments, with the same thresholds and window. ' +
    'The difference: their "action" is any user-initiated interaction in Microsoft 365 Copilot; ours is a prompt sent to an AI tool in the browser ' +
    '(copies, regenerations and feature uses are not counted as actions, so that one prompt that is regenerated twice is not three actions). ' +
    'Like theirs, our weeks are calendar weeks (ISO 8601, Monday to Sunday).',
};

export const DIMENSION_DEFINITIONS: readonly DimensionDefinition[] = [
  {
    id: 'habit',
    name: 'Habit',
    description: 'On how many days of the last 28 you sent at least one prompt.',
    formula: `Days among the last ${PROFILE_DAYS} (today included) with at least one prompt, on any tool and any device.`,
    window: '28 days',
    unit: 'days',
    target: HABIT_TARGET,
    scoreRule: linearRule('active days', HABIT_TARGET),
    why: 'Depth needs repetition: someone who reaches for AI on most working days has made it part of how they work.',
    anchor:
      `Follows the Copilot Dashboard’s habit rule (active in ${POWER.minActiveWeeks} of ${LEVEL_WEEKS} weeks) at a finer grain. The target, ${HABIT_TARGET} days, is the working days in ${PROFILE_DAYS}; ` +
      'we count days rather than weeks because 28 days hold only four weeks, too few for a weekly rule to discriminate.',
  },
  {
    id: 'intensity',
    name: 'Intensity',
    description: 'How many prompts you send on a day you use AI.',
    formula: `Prompts in the last ${PROFILE_DAYS} days ÷ active days in the same window (0 when there is no active day).`,
    window: '28 days',
    unit: 'prompts per active day',
    target: INTENSITY_TARGET,
    scoreRule: linearRule('prompts per active day', INTENSITY_TARGET),
    why: 'Many prompts on a working day means the tool is used through the work, not for a single question.',
    anchor:
      'Relates to "messages per weekly active user" (ChatGPT Enterprise) and to the Power line of the Copilot Dashboard. ' +
      `That line, ${POWER.minAveragePerWeek} actions a week, is about ${POWER.minAveragePerWeek! / WORKING_DAYS_PER_WEEK} prompts a working day and is a floor for power use, ` +
      `so it scores ${Math.round((100 * POWER.minAveragePerWeek!) / WORKING_DAYS_PER_WEEK / INTENSITY_TARGET)} here; ` +
      `the target of ${INTENSITY_TARGET} a day is our choice (no vendor publishes one): a day of several conversations, each refined over a few turns. ` +
      'Per active day rather than per calendar day, so that habit and intensity stay separate.',
  },
  {
    id: 'iteration',
    name: 'Iteration',
    description: 'How often you keep working on an answer instead of taking the first one.',
    formula:
      `Over the last ${PROFILE_DAYS} days: iterative share = iterative conversations ÷ conversations; ` +
      `edits and regenerations per conversation = (edited prompts + regenerations) ÷ conversations (each 0 when there is no conversation). ` +
      'A conversation is counted once on each day it had a prompt, so a conversation continued on another day counts on each day. ' +
      'It is iterative on a day when a prompt that day was its third or later (turn ≥ 3). The headline raw figure is the iterative share.',
    window: '28 days',
    unit: 'share of conversations (0–1)',
    target: ITERATIVE_SHARE_TARGET,
    parts: [
      { key: 'iterativeShare', name: 'Iterative share', weight: ITERATIVE_SHARE_WEIGHT, target: ITERATIVE_SHARE_TARGET },
      {
        key: 'editsRegensPerConversation',
        name: 'Edits and regenerations per conversation',
        weight: Math.round((1 - ITERATIVE_SHARE_WEIGHT) * 100) / 100,
        target: EDITS_REGENS_TARGET,
      },
    ],
    scoreRule:
      `Score = ${ITERATIVE_SHARE_WEIGHT * 100} × min(1, iterative share ÷ ${ITERATIVE_SHARE_TARGET}) + ` +
      `${Math.round((1 - ITERATIVE_SHARE_WEIGHT) * 100)} × min(1, edits and regenerations per conversation ÷ ${EDITS_REGENS_TARGET}), rounded to a whole number. ` +
      'Each part is capped before blending, so many regenerations cannot make up for never following up.',
    why:
      'Following up, correcting and regenerating is how people get good results: iterative conversations showed about twice as many ' +
      'fluency behaviours (2.67 against 1.33) as single-shot ones.',
    anchor:
      `Anthropic’s AI Fluency Index: ${pct(ITERATIVE_SHARE_TARGET)} of sampled conversations were iterative, so that share scores full marks on its part. ` +
      'We observe turns, edits and regenerations instead of reading the conversation, which Anthropic did. ' +
      'Conversations are counted on each day they are active, since rollups keep no conversation ids across days, by design. ' +
      'The turn number is the conversation\u2019s own, not the day\u2019s: a conversation with two prompts one day and one the next counts ' +
      'as not iterative on the first day and as iterative on the second, from the day it reaches its third prompt.',
  },
  {
    id: 'capability_breadth',
    name: 'Capability breadth',
    description: 'How many of the tools’ capabilities you used, such as file upload, web search or deep research.',
    formula:
      `Distinct features used at least once in the last ${PROFILE_DAYS} days, on any tool, out of the ${FEATURES.length} we recognise: ${FEATURES.join(', ')}.`,
    window: '28 days',
    unit: 'features',
    target: CAPABILITY_TARGET,
    scoreRule: linearRule('distinct features', CAPABILITY_TARGET),
    why: 'People who go past plain chat (attach files, search, analyse data, build assistants) delegate bigger and more varied tasks.',
    anchor:
      `OpenAI and Anthropic break enterprise usage down by these features. They publish no target; ${CAPABILITY_TARGET} of ${FEATURES.length} is our choice: ` +
      'more than half, since nobody needs voice, image generation and agents all at once for their work.',
  },
  {
    id: 'tool_breadth',
    name: 'Tool breadth',
    description: 'How many different AI tools you sent prompts to.',
    formula: `Distinct tools with at least one prompt in the last ${PROFILE_DAYS} days.`,
    window: '28 days',
    unit: 'tools',
    target: TOOL_TARGET,
    scoreRule: linearRule('distinct tools', TOOL_TARGET),
    why: 'Someone who picks the tool for the task (one for code, one for research, one for writing) knows what each is good at.',
    anchor:
      `Larridin reports about 3 AI tools per seat at high-ROI firms. That is a vendor claim, not a study, so weigh this dimension lightly.`,
  },
  {
    id: 'output_reuse',
    name: 'Output reuse',
    description: 'How often a response left the AI tool and went into your work.',
    formula: `Responses copied ÷ responses completed, over the last ${PROFILE_DAYS} days (0 when no response completed). It can exceed 1 when a response is copied more than once.`,
    window: '28 days',
    unit: 'copies per response',
    target: REUSE_TARGET,
    scoreRule: linearRule('copies per response', REUSE_TARGET),
    why: 'An answer that is copied out was good enough to use; reading without reuse is exploration.',
    anchor:
      'Plays the role of Microsoft 365’s "kept content" and GitHub Copilot’s acceptance rate. Copying is the one reuse a browser can see; ' +
      'a person who retypes or reads an answer is not counted. The target of one copy for every two responses is our choice: ' +
      'many responses are intermediate steps of an iteration, which are not meant to be reused.',
  },
  {
    id: 'context_richness',
    name: 'Context richness',
    description: 'How often your prompts carry real context: long instructions or attached files.',
    formula:
      `Prompts that are long (${LONG_PROMPT_CHARS.toLocaleString('en')} characters or more) or carry at least one attachment ÷ all prompts, over the last ${PROFILE_DAYS} days (0 when there is no prompt).`,
    window: '28 days',
    unit: 'share of prompts (0–1)',
    target: CONTEXT_TARGET,
    scoreRule: linearRule('context-rich share', CONTEXT_TARGET),
    why: 'Giving the model the material and the constraints (Anthropic’s "Description") is what turns a search query into delegated work.',
    anchor:
      'The anchors list prompt size as a content-free sign of context. The length is known only as a bucket, never the text. ' +
      'The target of one prompt in two is our choice: follow-ups are short by nature, so a share far above one half is not expected.',
  },
];

export const TOOL_DEFINITIONS: readonly MetricDefinition[] = [
  {
    id: 'tool_prompts',
    name: 'Prompts per tool',
    description: 'Prompts you sent to each tool in the last 28 days.',
    formula: `Prompts sent to the tool in the last ${PROFILE_DAYS} days, summed over devices. Tools are listed most prompts first; a tool with no prompt, conversation, response or copy in the window is not listed.`,
    window: '28 days',
    unit: 'prompts',
    why: 'Shows where the depth above comes from.',
    anchor: 'Per-tool message counts, as in ChatGPT Enterprise and Copilot usage reports.',
  },
  {
    id: 'tool_active_days',
    name: 'Active days per tool',
    description: 'Days in the last 28 with at least one prompt to the tool.',
    formula: `Days among the last ${PROFILE_DAYS} on which the tool had at least one prompt, summed over devices.`,
    window: '28 days',
    unit: 'days',
    why: 'Separates a tool used every day from one used in a burst.',
    anchor: 'Daily-active counting per feature or product, as in the GitHub Copilot metrics ("engaged users").',
  },
  {
    id: 'tool_conversations',
    name: 'Conversations per tool',
    description: 'Conversations with at least one prompt, per tool, in the last 28 days.',
    formula: `The sum over the last ${PROFILE_DAYS} days of the conversations with at least one prompt on each day (a conversation continued on another day counts on each day).`,
    window: '28 days',
    unit: 'conversation-days',
    why: 'Many prompts in few conversations means long, iterated work; in many conversations, many separate tasks.',
    anchor: 'ChatGPT Enterprise reports conversations alongside messages.',
  },
  {
    id: 'tool_responses',
    name: 'Responses per tool',
    description: 'Responses the tool completed in the last 28 days.',
    formula: `Responses completed by the tool in the last ${PROFILE_DAYS} days (stopped responses are not counted).`,
    window: '28 days',
    unit: 'responses',
    why: 'The denominator of output reuse, shown so the reuse figure can be checked.',
    anchor: 'GitHub’s suggestions shown, the denominator of its acceptance rate.',
  },
  {
    id: 'tool_copies',
    name: 'Copies per tool',
    description: 'Responses copied out of the tool in the last 28 days.',
    formula: `Copy actions on responses of the tool in the last ${PROFILE_DAYS} days.`,
    window: '28 days',
    unit: 'copies',
    why: 'Where the work that leaves the AI tool comes from.',
    anchor: 'Microsoft 365’s kept content and GitHub’s accepted suggestions.',
  },
];

export const ACTIVE_DAYS_DEFINITION: MetricDefinition = {
  id: 'active_days',
  name: 'Active days',
  description: 'Days in the last 28 on which you sent at least one prompt.',
  formula: `Days among the last ${PROFILE_DAYS} (today included) with at least one prompt, on any tool and any device. Opening a tool without prompting does not make a day active.`,
  window: '28 days',
  unit: 'days',
  why: 'The plainest measure of regular use; the habit dimension scores it.',
  anchor:
    'The "active user" of GitHub Copilot, ChatGPT Enterprise and Microsoft 365 counted per day over their 28-day window. ' +
    'Where they leave "active" undefined, ours means a prompt was sent.',
};

export const WEEK_CHANGE_DEFINITIONS: readonly MetricDefinition[] = (
  [
    ['prompts', 'Prompts', 'prompts sent', 'prompts'],
    ['activeDays', 'Active days', 'days with at least one prompt', 'days'],
    ['conversations', 'Conversations', 'conversations with at least one prompt, counted once on each day they had one', 'conversation-days'],
    ['copies', 'Copies', 'responses copied', 'copies'],
  ] as const
).map(([metric, name, what, unit]) => ({
  id: `week_change_${metric}`,
  name: `${name}, this week against last`,
  description: `${name} this week so far against the same days of last week.`,
  formula:
    `This week = ${what} from this week's Monday to today; last week = the same over the same weekdays of last week (Monday to Wednesday against Monday to Wednesday); ` +
    'change = this week − last week. Summed over tools and devices.',
  window: 'this week vs last' as const,
  unit,
  why: 'Shows whether use is growing or fading, before it moves the 12-week level.',
  anchor: 'The 7-day window of GitHub Copilot and ChatGPT Enterprise reports; a plain difference, not a percentage, since a percentage of a small number misleads.',
}));

export const TREND_DEFINITION: MetricDefinition = {
  id: 'trend',
  name: 'Weekly trend',
  description: 'Prompts and active days in each of the last 12 weeks.',
  formula: `For each of the ${LEVEL_WEEKS} calendar weeks of the usage level (oldest first, the current week up to today): prompts sent and days with at least one prompt, over every tool and device.`,
  window: '12 weeks',
  unit: 'prompts and days per week',
  why: 'Shows the weeks behind the usage level, so a person can see which weeks made them habitual or not.',
  anchor: 'The weekly series of the Copilot Dashboard, on the same calendar weeks as the level.',
};

/** Every definition, in the order the docs present them. */
export const ALL_DEFINITIONS: readonly MetricDefinition[] = [
  LEVEL_DEFINITION,
  ...DIMENSION_DEFINITIONS,
  ACTIVE_DAYS_DEFINITION,
  ...TOOL_DEFINITIONS,
  ...WEEK_CHANGE_DEFINITIONS,
  TREND_DEFINITION,
];

export function dimensionDefinition(id: DimensionId): DimensionDefinition {
  const def = DIMENSION_DEFINITIONS.find((d) => d.id === id);
  // Unreachable while definitions.test.ts holds: every DIMENSIONS id has exactly one definition.
  if (!def) throw new Error(`No definition for the dimension "${id}": add it to DIMENSION_DEFINITIONS in src/metrics/definitions.ts.`);
  return def;
}
