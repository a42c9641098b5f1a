import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TurnSet } from './turns';

/**
 * The incremental count is checked against a full count of the same page after each
 * change, with the changes fed the way the tracker feeds them: the elements added
 * and the attribute targets that a MutationObserver reported.
 */
describe('turns counted from the page changes', () => {
  let thread: HTMLElement;
  let observer: MutationObserver;
  const selector = '[class*="userBubble"]';

  const turn = (cls = 'userBubble_x') => `<section><div class="${cls}">q</div></section>`;

  /** The added elements and attribute targets since the last call. */
  function changes(): Element[] {
    const out: Element[] = [];
    for (const r of observer.takeRecords()) {
      if (r.type === 'attributes') out.push(r.target as Element);
      else for (const n of Array.from(r.addedNodes)) if (n instanceof Element) out.push(n);
    }
    return out;
  }

  beforeEach(() => {
    document.body.innerHTML = `<main><div id="thread">${turn()}${turn()}</div></main>`;
    thread = document.getElementById('thread')!;
    observer = new MutationObserver(() => {});
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  afterEach(() => {
    observer.disconnect();
    vi.restoreAllMocks();
  });

  /** A TurnSet that has counted the page once, and a spy on searches of the whole thread. */
  function counted(chain: string[] = [selector]) {
    const set = new TurnSet(chain);
    expect(set.count(thread, null)).toBe(thread.querySelectorAll(chain[0]!).length);
    changes();
    const search = vi.spyOn(thread, 'querySelectorAll');
    return { set, search };
  }

  it('adds a new turn without searching the whole thread', () => {
    const { set, search } = counted();
    thread.insertAdjacentHTML('beforeend', turn());
    expect(set.count(thread, changes())).toBe(3);
    expect(search).not.toHaveBeenCalled();
  });

  it('counts every turn in an added subtree, the added element itself included', () => {
    const { set } = counted();
    const block = document.createElement('div');
    block.className = 'userBubble_outer';
    block.innerHTML = turn() + turn() + turn();
    thread.append(block);
    expect(set.count(thread, changes())).toBe(6);
    expect(set.count(thread, changes())).toBe(thread.querySelectorAll(selector).length);
  });

  it('drops removed turns, also when the removed subtree held several', () => {
    const { set } = counted();
    thread.insertAdjacentHTML('beforeend', `<div>${turn()}${turn()}</div>`);
    expect(set.count(thread, changes())).toBe(4);
    thread.lastElementChild!.remove();
    thread.firstElementChild!.remove();
    expect(set.count(thread, changes())).toBe(1);
  });

  it('follows an attribute that makes an element a turn or stops it being one', () => {
    const { set } = counted();
    const first = thread.querySelector(selector)!;
    first.className = 'plain';
    expect(set.count(thread, changes())).toBe(1);
    thread.querySelector('section')!.className = 'userBubble_wrapper';
    expect(set.count(thread, changes())).toBe(2);
  });

  it('follows turns whose match depends on an ancestor that changed', () => {
    for (const section of Array.from(thread.children)) section.className = 'live';
    const { set, search } = counted(['.live > [class*="userBubble"]']);
    thread.children[0]!.className = '';
    expect(set.count(thread, changes())).toBe(1);
    thread.children[0]!.className = 'live';
    expect(set.count(thread, changes())).toBe(2);
    expect(search).not.toHaveBeenCalled();
    // Above the conversation, such a change can make any turn match or not: counted afresh.
    document.querySelector('main')!.className = 'wide';
    expect(set.count(thread, changes())).toBe(2);
    expect(search).toHaveBeenCalled();
  });

  it('does not count a turn added outside the conversation, nor one added and removed at once', () => {
    const { set } = counted();
    document.body.insertAdjacentHTML('beforeend', turn());
    thread.insertAdjacentHTML('beforeend', turn());
    thread.lastElementChild!.remove();
    expect(set.count(thread, changes())).toBe(2);
  });

  it('sees a re-render that replaces the whole conversation', () => {
    const { set } = counted();
    thread.innerHTML = turn() + turn() + turn() + turn();
    expect(set.count(thread, changes())).toBe(4);
    thread.innerHTML = '';
    expect(set.count(thread, changes())).toBe(0);
    thread.innerHTML = turn();
    expect(set.count(thread, changes())).toBe(1);
  });

  it('moves to the next selector of the chain once the one in use matches nothing', () => {
    const { set } = counted([selector, '[data-role="user"]']);
    thread.innerHTML = '<div data-role="user">q</div><div data-role="user">q</div><div data-role="user">q</div>';
    expect(set.count(thread, changes())).toBe(3);
  });

  it('counts in full when the selector depends on siblings, which a removed subtree no longer has', () => {
    const { set, search } = counted(['section + section [class*="userBubble"]']);
    thread.insertAdjacentHTML('beforeend', turn());
    expect(set.count(thread, changes())).toBe(2);
    expect(search).toHaveBeenCalled();
  });

  it('counts in full when the changes are not known or the conversation root changed', () => {
    const { set, search } = counted();
    expect(set.count(thread, null)).toBe(2);
    expect(search).toHaveBeenCalledTimes(1);
    const other = document.createElement('div');
    other.innerHTML = turn();
    document.body.append(other);
    expect(set.count(other, [])).toBe(1);
  });

  it('gives the last turn appended without a search of the thread or a comparison with each turn', () => {
    for (let i = 0; i < 50; i++) thread.insertAdjacentHTML('beforeend', turn());
    const { set, search } = counted();
    thread.insertAdjacentHTML('beforeend', turn('userBubble_new'));
    expect(set.count(thread, changes())).toBe(53);
    const one = vi.spyOn(thread, 'querySelector');
    const compare = vi.spyOn(Node.prototype, 'compareDocumentPosition');
    expect(set.last(thread)!.className).toBe('userBubble_new');
    expect(search).not.toHaveBeenCalled();
    expect(one).not.toHaveBeenCalled();
    expect(compare).not.toHaveBeenCalled();
  });

  it('after an answer streamed unlisted, counts the turns it appended from what follows the last one known', () => {
    for (let i = 0; i < 50; i++) thread.insertAdjacentHTML('beforeend', turn());
    const { set, search } = counted();
    thread.insertAdjacentHTML('beforeend', turn() + '<article><p>answer</p></article>' + turn());
    observer.takeRecords(); // as while an answer streams: the changes are not listed
    expect(set.countAfterStream(thread, [])).toBe(54);
    expect(search).not.toHaveBeenCalled();
    expect(set.count(thread, null)).toBe(thread.querySelectorAll(selector).length);
  });

  it('after an answer streamed unlisted, counts in full when a known turn went', () => {
    const { set, search } = counted();
    thread.firstElementChild!.remove();
    thread.insertAdjacentHTML('afterbegin', turn() + turn());
    observer.takeRecords();
    expect(set.countAfterStream(thread, [])).toBe(3);
    expect(search).toHaveBeenCalled();
  });

  it('gives the last turn in page order, also for one inserted before the others', () => {
    const { set } = counted();
    const turns = thread.querySelectorAll(selector);
    thread.insertAdjacentHTML('afterbegin', turn('userBubble_early'));
    expect(set.count(thread, changes())).toBe(3);
    expect(set.last(thread)).toBe(turns[1]);
    thread.lastElementChild!.remove();
    expect(set.last(thread)).toBe(turns[0]);
  });
});
