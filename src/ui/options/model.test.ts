import { describe, expect, it } from 'vitest';
import en from '../../../assets/public/_locales/en/messages.json';
import { resolveConfig, SETTINGS, SETTING_KEYS, type ResolvedConfig } from '../../contract/config';
import { assessHealth, type ToolHealth } from '../../tools/health';
import {
  configRows,
  engagedMinutes,
  exportFileName,
  exportMimeType,
  formatValue,
  healthRows,
  healthWhy,
  hostOfPattern,
  hostsLabel,
  importAddedParts,
  importFailureKey,
  importOutcome,
  importTooLarge,
  isLocked,
  MASK,
  MAX_IMPORT_BYTES,
  nextDisabledTools,
  parseWholeNumber,
  SETTING_TITLE_KEYS,
  sourceLabel,
  statusLabel,
  toolRows,
  windowStartDay,
} from './model';

const BUILT_INS = [
  { id: 'chatgpt', name: 'ChatGPT' },
  { id: 'claude', name: 'Claude' },
  { id: 'gemini', name: 'Gemini' },
];
const INTRANET = { id: 'intranet-llm', name: 'Intranet LLM', matches: ['https://llm.example.com/*', 'https://*.llm.example.com/*'] };

const resolved = (policy: unknown, user: unknown = {}): ResolvedConfig => resolveConfig(policy, user);
const byId = (c: ResolvedConfig) => Object.fromEntries(toolRows(c, BUILT_INS).map((r) => [r.id, r]));

describe('toolRows', () => {
  it('lists built-ins then custom tools, all unlocked and recorded by default', () => {
    const rows = toolRows(resolved({ customTools: [INTRANET] }), BUILT_INS);
    expect(rows.map((r) => r.id)).toEqual(['chatgpt', 'claude', 'gemini', 'intranet-llm']);
    expect(rows.every((r) => r.recorded && r.lock === null)).toBe(true);
    expect(rows[3]).toMatchObject({ custom: true, matches: INTRANET.matches });
    expect(rows[0]).toMatchObject({ custom: false, matches: [] });
  });

  it('unticks tools the person turned off', () => {
    const rows = byId(resolved(undefined, { disabledTools: ['claude'] }));
    expect(rows.claude!.recorded).toBe(false);
    expect(rows.chatgpt!.recorded).toBe(true);
  });

  it('locks every tool when policy sets disabledTools', () => {
    const rows = byId(resolved({ disabledTools: ['gemini'] }));
    expect(Object.values(rows).map((r) => r.lock)).toEqual(['managed', 'managed', 'managed']);
    expect(rows.gemini!.recorded).toBe(false);
  });

  it('locks every tool when people may not turn tools off', () => {
    const rows = toolRows(resolved({ allowUserDisableTools: false, customTools: [INTRANET] }), BUILT_INS);
    expect(rows.map((r) => r.lock)).toEqual(['managed', 'managed', 'managed', 'managed']);
  });

  it('marks built-ins missing from a policy approvedTools as not approved, and unrecorded', () => {
    const rows = byId(resolved({ approvedTools: ['chatgpt'], customTools: [INTRANET] }));
    expect(rows.chatgpt).toMatchObject({ lock: null, recorded: true });
    expect(rows.claude).toMatchObject({ lock: 'notApproved', recorded: false });
    expect(rows.gemini).toMatchObject({ lock: 'notApproved', recorded: false });
    // Custom tools are always approved.
    expect(rows['intranet-llm']).toMatchObject({ lock: null, recorded: true });
  });

  it('prefers "not approved" over the general lock for unapproved built-ins', () => {
    const rows = byId(resolved({ approvedTools: ['chatgpt'], allowUserDisableTools: false }));
    expect(rows.chatgpt!.lock).toBe('managed');
    expect(rows.claude!.lock).toBe('notApproved');
  });
});

describe('nextDisabledTools', () => {
  it('adds a tool switched off, once', () => {
    expect(nextDisabledTools(['poe'], 'claude', false)).toEqual(['poe', 'claude']);
    expect(nextDisabledTools(['claude'], 'claude', false)).toEqual(['claude']);
  });
  it('removes a tool switched on and keeps the rest, unknown ids included', () => {
    expect(nextDisabledTools(['future-tool', 'claude', 'poe'], 'claude', true)).toEqual(['future-tool', 'poe']);
    expect(nextDisabledTools([], 'claude', true)).toEqual([]);
  });
});

describe('hosts', () => {
  it('shows the host of a match pattern', () => {
    expect(hostOfPattern('https://llm.example.com/*')).toBe('llm.example.com');
    expect(hostOfPattern('https://*.example.com:8443/*')).toBe('*.example.com:8443');
  });
  it('joins distinct hosts', () => {
    expect(hostsLabel(['https://a.example.com/*', 'https://b.example.com/*', 'https://a.example.com/*'])).toBe('a.example.com, b.example.com');
  });
});

describe('isLocked', () => {
  it('is locked when policy sets the key or people may never set it', () => {
    expect(isLocked(resolved(undefined), 'rawRetentionDays')).toBe(false);
    expect(isLocked(resolved({ rawRetentionDays: 90 }), 'rawRetentionDays')).toBe(true);
    expect(isLocked(resolved(undefined), 'collectorUrl')).toBe(false);
    expect(isLocked(resolved(undefined), 'approvedTools')).toBe(true);
  });
  it('is not locked when the policy value was invalid and fell back', () => {
    const c = resolved({ rawRetentionDays: 3 });
    expect(c.sources.rawRetentionDays).toBe('default');
    expect(isLocked(c, 'rawRetentionDays')).toBe(false);
  });
});

describe('formatValue', () => {
  it('shows JSON', () => {
    expect(formatValue('rawRetentionDays', 30)).toBe('30');
    expect(formatValue('syncEnabled', false)).toBe('false');
    expect(formatValue('collectorUrl', 'https://x.example')).toBe('"https://x.example"');
    expect(formatValue('disabledTools', ['poe'])).toBe('["poe"]');
  });
  it('indents nested or very long values, keeps flat lists on one line', () => {
    const out = formatValue('customTools', [INTRANET]);
    expect(out).toContain('\n');
    expect(JSON.parse(out)).toEqual([INTRANET]);
    expect(formatValue('approvedTools', ['chatgpt', 'claude', 'gemini', 'copilot', 'perplexity', 'deepseek', 'mistral', 'poe'])).not.toContain('\n');
    expect(formatValue('selectorOverrides', {})).toBe('{}');
    expect(formatValue('approvedTools', Array.from({ length: 20 }, (_, i) => `tool-${i}`))).toContain('\n');
  });
  it('masks secrets unless empty', () => {
    expect(formatValue('enrollmentToken', 'llt_secret')).toBe(MASK);
    expect(formatValue('enrollmentToken', 'llt_secret')).not.toContain('llt');
    expect(formatValue('enrollmentToken', '')).toBe('""');
  });
});

describe('labels', () => {
  it('names sources and statuses', () => {
    expect(sourceLabel('policy')).toBe('Policy');
    expect(sourceLabel('user')).toBe('Your setting');
    expect(sourceLabel('default')).toBe('Default');
    expect(statusLabel('no_data')).toBe('No data');
    expect(statusLabel('stale')).toBe('Stale');
  });
});

describe('configRows', () => {
  it('has one row per setting, with its source and masked secrets', () => {
    const c = resolved({ enrollmentToken: 'llt_abc', rawRetentionDays: 60 }, { disabledTools: ['poe'] });
    const rows = Object.fromEntries(configRows(c).map((r) => [r.key, r]));
    expect(Object.keys(rows)).toContain('showPersonalSummary');
    expect(rows.enrollmentToken).toMatchObject({ value: MASK, source: 'policy', sourceLabel: 'Policy' });
    expect(rows.rawRetentionDays).toMatchObject({ value: '60', sourceLabel: 'Policy', title: 'Raw event retention (days)' });
    expect(rows.disabledTools).toMatchObject({ value: '["poe"]', sourceLabel: 'Your setting' });
    expect(rows.teamId).toMatchObject({ value: '""', sourceLabel: 'Default' });
  });
});

describe('health', () => {
  it('starts the 7-day window six local days before today', () => {
    expect(windowStartDay(new Date(2025, 2, 31, 12).getTime())).toBe('2025-03-25');
    expect(windowStartDay(new Date(2025, 0, 3, 0, 30).getTime())).toBe('2024-12-28');
    expect(windowStartDay(new Date(2025, 0, 3).getTime(), 1)).toBe('2025-01-03');
  });
  it('rounds engaged minutes', () => {
    expect(engagedMinutes(0)).toBe(0);
    expect(engagedMinutes(89)).toBe(1);
    expect(engagedMinutes(90)).toBe(2);
  });
  it('builds one row per tool from the assessment', () => {
    const rows = healthRows(BUILT_INS, (id) =>
      assessHealth(id, [{ key: `${id}|2025-01-01`, tool: 'chatgpt', day: '2025-01-01', engagedSeconds: 1200, prompts: 0, errors: 0, snapshots: 1, chains: {} }]),
    );
    expect(rows.map((r) => r.id)).toEqual(['chatgpt', 'claude', 'gemini']);
    expect(rows[0]).toMatchObject({ status: 'stale', statusLabel: 'Stale', minutes: 20, prompts: 0 });
    expect(rows[1]).toMatchObject({ status: 'no_data', statusLabel: 'No data', minutes: 0 });
  });
});

describe('parseWholeNumber', () => {
  it('accepts whole numbers only', () => {
    expect(parseWholeNumber(' 30 ')).toBe(30);
    expect(parseWholeNumber('3')).toBe(3);
    expect(parseWholeNumber('')).toBeNull();
    expect(parseWholeNumber('7.5')).toBeNull();
    expect(parseWholeNumber('-7')).toBeNull();
    expect(parseWholeNumber('1e3')).toBeNull();
  });
});

describe('translated titles and health details', () => {
  it('has a message for every setting, equal in English to the contract title', () => {
    const messages = en as Record<string, { message: string }>;
    for (const key of SETTING_KEYS) expect(messages[SETTING_TITLE_KEYS[key]]?.message, key).toBe(SETTINGS[key].title);
  });

  it('explains each health status from its figures, as the assessment does in English', () => {
    const base: ToolHealth = { tool: 'x', status: 'ok', engagedSeconds: 0, prompts: 0, fallbacks: [], missing: [], errors: 0, why: '' };
    expect(healthWhy({ ...base, status: 'no_data' })).toBe('The tool has not been opened.');
    expect(healthWhy({ ...base, status: 'stale', engagedSeconds: 1500 })).toBe('25 engaged minutes but no prompt detected: the site has probably changed.');
    expect(healthWhy({ ...base, status: 'broken', missing: ['composer', 'send'] })).toBe('No selector finds the composer, send on the page.');
    expect(healthWhy({ ...base, status: 'degraded', fallbacks: ['send'], missing: ['reply'] })).toBe('Primary selectors failed for send, reply; fallbacks are in use.');
    expect(healthWhy({ ...base, status: 'ok' })).toBe('Prompts are being detected with the primary selectors.');
    // The English messages say what the assessment says, so neither drifts from the other.
    const rows = [{ key: 'c|d', tool: 'c', day: '2025-01-01', engagedSeconds: 900, prompts: 0, errors: 0, snapshots: 1, chains: { composer: 1, send: -1 } }];
    for (const h of [assessHealth('c', rows), assessHealth('none', rows), assessHealth('c', [{ ...rows[0]!, prompts: 3 }])]) expect(healthWhy(h)).toBe(h.why);
  });
});

describe('personal data helpers', () => {
  it('names export files after the local day', () => {
    const now = new Date(2025, 2, 31, 23, 59).getTime();
    expect(exportFileName('json', now)).toBe('leadline-export-2025-03-31.json');
    expect(exportFileName('csv', now)).toBe('leadline-daily-2025-03-31.csv');
    expect(exportFileName('json', new Date(2025, 0, 1, 0, 1).getTime())).toBe('leadline-export-2025-01-01.json');
    expect(exportMimeType('json')).toBe('application/json');
    expect(exportMimeType('csv')).toMatch(/^text\/csv/);
  });

  it('refuses files over 50 MB, not at 50 MB', () => {
    expect(MAX_IMPORT_BYTES).toBe(50 * 1024 * 1024);
    expect(importTooLarge(MAX_IMPORT_BYTES)).toBe(false);
    expect(importTooLarge(MAX_IMPORT_BYTES + 1)).toBe(true);
    expect(importTooLarge(0)).toBe(false);
  });

  it('maps each import failure to its own message', () => {
    expect(importFailureKey('corrupted')).toBe('options_import_corrupted');
    expect(importFailureKey('foreign')).toBe('options_import_foreign');
    expect(importFailureKey('newer')).toBe('options_import_newer');
    expect(importFailureKey('failed')).toBe('options_import_failed');
    expect(importFailureKey('surprise' as never)).toBe('options_import_failed');
  });

  it('lists only what an import changed, and nothing when nothing was new', () => {
    expect(importAddedParts({ events: 3, rollups: 0, updatedRollups: 1 })).toEqual([
      { base: 'options_import_events', n: 3 },
      { base: 'options_import_updated', n: 1 },
    ]);
    expect(importAddedParts({ events: 0, rollups: 0, updatedRollups: 0 })).toEqual([]);
    expect(importOutcome({ ok: true, added: { events: 0, rollups: 2, updatedRollups: 0 } })).toEqual({ kind: 'status', parts: [{ base: 'options_import_rollups', n: 2 }] });
    expect(importOutcome({ ok: false, reason: 'newer', message: 'schemaVersion 2' })).toEqual({ kind: 'alert', key: 'options_import_newer', detail: 'schemaVersion 2' });
    // A history that ends before the 12 weeks a level counts says so, with its newest day.
    const today = '2026-12-02'; // Wednesday of 2026-W49: the level counts from Monday 2026-09-14
    const old = { events: 0, rollups: 77, updatedRollups: 0, newestDay: '2026-09-13' };
    expect(importOutcome({ ok: true, added: old }, today)).toEqual({ kind: 'status', parts: [{ base: 'options_import_rollups', n: 77 }], olderThanLevel: '2026-09-13' });
    expect(importOutcome({ ok: true, added: { ...old, newestDay: '2026-09-14' } }, today)).not.toHaveProperty('olderThanLevel');
    expect(importOutcome({ ok: false, reason: 'foreign', message: '' })).toEqual({ kind: 'alert', key: 'options_import_foreign' });
  });
});
