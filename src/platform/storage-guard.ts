import { browser } from 'wxt/browser';

/**
 * Keeping the database safe from the two things that can happen to it
 * outside our code: the browser evicting or filling it, and a content script
 * (whose renderer a hostile page may control) writing the person's decisions.
 */

/** Where a write that failed for good is recorded, for the popup and the options page (IT reads it there). */
export const STORAGE_PROBLEM_KEY = 'storageProblem';

export interface StorageProblem {
  /** `QuotaExceededError`, or the failing write's message. */
  error: string;
  since: number;
}

/** Records (or, with null, clears) a lasting write failure. Never throws: this is itself the fallback. */
export async function reportStorageState(error: string | null, now: number = Date.now()): Promise<void> {
  try {
    if (error === null) await browser.storage.local.remove(STORAGE_PROBLEM_KEY);
    else await browser.storage.local.set({ [STORAGE_PROBLEM_KEY]: { error, since: now } satisfies StorageProblem });
  } catch (e) {
    console.error('Leadline: events cannot be written and the failure cannot be recorded either', error, e);
  }
}

export async function readStorageProblem(): Promise<StorageProblem | null> {
  const value = (await browser.storage.local.get(STORAGE_PROBLEM_KEY))[STORAGE_PROBLEM_KEY] as Partial<StorageProblem> | undefined;
  return value && typeof value.error === 'string' && typeof value.since === 'number' ? { error: value.error, since: value.since } : null;
}

/** Calls back when the recorded problem appears or clears (the popup stays current while open). */
export function watchStorageProblem(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && STORAGE_PROBLEM_KEY in changes) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * Asks the browser not to evict the extension's storage under pressure (the
 * manifest also asks for unlimitedStorage, which shows no install warning).
 * A refusal changes nothing else: retention keeps the database small anyway.
 */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/**
 * The person's decisions (pause, settings, the deletion signal) live in
 * storage.local. Where the browser supports it, content scripts lose access
 * to that area entirely, so a hostile page cannot lift a pause or turn a tool
 * back on through its renderer. Answers whether the restriction is in force.
 */
export async function restrictStorageToExtension(): Promise<boolean> {
  const local = browser.storage.local as unknown as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  if (typeof local.setAccessLevel !== 'function') return false;
  try {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return true;
  } catch {
    return false;
  }
}
