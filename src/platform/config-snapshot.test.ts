import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../contract/config';
import { CONFIG_SNAPSHOT_KEY, DEFAULT_SNAPSHOT, readConfigSnapshot, readSnapshotValues, SNAPSHOT_DEFAULTS, writeConfigSnapshot } from './config-snapshot';

const INTRANET = { id: 'intranet-llm', name: 'Intranet LLM', matches: ['https://llm.example.com/*'] };

beforeEach(() => fakeBrowser.reset());

describe('config snapshot', () => {
  it('reads null before anything was written', async () => {
    expect(await readConfigSnapshot()).toBeNull();
  });

  it('round-trips its values and stores nothing else of the config', async () => {
    const values = { ...DEFAULT_CONFIG, allowUserPause: false, showPersonalSummary: false, customTools: [INTRANET], approvedTools: ['chatgpt'], disabledTools: ['poe'], enrollmentToken: 'llt_secret', syncEnabled: true, privacyContact: 'privacy@example.com', rawRetentionDays: 60, allowUserDisableTools: false };
    await writeConfigSnapshot(values);
    const expected = { allowUserPause: false, showPersonalSummary: false, customTools: [INTRANET], approvedTools: ['chatgpt'], disabledTools: ['poe'], syncEnabled: true, privacyContact: 'privacy@example.com', rawRetentionDays: 60, allowUserDisableTools: false };
    expect(await readConfigSnapshot()).toEqual(expected);
    // The popup's zod-free reader sees the same values.
    expect(await readSnapshotValues()).toEqual(expected);
    const stored = (await fakeBrowser.storage.local.get(CONFIG_SNAPSHOT_KEY))[CONFIG_SNAPSHOT_KEY] as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['allowUserDisableTools', 'allowUserPause', 'approvedTools', 'customTools', 'disabledTools', 'privacyContact', 'rawRetentionDays', 'showPersonalSummary', 'syncEnabled']);
    expect(JSON.stringify(stored)).not.toContain('llt_secret');
  });

  it('writes only when the values differ from what is stored', async () => {
    await writeConfigSnapshot(DEFAULT_CONFIG);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const otherToken = { ...DEFAULT_CONFIG, enrollmentToken: 'llt_other' }; // not a snapshot key
    await writeConfigSnapshot(otherToken);
    expect(set).not.toHaveBeenCalled();
    await writeConfigSnapshot({ ...DEFAULT_CONFIG, allowUserPause: false });
    expect(set).toHaveBeenCalledTimes(1);
    expect((await readConfigSnapshot())?.allowUserPause).toBe(false);
  });

  it('keeps the valid keys of a damaged snapshot and defaults the others', async () => {
    await fakeBrowser.storage.local.set({ [CONFIG_SNAPSHOT_KEY]: { allowUserPause: 'no', showPersonalSummary: false, customTools: [{ id: 'x' }] } });
    expect(await readConfigSnapshot()).toEqual({ ...DEFAULT_SNAPSHOT, showPersonalSummary: false });
  });

  it('treats a snapshot of the wrong type as absent', async () => {
    await fakeBrowser.storage.local.set({ [CONFIG_SNAPSHOT_KEY]: ['allowUserPause'] });
    expect(await readConfigSnapshot()).toBeNull();
  });

  it("the popup reader's written-out defaults equal the contract's", () => {
    expect(SNAPSHOT_DEFAULTS).toEqual(DEFAULT_SNAPSHOT);
  });

  it('the popup reader keeps the valid keys of a damaged snapshot and defaults the others', async () => {
    await fakeBrowser.storage.local.set({ [CONFIG_SNAPSHOT_KEY]: { allowUserPause: 'no', syncEnabled: true, customTools: [{ id: 'x' }], approvedTools: ['chatgpt', 3] } });
    expect(await readSnapshotValues()).toEqual({ ...SNAPSHOT_DEFAULTS, syncEnabled: true });
  });
});
