import type { ChainKey, SelectorChains } from '../tools/types';

/**
 * Fallback chains compiled once. A selector that the browser rejects (a typo
 * in an override, a pseudo-class an old engine lacks) is dropped here, so no
 * later query can throw into the page.
 */
export type CompiledChains = { [K in ChainKey]: string[] };

export function isValidSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

export function compileChains(chains: SelectorChains): { chains: CompiledChains; invalid: number } {
  let invalid = 0;
  const out = {} as CompiledChains;
  for (const key of Object.keys(chains) as ChainKey[]) {
    out[key] = chains[key].filter((s) => {
      const ok = isValidSelector(s);
      if (!ok) invalid += 1;
      return ok;
    });
  }
  return { chains: out, invalid };
}

/** Index of the first selector in the chain that matches anything under root; -1 when none does. */
export function matchIndex(root: ParentNode, chain: readonly string[]): number {
  for (let i = 0; i < chain.length; i++) if (root.querySelector(chain[i]!)) return i;
  return -1;
}

export function first(root: ParentNode, chain: readonly string[]): Element | null {
  for (const s of chain) {
    const el = root.querySelector(s);
    if (el) return el;
  }
  return null;
}

/** Elements matched by the first selector of the chain that matches anything. */
export function all(root: ParentNode, chain: readonly string[]): Element[] {
  for (const s of chain) {
    const found = root.querySelectorAll(s);
    if (found.length > 0) return Array.from(found);
  }
  return [];
}

/** The nearest ancestor-or-self of target matched by any selector of the chain. */
export function closest(target: Element, chain: readonly string[]): Element | null {
  for (const s of chain) {
    const el = target.closest(s);
    if (el) return el;
  }
  return null;
}
