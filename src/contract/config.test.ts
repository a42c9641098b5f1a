import { describe, expect, it } from 'vitest';
import { BUILT_IN_TOOL_IDS } from '../tools/registry';
import { BUILT_IN_IDS, DEFAULT_CONFIG, recordedToolIds, resolveConfig } from './config';

describe('configuration precedence and validation', () => {
  it('uses defaults when nothing is set: every built-in tool is recorded, sync is off', () => {
    const r = resolveConfig(undefined, {});
    expect(r.values).toEqual(DEFAULT_CONFIG);
    expect(r.warnings).toEqual([]);
    expect(recordedToolIds(r.values).sort()).toEqual([...BUILT_IN_TOOL_IDS].sort());
    expect(r.values.syncEnabled).toBe(false);
  });

  it('lists the same built-in ids as the registry', () => {
    expect([...BUILT_IN_IDS]).toEqual(BUILT_IN_TOOL_IDS);
  });

  it('puts policy before the person and the person before the default', () => {
    const r = resolveConfig({ rawRetentionDays: 90 }, { rawRetentionDays: 14, disabledTools: ['poe'] });
    expect(r.values.rawRetentionDays).toBe(90);
    expect(r.sources.rawRetentionDays).toBe('policy');
    expect(r.values.disabledTools).toEqual(['poe']);
    expect(r.sources.disabledTools).toBe('user');
    expect(r.sources.syncEnabled).toBe('default');
  });

  it('ignores a person’s value for settings only policy may set', () => {
    const r = resolveConfig({}, { allowUserPause: false, approvedTools: [] });
    expect(r.values.allowUserPause).toBe(true);
    expect(r.values.approvedTools).toEqual(DEFAULT_CONFIG.approvedTools);
  });

  it('lets the person turn sync on where policy is silent, and policy lock each sync key on its own', () => {
    const mine = { syncEnabled: true, collectorUrl: 'https://c.example', enrollmentToken: 'll_enroll_x', teamId: 'acme/sales' };
    const r = resolveConfig({}, mine);
    expect(r.values).toMatchObject(mine);
    expect([r.sources.syncEnabled, r.sources.teamId]).toEqual(['user', 'user']);
    const locked = resolveConfig({ syncEnabled: false, teamId: 'acme/support' }, mine);
    expect(locked.values).toMatchObject({ syncEnabled: false, teamId: 'acme/support', collectorUrl: 'https://c.example' });
    expect([locked.sources.syncEnabled, locked.sources.teamId, locked.sources.collectorUrl]).toEqual(['policy', 'policy', 'user']);
  });

  it('takes a team path as the team, and refuses anything else with the rule', () => {
    for (const ok of ['acme', 'acme/finance-emea', 'a/b/c/d/e/f']) expect(resolveConfig({ teamId: ok }, {}).values.teamId).toBe(ok);
    for (const bad of ['Acme', 'acme/', '-acme', 'a/b/c/d/e/f/g', 'acme sales', '=HYPERLINK()']) {
      const r = resolveConfig({ teamId: bad }, {});
      expect(r.values.teamId).toBe('');
      expect(r.warnings.find((w) => w.key === 'teamId')?.reason).toMatch(/team path/);
    }
  });

  it('refuses an http:// collector except on this computer, saying why', () => {
    const r = resolveConfig({ collectorUrl: 'http://leadline.example.com' }, {});
    expect(r.values.collectorUrl).toBe('');
    expect(r.warnings.find((w) => w.key === 'collectorUrl')?.reason).toMatch(/unencrypted/);
    for (const ok of ['http://localhost:8080', 'http://127.0.0.1:4100', 'http://[::1]:9', 'https://leadline.example.com']) {
      expect(resolveConfig({ collectorUrl: ok }, {}).values.collectorUrl).toBe(ok);
    }
  });

  it('ignores an invalid policy value on its own, says why, and keeps every other value', () => {
    const r = resolveConfig({ syncIntervalMinutes: 5, rawRetentionDays: 60, collectorUrl: 'ftp://x', allowUserPause: 'no' }, {});
    expect(r.values.rawRetentionDays).toBe(60);
    expect(r.values.syncIntervalMinutes).toBe(60);
    expect(r.values.allowUserPause).toBe(true);
    expect(r.values.collectorUrl).toBe('');
    const byKey = Object.fromEntries(r.warnings.map((w) => [w.key, w]));
    expect(byKey.syncIntervalMinutes).toMatchObject({ source: 'policy', usedInstead: '60 (the default)' });
    expect(byKey.syncIntervalMinutes!.reason).toMatch(/15/);
    expect(byKey.collectorUrl!.reason).toMatch(/https/);
    expect(byKey.allowUserPause!.reason).toMatch(/boolean/);
  });

  it('falls back to the person’s value when the policy value is invalid', () => {
    const r = resolveConfig({ rawRetentionDays: 5000 }, { rawRetentionDays: 45 });
    expect(r.values.rawRetentionDays).toBe(45);
    expect(r.sources.rawRetentionDays).toBe('user');
    expect(r.warnings[0]).toMatchObject({ key: 'rawRetentionDays', usedInstead: '45 (from user)' });
  });

  it('drops malformed list entries one by one and keeps the rest', () => {
    const r = resolveConfig(
      {
        approvedTools: ['chatgpt', 'Chat GPT!', 'claude', 'notatool'],
        customTools: [
          { id: 'intranet', name: 'Intranet', matches: ['https://llm.example.com/*'] },
          { id: 'bad', name: 'Bad', matches: ['llm.example.com'] },
          { id: 'claude', name: 'Shadow', matches: ['https://x.example.com/*'] },
        ],
        selectorOverrides: { chatgpt: { composer: ['#prompt'] }, claude: { composer: 'not-a-list' } },
      },
      {},
    );
    expect(r.values.approvedTools).toEqual(['chatgpt', 'claude', 'notatool']);
    expect(r.values.customTools.map((t) => t.id)).toEqual(['intranet']);
    expect(Object.keys(r.values.selectorOverrides)).toEqual(['chatgpt']);
    const keys = r.warnings.map((w) => w.key);
    expect(keys).toEqual(expect.arrayContaining(['approvedTools[1]', 'customTools[1]', 'customTools[2]', 'selectorOverrides.claude', 'approvedTools']));
    expect(r.warnings.find((w) => w.key === 'approvedTools')!.reason).toContain('notatool');
    expect(recordedToolIds(r.values)).toEqual(['chatgpt', 'claude', 'notatool', 'intranet']);
  });

  it('reports unknown policy keys and a policy that is not an object, and never throws', () => {
    expect(resolveConfig({ approvedTool: ['chatgpt'] }, {}).warnings).toEqual([
      expect.objectContaining({ key: 'approvedTool', reason: expect.stringMatching(/spelling/) }),
    ]);
    for (const junk of ['x', 42, [1, 2], true]) {
      const r = resolveConfig(junk, junk);
      expect(r.values).toEqual(DEFAULT_CONFIG);
    }
  });

  it('lets policy forbid turning tools off', () => {
    const r = resolveConfig({ allowUserDisableTools: false }, { disabledTools: ['chatgpt'] });
    expect(r.values.disabledTools).toEqual([]);
    expect(recordedToolIds(r.values)).toContain('chatgpt');
    expect(recordedToolIds(resolveConfig({ approvedTools: ['claude'] }, {}).values)).toEqual(['claude']);
  });

  it('fails closed on an approval list it cannot read: no built-in tool is recorded, and the warning says so', () => {
    for (const bad of ['chatgpt', 42, { chatgpt: true }, Array.from({ length: 101 }, () => 'chatgpt')]) {
      const { values, warnings } = resolveConfig({ approvedTools: bad, customTools: [{ id: 'intranet-llm', name: 'Intranet', matches: ['https://llm.example.com/*'] }] }, {});
      expect(values.approvedTools).toEqual([]);
      expect(recordedToolIds(values)).toEqual(['intranet-llm']);
      const warning = warnings.find((w) => w.key === 'approvedTools')!;
      expect(warning.usedInstead).toMatch(/no built-in tool is recorded/);
    }
  });
});
