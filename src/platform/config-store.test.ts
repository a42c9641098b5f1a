import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readUserSettings, saveUserSetting } from './config-store';

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
