import { afterEach, describe, expect, it, vi } from 'vitest';
import { sizeBucket } from '../contract/buckets';
import { genericTool } from '../tools/generic';
import { claude } from '../tools/sites/claude';
import { SiteSession, asPerson } from '../tools/sites/scenario.testkit';
import { attributesRead } from './chains';
import { isLocal, structural } from './tracker';

describe('capture on a page that does not match its adapter', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('throws nothing into the page and reports the missing chains in adapter health', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error);
    window.addEventListener('error', onError);
    const consoleError = vi.spyOn(console, 'error');
    s = new SiteSession(claude, {
      page: '<div id="app"><span>redesigned</span><div id="ed"></div><div class="list"></div></div>',
      list: '.list',
      composer: '#ed',
      userTurn: () => '<p>q</p>',
      assistantTurn: () => '<p data-fixture-assistant>a</p>',
      stop: { html: '<i data-fixture-stop></i>', into: '#app' },
      conversationPath: '/chat/11111111-2222',
    });
    s.pressEnter();
    s.click('span');
    await s.siteAnswers();
    await s.advance(12_000);
    window.removeEventListener('error', onError);
    expect(errors).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    const health = s.sent.filter((i) => i.item === 'health');
    expect(health[0]).toMatchObject({ chains: { composer: -1, send: -1, userTurn: -1, assistantTurn: -1 } });
    expect(s.events()).toEqual([]);
  });

  it('drops a broken selector from the chain instead of throwing on every query', async () => {
    const tool = genericTool('intranet', 'Intranet LLM', ['llm.example.com']);
    tool.selectors.composer = ['textarea[[[', ...tool.selectors.composer];
    s = new SiteSession(tool, {
      page: '<main><div class="list"></div><textarea></textarea><button type="submit">Go</button></main>',
      list: '.list',
      composer: 'textarea',
      userTurn: () => '<div data-role="user">q</div>',
      assistantTurn: () => '<div data-fixture-assistant data-role="assistant">a</div>',
      stop: { html: '<button data-fixture-stop aria-label="Stop"></button>', into: 'main' },
      conversationPath: '/chat/abcdef123',
    });
    s.type('hello intranet');
    s.click('button[type=submit]');
    await s.siteAnswers();
    expect(s.events().map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed']);
    await s.advance(11_000);
    const health = s.sent.filter((i) => i.item === 'health');
    expect(health.at(-1)).toMatchObject({ errors: 1, chains: { composer: 0 } });
  });

  it('does not count history that an opened conversation renders as new prompts', async () => {
    s = new SiteSession(claude, {
      page: '<main><div class="msgs"></div><div class="ProseMirror" contenteditable="true"></div></main>',
      list: '.msgs',
      composer: 'div.ProseMirror',
      userTurn: () => '<div data-testid="user-message">q</div>',
      assistantTurn: () => '<div data-fixture-assistant data-is-streaming="false">a</div>',
      stop: { html: '<i data-fixture-stop></i>', into: 'main' },
      conversationPath: '/chat/11111111-2222',
    });
    s.navigate('/chat/99999999-8888');
    document.querySelector('.msgs')!.innerHTML = '<div data-testid="user-message">old</div><div data-is-streaming="false">old</div>'.repeat(4);
    await s.advance(10_000);
    expect(s.events()).toEqual([]);
    s.type('a follow-up');
    s.pressEnter();
    document.querySelector('.msgs')!.insertAdjacentHTML('beforeend', '<div data-testid="user-message">new</div>');
    await s.advance(500);
    expect(s.events()).toEqual([{ kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'new', turn: 5 }]);
  });
});

describe('a conversation the page re-renders whole between answers', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('counts the re-rendered turns once, so the next prompt is numbered after them', async () => {
    s = new SiteSession(claude, {
      page: '<main><div class="msgs"></div><div class="ProseMirror" contenteditable="true"></div></main>',
      list: '.msgs',
      composer: 'div.ProseMirror',
      userTurn: () => '<div data-testid="user-message">q</div>',
      assistantTurn: (_n: number, o: { streaming: boolean }) => `<div data-fixture-assistant data-is-streaming="${o.streaming}">a</div>`,
      stop: { html: '<i data-fixture-stop></i>', into: 'main' },
      conversationPath: '/chat/11111111-2222',
    });
    s.type('first');
    s.pressEnter();
    await s.siteAnswers();
    const list = document.querySelector('.msgs')!;
    // The same turns as new elements: the old ones removed, their copies added.
    list.innerHTML = list.innerHTML + '';
    await s.advance(500);
    s.type('second');
    s.pressEnter();
    await s.siteAnswers();
    const events = s.events();
    expect(events.map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed', 'prompt_sent', 'response_completed']);
    expect(events.filter((e) => e.kind === 'prompt_sent').map((e) => e.turn)).toEqual([1, 2]);
  });
});

describe('responses whose streaming is never seen', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('settles a regenerate on the action bar coming back', async () => {
    const markup = {
      page: '<main><div class="msgs"></div><div class="ProseMirror" contenteditable="true"></div></main>',
      list: '.msgs',
      composer: 'div.ProseMirror',
      userTurn: () => '<div data-testid="user-message">q</div>',
      assistantTurn: (_n: number, o: { streaming: boolean }) =>
        `<div data-fixture-assistant class="font-claude-response">a${o.streaming ? '' : '<button data-testid="action-bar-copy"></button><button data-testid="action-bar-retry"></button>'}</div>`,
      // No stop button and no streaming attribute: a site whose stream markers all changed.
      stop: { html: '<i data-fixture-stop></i>', into: 'main' },
      conversationPath: '/chat/11111111-2222',
    };
    s = new SiteSession(claude, markup);
    s.type('question');
    s.pressEnter();
    await s.siteAnswers({ streamMs: 100 });
    s.click('[data-testid="action-bar-retry"]');
    await s.siteRegenerates();
    await s.advance(3000);
    expect(s.events().map((e) => e.kind)).toEqual([
      'conversation_started',
      'prompt_sent',
      'response_completed',
      'response_regenerated',
      'response_completed',
    ]);
  });
});

describe('a tab closed right after a send', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('still records a prompt the page showed no turn for, once its composer emptied', async () => {
    s = new SiteSession(claude, {
      page: '<main><div class="msgs"></div><div class="ProseMirror" contenteditable="true"></div></main>',
      list: '.msgs',
      composer: 'div.ProseMirror',
      userTurn: () => '<p>a turn no selector knows</p>',
      assistantTurn: () => '<p data-fixture-assistant>a</p>',
      stop: { html: '<i data-fixture-stop></i>', into: 'main' },
      conversationPath: '/chat/11111111-2222',
    });
    s.type('a prompt');
    s.pressEnter();
    s.type(''); // the page took it
    await s.advance(200);
    expect(s.events()).toEqual([]); // not yet: no turn, no stream, timeout not reached
    window.dispatchEvent(new Event('pagehide'));
    await s.advance(200);
    expect(s.events()).toEqual([
      { kind: 'conversation_started' },
      { kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'new', turn: 1 },
    ]);
  });
});

describe('an Enter that is not a prompt', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('does not count a search in the sidebar, even when the composer is empty', async () => {
    s = new SiteSession(claude, {
      page: '<nav><input id="search" type="search"></nav><main><div class="msgs"></div><div class="ProseMirror" contenteditable="true"></div></main>',
      list: '.msgs',
      composer: 'div.ProseMirror',
      userTurn: () => '<div data-testid="user-message">q</div>',
      assistantTurn: () => '<div data-fixture-assistant>a</div>',
      stop: { html: '<i data-fixture-stop></i>', into: 'main' },
      conversationPath: '/chat/11111111-2222',
    });
    const search = document.querySelector<HTMLInputElement>('#search')!;
    search.value = 'my old chats';
    search.dispatchEvent(asPerson(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    await s.advance(6000);
    window.dispatchEvent(new Event('pagehide'));
    await s.advance(200);
    expect(s.events()).toEqual([]);
  });
});

describe('a hostile page', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  // claude.ai's signals (as in its adapter test), so that the structural path can be seen to work.
  const markup = {
    page: `<main><div data-testid="chat-messages" class="msgs"></div>
      <fieldset><div class="ProseMirror" contenteditable="true"><p></p></div>
      <div class="actions"><button aria-label="Send message"></button></div></fieldset></main>`,
    list: '.msgs',
    composer: 'div.ProseMirror',
    userTurn: () => '<div data-testid="user-message"><p>question</p></div>',
    assistantTurn: (_n: number, { streaming }: { streaming: boolean }) =>
      `<div data-fixture-assistant data-is-streaming="${streaming}"><p>answer</p>${streaming ? '' : '<button aria-label="Copy"></button>'}</div>`,
    stop: { html: '<button data-fixture-stop aria-label="Stop response"></button>', into: 'fieldset .actions' },
    conversationPath: '/chat/3f2a6c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  };

  it('counts no synthetic Enter or click on send, while a user turn that really appears still counts', async () => {
    s = new SiteSession(claude, markup);
    s.type('typed by a script');
    const composer = document.querySelector('div.ProseMirror')!;
    const send = document.querySelector('button[aria-label="Send message"]')!;
    for (let i = 0; i < 5; i++) {
      // What a page script can do: dispatch events, which the browser marks untrusted.
      composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      send.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      window.dispatchEvent(new ClipboardEvent('copy', { bubbles: true }));
      await s.advance(1000);
    }
    s.type('');
    await s.advance(6000);
    window.dispatchEvent(new Event('pagehide'));
    await s.advance(200);
    expect(s.events()).toEqual([]);

    // The structural signal alone: a user turn appears and the site answers it.
    await s.siteAnswers();
    await s.advance(3000);
    expect(s.events().map((e) => e.kind)).toEqual(['conversation_started', 'prompt_sent', 'response_completed']);
  });
});

describe('an answer streaming word by word', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  const claudeMarkup = {
    page: `<main><div data-testid="chat-messages" class="msgs"></div>
      <fieldset><div class="ProseMirror" contenteditable="true"><p></p></div>
        <div class="actions"><button aria-label="Send message"></button></div></fieldset></main>`,
    list: '.msgs',
    composer: 'div.ProseMirror',
    userTurn: () => '<div data-testid="user-message"><p>question</p></div>',
    assistantTurn: () => '<div data-fixture-assistant data-is-streaming="true"><div class="font-claude-response"><p></p></div></div>',
    stop: { html: '<button data-fixture-stop aria-label="Stop response"></button>', into: 'fieldset .actions' },
    conversationPath: '/chat/3f2a6c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  };

  /**
   * A send answered by a stream that adds one text node per 40 ms tick (only text: no
   * element comes or goes while it streams), running `during` halfway through, and
   * ended by `end` after `ms`. The session starts 1 s in, so an end noticed only by
   * the 5-second safety-net check would land in the next duration bucket.
   */
  async function streamedAnswer(ms: number, during: () => void, end: () => void, start: () => void = () => undefined): Promise<void> {
    await s.advance(1000);
    s.type('hello there');
    s.pressEnter();
    const list = document.querySelector('.msgs')!;
    list.insertAdjacentHTML('beforeend', claudeMarkup.userTurn());
    list.insertAdjacentHTML('beforeend', s.markup.assistantTurn(1, { streaming: true, code: false }));
    document.querySelector('fieldset .actions')!.insertAdjacentHTML('beforeend', s.markup.stop.html);
    start();
    const p = list.querySelector('[data-fixture-assistant] p')!;
    for (let t = 0; t < ms; t += 40) {
      if (t === Math.floor(ms / 80) * 40) during();
      p.appendChild(document.createTextNode(' word'));
      await s.advance(40);
    }
    end();
    await s.advance(6000);
  }

  const answered = (duration: string) => [
    { kind: 'conversation_started' },
    { kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'new', turn: 1 },
    { kind: 'response_completed', size: sizeBucket(document.querySelector('[data-fixture-assistant]')!.textContent!.trim().length), hasCode: false, duration },
  ];

  it('sees the end at once when the stop control, re-rendered meanwhile, goes', async () => {
    s = new SiteSession(claude, claudeMarkup);
    const stop = () => document.querySelector('[data-fixture-stop]')!;
    await streamedAnswer(
      4600,
      () => stop().replaceWith(document.createRange().createContextualFragment(claudeMarkup.stop.html)),
      () => {
        stop().remove();
        document.querySelector('[data-fixture-assistant]')!.setAttribute('data-is-streaming', 'false');
      },
    );
    expect(s.events()).toEqual(answered('lt5s'));
  });

  it('sees the end at once when only the streaming marker announces it', async () => {
    s = new SiteSession(claude, { ...claudeMarkup, stop: { html: '<span data-fixture-stop></span>', into: 'fieldset .actions' } });
    await streamedAnswer(
      4600,
      () => undefined,
      () => document.querySelector('[data-fixture-assistant]')!.setAttribute('data-is-streaming', 'false'),
    );
    expect(s.events()).toEqual(answered('lt5s'));
  });

  it('sees an answer whose send button turns into its stop control, and back', async () => {
    s = new SiteSession(claude, {
      ...claudeMarkup,
      assistantTurn: () => '<div data-fixture-assistant><div class="font-claude-response"><p></p></div></div>',
      stop: { html: '<span data-fixture-stop></span>', into: 'fieldset .actions' },
    });
    const button = document.querySelector('fieldset .actions button')!;
    // Long enough that a start noticed only by the 5-second safety net would time it shorter than 5 s.
    await streamedAnswer(
      5600,
      () => undefined,
      () => button.setAttribute('aria-label', 'Send message'),
      () => button.setAttribute('aria-label', 'Stop response'),
    );
    expect(s.events()).toEqual(answered('5to15s'));
  });

  /** A thread of 100 turns of history (so that a search of it is a search of many), past the first safety-net look. */
  async function longThread(): Promise<Element> {
    const list = document.querySelector('.msgs')!;
    list.innerHTML = (claudeMarkup.userTurn() + '<div data-fixture-assistant data-is-streaming="false"><p>old</p></div>').repeat(50);
    await s.advance(5200); // the first safety-net look takes every reading again
    return list;
  }

  /** A prompt answered in 3 s, ended by its stop control going and its marker turning off; resolves to when it ended. */
  async function threeSecondAnswer(start: () => void = () => undefined): Promise<number> {
    let ended = 0;
    await streamedAnswer(
      3000,
      () => undefined,
      () => {
        ended = Date.now();
        document.querySelector('[data-fixture-stop]')!.remove();
        document.querySelector('[data-fixture-assistant]:last-child')!.setAttribute('data-is-streaming', 'false');
      },
      start,
    );
    return ended;
  }

  it('does not count the turns again while the answer streams, nor search for them once it has ended', async () => {
    s = new SiteSession(claude, claudeMarkup);
    const t0 = Date.now();
    const list = await longThread();
    const turnSelectors = new Set([...claude.selectors.userTurn, ...claude.selectors.assistantTurn]);
    const searches: number[] = [];
    const real = Element.prototype.querySelectorAll;
    const spy = vi.spyOn(Element.prototype, 'querySelectorAll').mockImplementation(function (this: Element, selector: string) {
      if (turnSelectors.has(selector) && this.contains(list)) searches.push(Date.now());
      return real.call(this, selector);
    } as never);
    let started = 0;
    let ended = 0;
    try {
      // Sent 6.2 s in, 3 s of stream (its settle look at 1.6 s falls inside), ended before the next safety-net look (at 10 s).
      ended = await threeSecondAnswer(() => (started = Date.now()));
    } finally {
      spy.mockRestore();
    }
    expect(s.events().slice(-2)).toEqual([
      { kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'new', turn: 51 },
      { kind: 'response_completed', size: 'xs', hasCode: false, duration: 'lt5s' },
    ]);
    // Looks while it streamed (the one that confirmed the prompt, 60 ms in, counts the new turns once)...
    expect(searches.filter((t) => t > started + 100 && t <= ended)).toEqual([]);
    // ...the turns are counted from what follows the last one known once it ended (the answer was
    // recorded by then)...
    expect(searches.filter((t) => t > ended && t < t0 + 10_000)).toEqual([]);
    // ...and in full again by the next safety-net look (10 s in).
    expect(searches.filter((t) => t >= t0 + 10_000).length).toBeGreaterThan(0);
  });

  it('decides the end of an answer from what the page changed, without searching it for stream signals', async () => {
    s = new SiteSession(claude, claudeMarkup);
    const start = Date.now();
    const list = await longThread();
    const signals = new Set([...claude.selectors.stop, ...claude.selectors.streaming]);
    const searches: number[] = [];
    const real = { element: Element.prototype.querySelector, document: Document.prototype.querySelector };
    // A search of the document or of the thread; the few elements the page changed are searched by themselves.
    const spy = (proto: Element | Document, own: (this: ParentNode, s: string) => Element | null) =>
      vi.spyOn(proto, 'querySelector').mockImplementation(function (this: ParentNode, selector: string) {
        if (signals.has(selector) && (this as Node).contains(list)) searches.push(Date.now());
        return own.call(this, selector);
      } as never);
    const spies = [spy(Element.prototype, real.element), spy(Document.prototype, real.document)];
    let ended = 0;
    try {
      ended = await threeSecondAnswer();
    } finally {
      for (const sp of spies) sp.mockRestore();
    }
    expect(s.events().slice(-1)).toEqual([{ kind: 'response_completed', size: 'xs', hasCode: false, duration: 'lt5s' }]);
    // The end is seen at once, and no look until the next safety net's (10 s in) searches the page.
    expect(searches.filter((t) => t >= ended && t < 10_000 + start)).toEqual([]);
    expect(searches.filter((t) => t >= 10_000 + start).length).toBeGreaterThan(0);
  });

  it('keeps an answer streaming when the page replaces its stop control in one change', async () => {
    s = new SiteSession(claude, { ...claudeMarkup, assistantTurn: () => '<div data-fixture-assistant><div class="font-claude-response"><p></p></div></div>' });
    let completedEarly = -1;
    await streamedAnswer(
      3000,
      () => {
        // Halfway, the control is re-rendered; the answer has no streaming marker, so only the new control says it still streams.
        const stop = document.querySelector('[data-fixture-stop]')!;
        stop.replaceWith(document.createRange().createContextualFragment(claudeMarkup.stop.html));
      },
      () => {
        completedEarly = s.events().filter((e) => e.kind === 'response_completed').length;
        document.querySelector('[data-fixture-stop]')!.remove();
      },
    );
    expect(completedEarly).toBe(0);
    expect(s.events().filter((e) => e.kind === 'response_completed')).toHaveLength(1);
  });

  it('asks the held streaming marker one selector a look while the answer streams', async () => {
    s = new SiteSession(claude, { ...claudeMarkup, stop: { html: '<span data-fixture-stop></span>', into: 'fieldset .actions' } });
    let marker: Element | null = null;
    let calls = 0;
    let counting = false;
    const real = Element.prototype.matches;
    const spy = vi.spyOn(Element.prototype, 'matches').mockImplementation(function (this: Element, selector: string) {
      if (counting && this === marker) calls += 1;
      return real.call(this, selector);
    } as never);
    try {
      await streamedAnswer(
        2000,
        () => {
          // Halfway: from here to the end, 25 ticks of 40 ms, each a batch of mutations.
          marker = document.querySelector('[data-fixture-assistant]');
          counting = true;
        },
        () => {
          counting = false;
          document.querySelector('[data-fixture-assistant]')!.setAttribute('data-is-streaming', 'false');
        },
      );
    } finally {
      spy.mockRestore();
    }
    expect(s.events()).toEqual(answered('lt5s'));
    // One test in each batch's look, and one in each throttled check (every 150 ms); each of the
    // 4 stop selectors and the marker's own before it would be 5 a look.
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(25 + Math.ceil(1000 / 150) + 2);
  });

  it('still times a long answer from its start to its end', async () => {
    s = new SiteSession(claude, claudeMarkup);
    await streamedAnswer(
      16_000,
      () => undefined,
      () => {
        document.querySelector('[data-fixture-stop]')!.remove();
        document.querySelector('[data-fixture-assistant]')!.setAttribute('data-is-streaming', 'false');
      },
    );
    expect(s.events()).toEqual(answered('15to60s'));
  });
});

describe('which mutations can change what the tracker reads', () => {
  it('text added or removed cannot; an element or an observed attribute can', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const records: MutationRecord[] = [];
    const observer = new MutationObserver(() => undefined);
    observer.observe(host, { childList: true, subtree: true, attributes: true, characterData: true });
    const take = () => records.splice(0).concat(observer.takeRecords());
    host.append('some words');
    host.firstChild!.remove();
    expect(take().map(structural)).toEqual([false, false]);
    host.append(document.createElement('p'));
    expect(take().map(structural)).toEqual([true]);
    host.firstElementChild!.remove();
    expect(take().map(structural)).toEqual([true]);
    host.setAttribute('aria-busy', 'true');
    expect(take().map(structural)).toEqual([true]);
    observer.disconnect();
    host.remove();
  });

  it('a stop selector is searched only where the page changed when its match depends on nothing else', () => {
    expect(['button[aria-label*="Stop" i]', 'model-response [aria-busy="true"]', 'button[title="a+b:c"]', ':is(main, #app) > button:not([disabled])'].map(isLocal)).toEqual([true, true, true, true]);
    expect(['div:has(> .stop)', 'label + button', 'span ~ i', 'li:nth-child(2)', 'button:disabled'].map(isLocal)).toEqual([false, false, false, false, false]);
  });

  it('the observer watches the attributes the selectors read', () => {
    expect(attributesRead([['button[aria-label*="Stop" i]', 'mat-icon[fonticon="stop"]'], ['model-response [aria-busy="true"]', '.plain']]).sort()).toEqual([
      'aria-busy',
      'aria-label',
      'fonticon',
    ]);
  });
});
