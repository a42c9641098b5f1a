/**
 * What Leadline records, keeps and sends, in plain words: which texts, in
 * which sections, and the figures they state. The words are messages
 * (`disclosure_<id>` in assets/public/_locales/<lang>/messages.json, English
 * the source, Georgian beside it); a figure they state (how many days a kind
 * of row is kept) is not written in any message but substituted from the
 * constants below, the same constants retention runs on. The popup, the
 * welcome page, the sync panel and the README's generated blocks all render
 * these sections through DisclosureView / disclosureMarkdown, so none of them
 * can say something the others do not, nor a figure the code does not keep.
 */

/** Days a drop counter is kept (one row per reason and day). */
export const COUNTER_DAYS = 30;
/** A daily rollup is kept 13 months: ROLLUP_DAYS, with a margin for a prune that runs late. */
export const ROLLUP_MONTHS = 13;
/** Days a daily rollup is kept: 13 months and a margin for a prune that runs late. */
export const ROLLUP_DAYS = 400;
/** Default and range of the raw-event retention (the rawRetentionDays setting). */
export const RAW_DAYS = { default: 30, min: 7, max: 365 } as const;

const RECORDED_KEYS = ['tool', 'time', 'prompt', 'response', 'actions', 'engaged', 'conversation'] as const;
const NEVER_ITEMS = ['never_text', 'never_pages', 'never_ids', 'never_other_sites', 'never_input', 'never_incognito'] as const;
const KEPT_KEYS = ['events', 'rollups', 'health', 'links', 'counters'] as const;
const SYNC_ITEMS = [
  'sync_sends_week',
  'sync_sends_team',
  'sync_sends_pseudonym',
  'sync_sends_withdrawal',
  'sync_sends_level',
  'sync_sends_prompts',
  'sync_sends_scores',
  'sync_sends_tools',
  'sync_sends_version',
] as const;

/** Every text of the disclosure; each is the message `disclosure_<id>`. */
export const DISCLOSURE_IDS = [
  'recorded_heading',
  'recorded_intro',
  ...RECORDED_KEYS.flatMap((k) => [`recorded_${k}_what`, `recorded_${k}_details`] as const),
  'never_heading',
  ...NEVER_ITEMS,
  'kept_heading',
  ...KEPT_KEYS.flatMap((k) => [`kept_${k}_what`, `kept_${k}_details`] as const),
  'health_heading',
  'health_text',
  'device_heading',
  'device_text',
  'controls_heading',
  'controls_pause',
  'controls_export',
  'controls_import',
  'controls_delete',
  'sync_heading',
  'sync_off',
  'sync_on_policy',
  'sync_on_user',
  'sync_sends_intro',
  ...SYNC_ITEMS,
  'sync_withdraw',
  'contact_heading',
  'contact_set',
  'contact_none',
] as const;

export type DisclosureId = (typeof DISCLOSURE_IDS)[number];

/**
 * The figures a text states, in the order of its `$1`, `$2`…: the one place
 * each of them is written. A test holds every locale's message to exactly
 * these placeholders, and these figures to the code that keeps and sends.
 */
export const DISCLOSURE_FIGURES: Partial<Record<DisclosureId, readonly number[]>> = {
  kept_events_details: [RAW_DAYS.default, RAW_DAYS.min, RAW_DAYS.max],
  kept_rollups_details: [ROLLUP_MONTHS, ROLLUP_DAYS],
  kept_counters_details: [COUNTER_DAYS],
};

/** A table of what / details rows, or a list of items, under a heading. */
export type DisclosureSection =
  | { id: string; heading: DisclosureId; intro?: DisclosureId; rows: ReadonlyArray<readonly [DisclosureId, DisclosureId]> }
  | { id: string; heading: DisclosureId; intro?: DisclosureId; items: readonly DisclosureId[]; outro?: DisclosureId };

const RECORDED_ROWS = RECORDED_KEYS.map((k) => [`recorded_${k}_what`, `recorded_${k}_details`] as const);
const KEPT_ROWS = KEPT_KEYS.map((k) => [`kept_${k}_what`, `kept_${k}_details`] as const);

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
/** What a weekly snapshot holds (src/contract/sync.ts MemberSnapshot), when sync is on. */
export const SYNC_SECTION: DisclosureSection = {
  id: 'sync',
  heading: 'sync_heading',
  intro: 'sync_sends_intro',
  items: SYNC_ITEMS,
  outro: 'sync_withdraw',
};

/**
 * Which text tells of each field of a weekly snapshot (MemberSnapshot in
 * src/contract/sync.ts). A test holds the keys to the schema's fields, so a
 * field cannot be sent without a text that announces it.
 */
export const SYNC_FIELD_TEXT = {
  v: 'sync_sends_version',
  week: 'sync_sends_week',
  team: 'sync_sends_team',
  pseudonym: 'sync_sends_pseudonym',
  withdrawalHash: 'sync_sends_withdrawal',
  level: 'sync_sends_level',
  activeDays: 'sync_sends_level',
  prompts: 'sync_sends_prompts',
  dimensions: 'sync_sends_scores',
  tools: 'sync_sends_tools',
  features: 'sync_sends_tools',
  extensionVersion: 'sync_sends_version',
} as const satisfies Record<string, (typeof SYNC_ITEMS)[number]>;

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
