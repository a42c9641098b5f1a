/**
 * What Leadline records and what it never records, in plain words. The welcome
 * page renders this list; disclosure.test.ts checks that it and the README name
 * every event kind, feature and bucket the contract allows, so the promise
 * people read cannot fall behind the schema.
 */
export const RECORDED: ReadonlyArray<readonly [string, string]> = [
  ['Which AI tool', 'The tool id, such as chatgpt or claude.'],
  ['When', 'The time, rounded down to the minute.'],
  ['Prompt sent', 'A size bucket (xs under 50 characters … xl over 4,000), how many files were attached, whether it was an edit, and its turn number in the conversation.'],
  ['Response finished', 'A size bucket, whether it contained a code block, and how long it took (a bucket).'],
  ['Other actions', 'Response stopped, regenerated or copied; a conversation started; thumbs up or down; a feature used (file upload, web search, image generation, data analysis, canvas or artifacts, deep research, agent, voice, custom assistant).'],
  ['Engaged time', 'Seconds when the tool tab was visible and focused and you had interacted in the last minute.'],
  ['A conversation key', 'A one-way keyed hash of the conversation id, made with a secret that never leaves this device. It lets turns be counted; it cannot be turned back into the id.'],
];

export const NEVER_RECORDED: readonly string[] = [
  'Prompt text or response text',
  'Page titles, URLs, URL paths or queries',
  'Conversation ids, file names or file contents',
  'Anything from pages that are not approved AI tools, or from tools you or your organisation turned off: not even that you opened them',
  'Keystrokes, screenshots or DOM snippets',
  'Anything in private (incognito) windows',
];

/** Days a drop counter is kept (one row per reason and day). */
export const COUNTER_DAYS = 30;
/** Days a daily rollup is kept: 13 months and a margin for a prune that runs late. */
export const ROLLUP_DAYS = 400;
/** Default and range of the raw-event retention (the rawRetentionDays setting). */
export const RAW_DAYS = { default: 30, min: 7, max: 365 } as const;

/**
 * How long each kind of row lives, one entry per table that holds anything
 * about use. The welcome page renders it; the README states the same; a test
 * checks both against the constants retention runs on.
 */
export const KEPT_FOR: ReadonlyArray<readonly [string, string]> = [
  ['Events', `${RAW_DAYS.default} days after the day they happened (you or your organisation can set ${RAW_DAYS.min} to ${RAW_DAYS.max}).`],
  ['Adapter health (per tool and day: whether the page could be read)', 'As long as events: it says which days a tool was opened, as they do.'],
  ['Conversation links (a new chat’s first key and the one it got later)', 'Until no kept event uses either key.'],
  ['Counts of refused messages (per reason and day, never naming a tool)', `${COUNTER_DAYS} days.`],
  ['Daily totals (one row per tool and day, counts only)', `13 months (${ROLLUP_DAYS} days), measured from your most recent day.`],
];
