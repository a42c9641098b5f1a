import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createConfigCache, isRecorded, loadConfig, readUserSettings, saveUserSetting } from './config-store';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

describe("saving the person's settings", () => {
  it('stores a valid value and refuses an invalid one with the reason', async () => {
    expect(await saveUserSetting('rawRetentionDays', 45)).toEqual({ ok: true });
    expect(await readUserSettings()).toEqual({ rawRetentionDays: 45 });
    const refused = await saveUserSetting('rawRetentionDays', 0);
    expect(refused.ok).toBe(false);
    expect(await readUserSettings()).toEqual({ rawRetentionDays: 45 });
  });

  it('answers a storage failure as a refusal with its cause, rather than throwing', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QuotaExceededError'));
    expect(await saveUserSetting('rawRetentionDays', 45)).toEqual({ ok: false, error: 'QuotaExceededError' });
  });
});

describe('policy that cannot be read', () => {
  it('is unknown when the managed read fails: no tool is recorded, and the next read asks again', async () => {
    const get = vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValueOnce(new Error('IO error'));
    const cache = createConfigCache();
    const first = await cache.get();
    expect(first.policyUnknown).toBe(true);
    expect(isRecorded(first, 'claude')).toBeUndefined();
    // Not kept: the next message reads managed storage again, which now answers.
    const second = await cache.get();
    expect(get).toHaveBeenCalledTimes(2);
    expect(second.policyUnknown).toBe(false);
    expect(isRecorded(second, 'claude')).toBe(true);
  });

  it("is known and empty on Firefox without any policy (its read fails naming the missing manifest)", async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    const config = await loadConfig();
    expect(config.policyUnknown).toBe(false);
    expect(isRecorded(config, 'chatgpt')).toBe(true);
  });

  it("refuses the person's changes while the policy is unknown, since what IT set cannot be checked", async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('IO error'));
    expect(await saveUserSetting('disabledTools', [])).toMatchObject({ ok: false });
    expect(await readUserSettings()).toEqual({});
  });
});
