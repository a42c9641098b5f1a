import type { ChainKey, SelectorChains } from '../contract/tool';

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

/**
 * Whether an element's match depends only on itself, its subtree and its ancestors:
 * no :has(), no sibling combinator, no structural pseudo-class (only :is, :where and
 * :not). Then an added element or a changed attribute is where a new match can be.
 */
export function isLocal(selector: string): boolean {
  const bare = selector.replace(/\[[^\]]*\]/g, '[]').replace(/"[^"]*"|'[^']*'/g, '""');
  return !/[+~]/.test(bare) && !/:(?!is\(|where\(|not\()/.test(bare);
}

/** Index of the first selector in the chain that matches anything under root; -1 when none does. */
export function matchIndex(root: ParentNode, chain: readonly string[]): number {
  for (let i = 0; i < chain.length; i++) if (root.querySelector(chain[i]!)) return i;
  return -1;
}

/**
 * The selector of each chain that matched last time. On a large page every
 * selector that fails is a full scan, so the one that worked is tried first;
 * the chain order still decides whenever it stops matching.
 */
const lastHit = new WeakMap<readonly string[], number>();

function firstMatching<T>(chain: readonly string[], query: (selector: string) => T | null): T | null {
  const hit = lastHit.get(chain);
  if (hit !== undefined) {
    const found = query(chain[hit]!);
    if (found !== null) return found;
  }
  for (let i = 0; i < chain.length; i++) {
    if (i === hit) continue;
    const found = query(chain[i]!);
    if (found !== null) {
      lastHit.set(chain, i);
      return found;
    }
  }
  return null;
}

export function first(root: ParentNode, chain: readonly string[]): Element | null {
  return firstMatching(chain, (s) => root.querySelector(s));
}

function nonEmpty(root: ParentNode, selector: string): NodeListOf<Element> | null {
  const found = root.querySelectorAll(selector);
  return found.length > 0 ? found : null;
}

/** Elements matched by the first selector of the chain that matches anything. */
export function all(root: ParentNode, chain: readonly string[]): Element[] {
  const found = firstMatching(chain, (s) => nonEmpty(root, s));
  return found ? Array.from(found) : [];
}

/** The selector `all` would use and what it matches; null when no selector of the chain matches. */
export function allBy(root: ParentNode, chain: readonly string[]): { selector: string; found: NodeListOf<Element> } | null {
  let selector = '';
  const found = firstMatching(chain, (s) => ((selector = s), nonEmpty(root, s)));
  return found ? { selector, found } : null;
}

/** How many elements `all` would return, without copying them out of the node list. */
export function countAll(root: ParentNode, chain: readonly string[]): number {
  return firstMatching(chain, (s) => nonEmpty(root, s))?.length ?? 0;
}

/** The last element `all` would return, without copying the node list. */
export function lastOf(root: ParentNode, chain: readonly string[]): Element | null {
  const found = firstMatching(chain, (s) => nonEmpty(root, s));
  return found ? found[found.length - 1]! : null;
}

/** Whether the element itself is matched by any selector of the chain. */
export function matchesAny(el: Element, chain: readonly string[]): boolean {
  for (const s of chain) if (el.matches(s)) return true;
  return false;
}

/**
 * The attribute names the selectors read (`[name…]`), lower-cased: what a
 * MutationObserver's attribute filter must hold for a change of them to be seen.
 */
export function attributesRead(chains: readonly (readonly string[])[]): string[] {
  const names = new Set<string>();
  for (const chain of chains) for (const s of chain) for (const m of s.matchAll(/\[\s*([\w-]+)/g)) names.add(m[1]!.toLowerCase());
  return [...names];
}

/** The nearest ancestor-or-self of target matched by any selector of the chain. */
export function closest(target: Element, chain: readonly string[]): Element | null {
  for (const s of chain) {
    const el = target.closest(s);
    if (el) return el;
  }
  return null;
}
