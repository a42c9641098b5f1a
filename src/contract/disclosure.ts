/**
 * What Leadline records, keeps and sends, in plain words: the one text behind
 * both the welcome page and the popup's "What is recorded". Each entry is a
 * message in every locale (`disclosure_<id>` in assets/public/_locales); a
 * test holds the English messages equal to these texts, and both pages render
 * the sections below through those messages, so neither page can say
 * something the other does not. disclosure.test.ts checks that this text and
 * the README name every event kind, feature and bucket the contract allows.
 */
export const DISCLOSURE_TEXT = {
  recorded_heading: 'What is recorded',
  recorded_intro: 'On approved AI tools only, small usage events: counts and sizes, never any text.',
  recorded_tool_what: 'Which AI tool',
  recorded_tool_details: 'The tool id, such as chatgpt or claude.',
  recorded_time_what: 'When',
  recorded_time_details: 'The time, rounded down to the minute.',
  recorded_prompt_what: 'Prompt sent',
  recorded_prompt_details: 'A size bucket (xs under 50 characters … xl over 4,000), how many files were attached, whether it was an edit, and its turn number in the conversation.',
  recorded_response_what: 'Response finished',
  recorded_response_details: 'A size bucket, whether it contained a code block, and how long it took (a bucket).',
  recorded_actions_what: 'Other actions',
  recorded_actions_details: 'Response stopped, regenerated or copied; a conversation started; thumbs up or down; a feature used (file upload, web search, image generation, data analysis, canvas or artifacts, deep research, agent, voice, custom assistant).',
  recorded_engaged_what: 'Engaged time',
  recorded_engaged_details: 'Seconds when the tool tab was visible and focused and you had interacted in the last minute.',
  recorded_conversation_what: 'A conversation key',
  recorded_conversation_details: 'A one-way keyed hash of the conversation id, made with a secret that never leaves this device. It lets turns be counted; it cannot be turned back into the id.',
  never_heading: 'What is never recorded',
  never_text: 'Prompt text or response text',
  never_pages: 'Page titles, URLs, URL paths or queries',
  never_ids: 'Conversation ids, file names or file contents',
  never_other_sites: 'Anything from pages that are not approved AI tools, or from tools you or your organisation turned off: not even that you opened them',
  never_input: 'Keystrokes, screenshots or DOM snippets',
  never_incognito: 'Anything in private (incognito) windows',
  kept_heading: 'What is kept, and for how long',
  kept_events_what: 'Raw events',
  kept_events_details: 'The events above. Deleted after 30 days by default; you or your organisation can choose 7 to 365 days.',
  kept_rollups_what: 'Daily totals',
  kept_rollups_details: 'One row per tool and day, holding counts only (prompts, conversations, copies, features used…). Kept 13 months; your figures are computed from them.',
  kept_health_what: 'Adapter health',
  kept_health_details: 'Per tool and day, whether Leadline could still read the site\'s layout. Kept as long as raw events.',
  kept_links_what: 'Conversation links',
  kept_links_details: 'A new chat\'s first key and the one it got later. Kept until no kept event uses either key.',
  kept_counters_what: 'Counters',
  kept_counters_details: 'How many events were dropped, and why. Kept 30 days.',
  health_heading: 'Adapter health',
  health_text: 'AI sites change their pages. For each tool and day, Leadline notes which of its page selectors still matched and how many errors it caught, so that IT can see when a site redesign broke recording. It holds counts, never content.',
  device_heading: 'The device id',
  device_text: 'Your daily totals carry a random id made when Leadline was installed. It only tells this browser\'s rows apart from another computer\'s when you import a file; it says nothing about you, and a new one is made when you delete everything.',
  controls_heading: 'Your controls',
  controls_pause: 'Pause: from the Leadline button in the toolbar, for an hour, until tomorrow or until you resume. Nothing is stored while paused.',
  controls_export: 'Export: everything as one JSON file, and the daily totals as CSV, from the settings page.',
  controls_import: 'Import: bring your history to a new computer. Importing the same file twice changes nothing.',
  controls_delete: 'Delete: everything Leadline keeps about you, after a confirmation, from the settings page.',
  sync_heading: 'Team sync',
  sync_off: 'Team sync is off: nothing leaves this device.',
  sync_on: 'Team sync is on: your organisation has turned it on.',
  sync_sends_intro: 'When it is on, Leadline sends one snapshot per ISO week (Monday to Sunday) to your organisation\'s collector, and nowhere else. A snapshot holds:',
  sync_sends_pseudonym: 'a pseudonym that is new every week, so weeks cannot be linked to each other or to you',
  sync_sends_level: 'your usage level and your number of active days',
  sync_sends_prompts: 'your number of prompts as a range, not the exact count',
  sync_sends_scores: 'the seven depth scores, rounded to tens',
  sync_sends_tools: 'which tools and features you used',
  sync_sends_version: 'the version of the extension (major.minor)',
  sync_withdraw: 'You can withdraw a snapshot until its week closes. Teams smaller than the minimum group size are never shown.',
  contact_heading: 'Who to ask',
  contact_set: 'Questions about Leadline and your data: $1',
  contact_none: 'Your organisation has not named a privacy contact here: ask your IT team.',
} as const;

export type DisclosureId = keyof typeof DISCLOSURE_TEXT;

/** A table of what / details rows, or a list of items, under a heading. */
export type DisclosureSection =
  | { id: string; heading: DisclosureId; intro?: DisclosureId; rows: ReadonlyArray<readonly [DisclosureId, DisclosureId]> }
  | { id: string; heading: DisclosureId; intro?: DisclosureId; items: readonly DisclosureId[]; outro?: DisclosureId };

const RECORDED_ROWS = (['tool', 'time', 'prompt', 'response', 'actions', 'engaged', 'conversation'] as const).map(
  (k) => [`recorded_${k}_what`, `recorded_${k}_details`] as const,
);
const NEVER_ITEMS = ['never_text', 'never_pages', 'never_ids', 'never_other_sites', 'never_input', 'never_incognito'] as const;
const KEPT_ROWS = (['events', 'rollups', 'health', 'links', 'counters'] as const).map((k) => [`kept_${k}_what`, `kept_${k}_details`] as const);

export const RECORDED_SECTION: DisclosureSection = { id: 'recorded', heading: 'recorded_heading', intro: 'recorded_intro', rows: RECORDED_ROWS };
export const NEVER_SECTION: DisclosureSection = { id: 'never', heading: 'never_heading', items: NEVER_ITEMS };
export const KEPT_SECTION: DisclosureSection = { id: 'kept', heading: 'kept_heading', rows: KEPT_ROWS };
export const HEALTH_SECTION: DisclosureSection = { id: 'health', heading: 'health_heading', items: ['health_text'] };
export const DEVICE_SECTION: DisclosureSection = { id: 'device', heading: 'device_heading', items: ['device_text'] };
export const CONTROLS_SECTION: DisclosureSection = {
  id: 'controls',
  heading: 'controls_heading',
  items: ['controls_pause', 'controls_export', 'controls_import', 'controls_delete'],
};
/** What a weekly snapshot holds (src/contract/sync.ts MemberSnapshot), when the organisation turns sync on. */
export const SYNC_SECTION: DisclosureSection = {
  id: 'sync',
  heading: 'sync_heading',
  intro: 'sync_sends_intro',
  items: ['sync_sends_pseudonym', 'sync_sends_level', 'sync_sends_prompts', 'sync_sends_scores', 'sync_sends_tools', 'sync_sends_version'],
  outro: 'sync_withdraw',
};

/** The popup shows the first three, one click away; the welcome page shows them all, in this order. */
export const POPUP_DISCLOSURE: readonly DisclosureSection[] = [RECORDED_SECTION, NEVER_SECTION, KEPT_SECTION];
export const WELCOME_DISCLOSURE: readonly DisclosureSection[] = [
  RECORDED_SECTION,
  NEVER_SECTION,
  KEPT_SECTION,
  HEALTH_SECTION,
  DEVICE_SECTION,
  CONTROLS_SECTION,
  SYNC_SECTION,
];

/** Every id a section uses, in order. */
export function sectionIds(section: DisclosureSection): DisclosureId[] {
  const body = 'rows' in section ? section.rows.flat() : [...section.items, ...(section.outro ? [section.outro] : [])];
  return [section.heading, ...(section.intro ? [section.intro] : []), ...body];
}

/** The recorded fields as [what, details] pairs (kept for the README check and older callers). */
export const RECORDED: ReadonlyArray<readonly [string, string]> = RECORDED_ROWS.map(([w, d]) => [DISCLOSURE_TEXT[w], DISCLOSURE_TEXT[d]] as const);
export const NEVER_RECORDED: readonly string[] = NEVER_ITEMS.map((id) => DISCLOSURE_TEXT[id]);

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
