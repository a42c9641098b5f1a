import { browser } from 'wxt/browser';

/**
 * Host access for tools IT adds. The manifest asks for it only as
 * `optional_host_permissions`, so a custom tool records once the person has
 * granted its hosts (one prompt, from the options page), never before.
 */
export async function hasHostAccess(matches: string[]): Promise<boolean> {
  if (matches.length === 0) return false;
  try {
    return await browser.permissions.contains({ origins: matches });
  } catch {
    return false;
  }
}

/** Must run in a click handler: browsers require a user gesture for the prompt. */
export async function requestHostAccess(matches: string[]): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: matches });
  } catch {
    return false;
  }
}

export function extensionInfo(): { id: string; version: string; name: string } {
  const m = browser.runtime.getManifest();
  return { id: browser.runtime.id, version: m.version, name: m.name };
}

export function onHostAccessChanged(cb: () => void): () => void {
  browser.permissions.onAdded.addListener(cb);
  browser.permissions.onRemoved.addListener(cb);
  return () => {
    browser.permissions.onAdded.removeListener(cb);
    browser.permissions.onRemoved.removeListener(cb);
  };
}
