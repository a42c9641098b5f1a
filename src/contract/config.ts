import { z } from 'zod';
import { TOOL_ID_PATTERN } from './events';
import { TeamPath } from './sync';
import { RAW_DAYS } from './disclosure';

/** A team path (src/contract/sync.ts), or '' for none set. One string type, so the managed schema stays a plain string. */
const TeamSetting = z
  .string()
  .refine((s) => s === '' || TeamPath.safeParse(s).success, 'a team path is 1–6 segments of lowercase letters, digits and hyphens (no leading hyphen), joined by /, such as acme/finance-emea');

/**
 * Every setting of Leadline, in one place. Precedence: managed policy, then
 * the person's own setting (where allowed), then the default. Each setting is
 * validated on its own, so one bad policy value is reported and replaced by
 * its fallback while every other value still applies.
 *
 * This table is the source of the managed-storage schema, the policy
 * templates (ADMX/ADML, .reg, .mobileconfig, Linux and Firefox JSON) and
 * docs/deploy.md.
 */

export const BUILT_IN_IDS = ['chatgpt', 'claude', 'gemini', 'copilot', 'perplexity', 'deepseek', 'mistral', 'poe'] as const;

const ToolIdSetting = z.string().regex(TOOL_ID_PATTERN, 'a tool id is 2–32 lowercase letters, digits or dashes');

/** A CSS selector, as data. Length-bounded; validity is checked where a DOM exists. */
const Selector = z.string().min(1).max(300);
const Chain = z.array(Selector).min(1).max(20);
export const SELECTOR_CHAIN_KEYS = [
  'composer',
  'send',
  'stop',
  'streaming',
  'userTurn',
  'assistantTurn',
  'copy',
  'regenerate',
  'feedbackUp',
  'feedbackDown',
  'fileInput',
  'newChat',
  'root',
] as const;
export const SelectorPatch = z.partialRecord(z.enum(SELECTOR_CHAIN_KEYS), Chain);
export type SelectorPatch = z.infer<typeof SelectorPatch>;

/** `https://host/*` or `https://*.host/*`: what IT writes, and what the browser needs. */
const MATCH_PATTERN = /^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d{1,5})?\/\*$/;
const MatchPattern = z.string().regex(MATCH_PATTERN, 'a match pattern looks like https://llm.example.com/* or https://*.example.com/*');

export const CustomTool = z.strictObject({
  id: ToolIdSetting.refine((id) => !(BUILT_IN_IDS as readonly string[]).includes(id), 'this id belongs to a built-in tool'),
  name: z.string().min(1).max(60),
  matches: z.array(MatchPattern).min(1).max(10),
  selectors: SelectorPatch.optional(),
  /** Regular expressions over the URL path; the first group is the conversation id. */
  conversationPaths: z
    .array(
      z
        .string()
        .max(200)
        .refine((s) => {
          try {
            new RegExp(s);
            return true;
          } catch {
            return false;
          }
        }, 'not a valid regular expression'),
    )
    .max(5)
    .optional(),
});
export type CustomTool = z.infer<typeof CustomTool>;

/** An https:// page, or an email address (checked by zod's own email rule). */
const PrivacyContact = z
  .string()
  .max(320)
  .refine((s) => {
    if (s === '' || z.email().safeParse(s).success) return true;
    try {
      return new URL(s).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'the privacy contact must be an email address (privacy@example.com) or an https:// URL');

const CollectorUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    if (s === '') return true;
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
    } catch {
      return false;
    }
  }, 'the collector URL must be https://: http:// would send the snapshot and the enrollment code unencrypted, so it is allowed only for this computer (localhost, 127.0.0.1, [::1])');

type Example = unknown;
interface SettingDef<S extends z.ZodType> {
  schema: S;
  default: z.infer<S>;
  title: string;
  description: string;
  example: Example;
  /** The person may change it in the options page when policy does not set it. */
  userSettable: boolean;
  /** Secrets are shown masked in the options page. */
  secret?: boolean;
}

function setting<S extends z.ZodType>(def: SettingDef<S>): SettingDef<S> {
  return def;
}

export const SETTINGS = {
  approvedTools: setting({
    schema: z.array(ToolIdSetting).max(100),
    default: [...BUILT_IN_IDS],
    title: 'Approved AI tools',
    description:
      'The ids of the built-in tools to record. Tools not listed record nothing. Custom tools (customTools) are always approved.',
    example: ['chatgpt', 'claude', 'gemini', 'copilot'],
    userSettable: false,
  }),
  disabledTools: setting({
    schema: z.array(ToolIdSetting).max(120),
    default: [],
    title: 'Tools the person turned off',
    description:
      'Tools not recorded on this browser. People set this in the options page when allowUserDisableTools is true; policy can set it too.',
    example: ['poe'],
    userSettable: true,
  }),
  customTools: setting({
    schema: z.array(CustomTool).max(20),
    default: [],
    title: 'Custom AI tools',
    description:
      'AI tools your organisation adds, such as an internal LLM gateway. Each has an id, a name, URL match patterns, and optional selector chains and conversation-path patterns. Selectors are data, never code.',
    example: [
      {
        id: 'intranet-llm',
        name: 'Intranet LLM',
        matches: ['https://llm.example.com/*'],
        selectors: { composer: ['textarea#prompt'], send: ['button.send'] },
      },
    ],
    userSettable: false,
  }),
  selectorOverrides: setting({
    schema: z.record(ToolIdSetting, SelectorPatch),
    default: {},
    title: 'Selector overrides',
    description:
      'Per built-in tool, selector chains that take precedence over the shipped ones, to patch an adapter after a site redesign without waiting for a release.',
    example: { chatgpt: { composer: ['div#prompt-textarea'], send: ['button[data-testid="send-button"]'] } },
    userSettable: false,
  }),
  syncEnabled: setting({
    schema: z.boolean(),
    default: false,
    title: 'Team sync',
    description:
      'Send one anonymous snapshot a week (usage level, active days, a prompt-count bucket, seven depth scores rounded to tens, tools and features used) to the collector, under a pseudonym that is new every week. Off by default: nothing leaves the device. Where policy does not set it, the person may turn it on in the options page.',
    example: true,
    userSettable: true,
  }),
  collectorUrl: setting({
    schema: CollectorUrl,
    default: '',
    title: 'Collector URL',
    description: 'Base URL of your Leadline collector (https; http only for localhost).',
    example: 'https://leadline.example.com',
    userSettable: true,
  }),
  enrollmentToken: setting({
    schema: z.string().max(512),
    default: '',
    title: 'Enrollment token',
    description: 'The enrollment token (ll_enroll_…) the collector issued for your organisation or team.',
    example: 'll_enroll_2f7c9a0b41d8e6',
    userSettable: true,
    secret: true,
  }),
  teamId: setting({
    schema: TeamSetting,
    default: '',
    title: 'Team',
    description:
      'The team path this browser reports under, such as acme/finance/emea (1–6 segments of lowercase letters, digits and hyphens). Teams smaller than the minimum group size are never shown.',
    example: 'acme/finance-emea',
    userSettable: true,
  }),
  syncIntervalMinutes: setting({
    schema: z.number().int().min(15).max(1440),
    default: 60,
    title: 'Sync interval (minutes)',
    description: 'How often the sync job checks for a completed week to send (it sends at most one snapshot per week), 15 to 1440 minutes; each browser checks at its own random moment within the period.',
    example: 60,
    userSettable: false,
  }),
  allowUserPause: setting({
    schema: z.boolean(),
    default: true,
    title: 'Allow pausing',
    description: 'Whether people may pause recording from the popup.',
    example: true,
    userSettable: false,
  }),
  allowUserDisableTools: setting({
    schema: z.boolean(),
    default: true,
    title: 'Allow turning tools off',
    description: 'Whether people may turn individual tools off in the options page.',
    example: false,
    userSettable: false,
  }),
  rawRetentionDays: setting({
    // The figures the disclosure states (src/contract/disclosure.ts): said once, kept as said.
    schema: z.number().int().min(RAW_DAYS.min).max(RAW_DAYS.max),
    default: RAW_DAYS.default,
    title: 'Raw event retention (days)',
    description: `Days raw events are kept before only daily rollups remain, ${RAW_DAYS.min} to ${RAW_DAYS.max}.`,
    example: RAW_DAYS.default,
    userSettable: true,
  }),
  consentPreGranted: setting({
    schema: z.boolean(),
    default: false,
    title: 'Data consent pre-granted',
    description:
      "Firefox: your organisation grants the data-collection consent for sync on people's behalf (Firefox requires consent even for force-installed add-ons).",
    example: true,
    userSettable: false,
  }),
  showPersonalSummary: setting({
    schema: z.boolean(),
    default: true,
    title: 'Show the personal summary',
    description: 'Whether the popup shows people their own depth-of-use summary.',
    example: true,
    userSettable: false,
  }),
  privacyContact: setting({
    schema: PrivacyContact,
    default: '',
    title: 'Privacy contact',
    description:
      'Who people can ask about Leadline and their data: an email address or an https:// page. Shown on the welcome page and in the popup.',
    example: 'privacy@example.com',
    userSettable: false,
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
export type Config = { -readonly [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> };

export const DEFAULT_CONFIG: Config = Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].default])) as Config;

/** The whole configuration as one strict object (used by generators and docs). */
export const ConfigSchema = z.strictObject(
  Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].schema.optional()])) as {
    [K in SettingKey]: z.ZodOptional<(typeof SETTINGS)[K]['schema']>;
  },
);

export type Source = 'policy' | 'user' | 'default';

export interface ConfigWarning {
  key: string;
  source: 'policy' | 'user';
  /** Why the value was not used, in words an IT admin can act on. */
  reason: string;
  /** What was used instead, and where it came from. */
  usedInstead: string;
}

export interface ResolvedConfig {
  values: Config;
  sources: Record<SettingKey, Source>;
  warnings: ConfigWarning[];
}

function describeIssue(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * Merges policy, the person's settings and defaults, key by key. Never throws:
 * anything malformed becomes a warning and the next source in line is used.
 */
export function resolveConfig(managed: unknown, user: unknown): ResolvedConfig {
  const values = { ...DEFAULT_CONFIG } as Record<SettingKey, unknown>;
  const sources = Object.fromEntries(SETTING_KEYS.map((k) => [k, 'default'])) as Record<SettingKey, Source>;
  const warnings: ConfigWarning[] = [];
  const policy = isRecord(managed) ? managed : {};
  const mine = isRecord(user) ? user : {};
  if (managed !== undefined && managed !== null && !isRecord(managed)) {
    warnings.push({ key: '(policy)', source: 'policy', reason: 'the policy is not an object', usedInstead: 'no policy' });
  }
  for (const key of Object.keys(policy)) {
    if (!(key in SETTINGS)) {
      warnings.push({ key, source: 'policy', reason: 'not a Leadline setting (check the spelling)', usedInstead: 'ignored' });
    }
  }
  for (const key of SETTING_KEYS) {
    const def = SETTINGS[key];
    const fallbacks: [Source, unknown][] = [];
    if (key in policy) fallbacks.push(['policy', policy[key]]);
    if (def.userSettable && key in mine) fallbacks.push(['user', mine[key]]);
    const rejected: { source: 'policy' | 'user'; reason: string }[] = [];
    for (const [source, raw] of fallbacks) {
      const parsed = def.schema.safeParse(lenient(key, raw, source as 'policy' | 'user', warnings));
      if (parsed.success) {
        values[key] = parsed.data;
        sources[key] = source;
        break;
      }
      rejected.push({ source: source as 'policy' | 'user', reason: describeIssue(parsed.error) });
    }
    if (key === 'approvedTools' && rejected.some((r) => r.source === 'policy') && sources[key] === 'default') {
      // Fails closed: an approval list IT got wrong must not approve every tool.
      values[key] = [];
      sources[key] = 'policy';
      warnings.push({
        key,
        source: 'policy',
        reason: rejected[0]!.reason,
        usedInstead: 'no built-in tool is recorded until the policy value is fixed (custom tools still are)',
      });
      continue;
    }
    for (const r of rejected) {
      warnings.push({
        key,
        source: r.source,
        reason: r.reason,
        usedInstead: `${JSON.stringify(values[key])} (${sources[key] === 'default' ? 'the default' : `from ${sources[key]}`})`,
      });
    }
  }
  const config = values as Config;
  // Cross-setting rule: with allowUserDisableTools off, only policy can turn tools off.
  if (!config.allowUserDisableTools && sources.disabledTools === 'user') {
    config.disabledTools = [];
    sources.disabledTools = 'default';
  }
  // Tool ids that name no tool are kept (a later release may add them) but reported.
  const known = new Set<string>([...BUILT_IN_IDS, ...config.customTools.map((t) => t.id)]);
  for (const key of ['approvedTools', 'disabledTools'] as const) {
    const unknown = config[key].filter((id) => !known.has(id));
    if (unknown.length > 0 && sources[key] !== 'default') {
      warnings.push({ key, source: sources[key] as 'policy' | 'user', reason: `unknown tool id ${unknown.map((u) => `"${u}"`).join(', ')}`, usedInstead: 'the known ids in the list' });
    }
  }
  // Custom tools must not reuse each other's ids.
  const seen = new Set<string>();
  config.customTools = config.customTools.filter((t) => {
    if (seen.has(t.id)) {
      warnings.push({ key: 'customTools', source: 'policy', reason: `two custom tools share the id "${t.id}"`, usedInstead: 'the first one' });
      return false;
    }
    seen.add(t.id);
    return true;
  });
  return { values: config, sources, warnings };
}

/**
 * Lists and maps are judged entry by entry: one malformed custom tool or tool id
 * is dropped with its own warning, and the rest of the list still applies.
 */
function lenient(key: SettingKey, raw: unknown, source: 'policy' | 'user', warnings: ConfigWarning[]): unknown {
  const schema = SETTINGS[key].schema as z.ZodType;
  const def = (schema as unknown as { def: { type: string; element?: z.ZodType; valueType?: z.ZodType } }).def;
  if (def.type === 'array' && def.element && Array.isArray(raw)) {
    return raw.filter((item, i) => {
      const r = def.element!.safeParse(item);
      if (!r.success) warnings.push({ key: `${key}[${i}]`, source, reason: describeIssue(r.error), usedInstead: 'this entry is skipped; the others apply' });
      return r.success;
    });
  }
  if (def.type === 'record' && def.valueType && isRecord(raw)) {
    return Object.fromEntries(
      Object.entries(raw).filter(([k, v]) => {
        const r = def.valueType!.safeParse(v);
        if (!r.success) warnings.push({ key: `${key}.${k}`, source, reason: describeIssue(r.error), usedInstead: 'this entry is skipped; the others apply' });
        return r.success;
      }),
    );
  }
  return raw;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The tools recorded right now: approved built-ins and custom tools, minus those turned off. */
export { recordedToolIds } from './recorded-tools';
