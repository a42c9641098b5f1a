import { allBy, isLocal, lastOf } from './chains';

/**
 * The turns one chain matches in the conversation, kept up to date from the page's
 * changes instead of a search of the page at each reading: between answers a page
 * changes many times (menus, hovers, lazy images), and each full count is a
 * querySelectorAll over tens of thousands of nodes.
 *
 * The matches are kept as elements, not as a number: a turn removed or moved out of
 * the conversation, or one that no longer matches (an attribute changed on it or an
 * ancestor), is dropped by looking at the few turns known, which stays right for
 * removed subtrees whose matches can no longer be found (detached, their ancestors
 * are gone). Only added elements and changed attributes need a search, of their
 * own subtree. A selector whose match depends on siblings or :has() (not `isLocal`)
 * is counted in full each time, as is a conversation that lost its last match (a
 * later selector of the chain may now be the one that matches).
 */
export class TurnSet {
  private selector: string | null = null;
  private root: Node | null = null;
  private readonly found = new Set<Element>();

  constructor(private readonly chain: readonly string[]) {}

  /**
   * The turns under root, given the elements added and the attribute targets since
   * the last count (null: not known, counted in full).
   */
  count(root: ParentNode & Node, changed: readonly Element[] | null): number {
    const selector = this.selector;
    if (selector !== null && changed !== null && root === this.root) {
      for (const el of this.found) if (!root.contains(el) || !el.matches(selector)) this.found.delete(el);
      // An element changed many times (a class toggled on hover) is searched once.
      for (const el of new Set(changed)) {
        // An attribute changed above the conversation can make every turn match: count again.
        if (el.contains(root) && el !== root) return this.recount(root);
        if (!root.contains(el)) continue;
        if (el.matches(selector)) this.found.add(el);
        for (const m of Array.from(el.querySelectorAll(selector))) this.found.add(m);
      }
      if (this.found.size > 0) return this.found.size;
    }
    return this.recount(root);
  }

  /**
   * The turns under root just after an answer streamed, when the changes made while it
   * streamed were not listed (only those since its end, `changed`). A stream appends: its
   * turns come after the last one known, so only what follows that turn is searched, not
   * the whole conversation. A known turn gone or changed (a page re-rendering or
   * virtualising its list) means a full count.
   */
  countAfterStream(root: ParentNode & Node, changed: readonly Element[]): number {
    const selector = this.selector;
    if (selector === null || root !== this.root || this.found.size === 0) return this.recount(root);
    for (const el of this.found) if (!root.contains(el) || !el.matches(selector)) return this.recount(root);
    const known = Array.from(this.found);
    for (const el of matchesAfter(known[known.length - 1]!, root, selector)) this.found.add(el);
    return this.count(root, changed);
  }

  /**
   * The last turn in the page's order. The turn known last (turns are appended, so it is
   * the one found last, almost always) is confirmed by looking only at what follows it in
   * the conversation, not by comparing it with every other turn (once per answer, on a
   * long conversation, that was hundreds of DOM calls). Anything else is searched in full.
   */
  last(root: ParentNode & Node): Element | null {
    const selector = this.selector;
    if (selector === null || root !== this.root) return lastOf(root, this.chain);
    const known = Array.from(this.found);
    for (let i = known.length - 1; i >= 0; i--) {
      const el = known[i]!;
      if (!root.contains(el) || !el.matches(selector)) continue;
      return nothingAfter(el, root, selector) ? el : lastOf(root, this.chain);
    }
    return lastOf(root, this.chain);
  }

  private recount(root: ParentNode & Node): number {
    this.found.clear();
    this.root = root;
    const hit = allBy(root, this.chain);
    this.selector = hit && isLocal(hit.selector) ? hit.selector : null;
    if (!hit) return 0;
    if (this.selector !== null) for (const el of Array.from(hit.found)) this.found.add(el);
    return hit.found.length;
  }
}

/** The elements after `el` in the page's order, inside root, that the selector matches (in its following siblings', and its ancestors', subtrees). */
function matchesAfter(el: Element, root: Node, selector: string): Element[] {
  const out: Element[] = [];
  for (let node: Element | null = el; node !== null && node !== root; node = node.parentElement) {
    for (let next = node.nextElementSibling; next !== null; next = next.nextElementSibling) {
      if (next.matches(selector)) out.push(next);
      for (const m of Array.from(next.querySelectorAll(selector))) out.push(m);
    }
  }
  return out;
}

/** No element after `el` in the page's order, inside root, matches the selector (its following siblings', and its ancestors', subtrees). */
function nothingAfter(el: Element, root: Node, selector: string): boolean {
  for (let node: Element | null = el; node !== null && node !== root; node = node.parentElement) {
    for (let next = node.nextElementSibling; next !== null; next = next.nextElementSibling) {
      if (next.matches(selector) || next.querySelector(selector) !== null) return false;
    }
  }
  return true;
}
