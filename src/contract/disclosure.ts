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

/**
 * What team sync sends, field by field, once a week and only when it is on.
 * The welcome page renders this table and the README repeats it;
 * disclosure.test.ts holds both to the fields of MemberSnapshot
 * (src/contract/sync.ts), so a new field cannot be sent unannounced.
 */
export const SYNC_SENT: ReadonlyArray<readonly [field: string, what: string]> = [
  ['v', 'The format version of the snapshot.'],
  ['week', 'The ISO week it covers, such as 2026-W48: nothing finer than a week.'],
  ['team', 'The team path your organisation set (or you entered), such as acme/sales.'],
  ['pseudonym', 'A random name drawn for that week alone, so one week cannot be linked to another.'],
  ['withdrawalHash', 'A one-way hash of a secret that stays on this device; with the secret, you can withdraw the week.'],
  ['level', 'Your usage level over the 12 weeks ending with that week (non-user, low, novice, habitual, power).'],
  ['activeDays', 'How many days of that week you sent at least one prompt (0–7).'],
  ['prompts', 'How many prompts you sent that week, as a range (0, 1–4, 5–14, 15–49, 50–149, 150+), never the exact count.'],
  ['dimensions', 'The seven depth scores of the 28 days ending that Sunday, each rounded to tens.'],
  ['tools', 'Which AI tools you sent a prompt to that week (ids such as chatgpt).'],
  ['features', 'Which features you used that week (such as web_search).'],
  ['extensionVersion', 'The extension’s major.minor version.'],
];

/** How sync works, in plain words (welcome page and README). */
export const SYNC_FACTS: readonly string[] = [
  'Off unless your organisation turns it on through policy, or you turn it on yourself under “Share with my team” in the settings.',
  'At most one snapshot a week, for a week that has ended (after your Sunday), to your organisation’s own Leadline collector, whose address the settings and the popup show.',
  'Every week gets a new random pseudonym, drawn on this device from nothing about you, so the collector cannot link one week to another. Your team lead sees only team figures, and only for groups of at least five people.',
  'The popup and the settings show exactly what is sent (“See exactly what is sent”), when it last went, and what went wrong.',
  '“Delete everything” in the settings first withdraws the snapshots of weeks still open at the collector, then deletes the secrets; turning sharing off stops it at once.',
];
