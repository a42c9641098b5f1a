import { afterEach, describe, expect, it } from 'vitest';
import { chatgpt } from './chatgpt';
import { STANDARD_EVENTS, SiteSession, asPerson, standardSession, type SiteMarkup } from './scenario.testkit';

// A snapshot of chatgpt.com's DOM signals (shared/reference/sites.md).
const markup: SiteMarkup = {
  page: `
    <main><div id="thread"><div class="turns"></div></div>
      <form><div id="prompt-textarea" class="ProseMirror" contenteditable="true"><p></p></div>
        <button id="composer-plus-btn"></button><input type="file" multiple hidden>
        <button data-testid="composer-button-search" aria-pressed="false" aria-label="Search"></button>
        <div class="trailing"><button data-testid="send-button" aria-label="Send prompt"></button></div>
      </form></main>`,
  list: '#thread .turns',
  composer: '#prompt-textarea',
  userTurn: (n) => `<article data-testid="conversation-turn-${2 * n - 1}"><div data-message-author-role="user" data-message-id="u${n}"><div class="whitespace-pre-wrap">question</div>
      <button aria-label="Edit message"></button></div></article>`,
  assistantTurn: (n, { streaming, code }) => `<article data-fixture-assistant data-testid="conversation-turn-${2 * n}">
      <div data-message-author-role="assistant" data-message-id="a${n}" data-message-model-slug="gpt-5"><div class="markdown">answer ${code ? '<pre><code>x = 1</code></pre>' : ''}</div></div>
      ${streaming ? '' : `<div><button data-testid="copy-turn-action-button" aria-label="Copy"></button>
        <button data-testid="good-response-turn-action-button" aria-label="Good response"></button>
        <button data-testid="bad-response-turn-action-button" aria-label="Bad response"></button>
        <button data-testid="regenerate-turn-action-button" aria-label="Regenerate"></button></div>`}</article>`,
  stop: { html: '<button data-fixture-stop data-testid="stop-button" aria-label="Stop streaming"></button>', into: 'form .trailing' },
  conversationPath: '/c/6760b2f1-9a4c-8000-a3f1-0123456789ab',
};

describe('chatgpt adapter', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('records exactly the standard session', async () => {
    s = new SiteSession(chatgpt, markup);
    await standardSession(s, '[data-testid="copy-turn-action-button"]', '[data-testid="regenerate-turn-action-button"]');
    expect(s.events()).toEqual(STANDARD_EVENTS);
    const convs = s.convs();
    expect(new Set(convs.slice(0, 8))).toEqual(new Set(['6760b2f1-9a4c-8000-a3f1-0123456789ab']));
    expect(new Set(convs.slice(8))).toEqual(new Set(['6760b2f1-9a4c-8000-a3f1-0123456789a2']));
  });

  it('links a new chat recorded before the site gave it an id', async () => {
    s = new SiteSession(chatgpt, markup);
    s.type('hello');
    s.pressEnter();
    await s.siteAnswers({ urlAfterAnswer: true });
    const [first] = s.convs();
    expect(first).toMatch(/^local-/);
    expect(s.sent.find((i) => i.item === 'link')).toMatchObject({ from: first, to: '6760b2f1-9a4c-8000-a3f1-0123456789ab' });
    s.type('next');
    s.pressEnter();
    await s.siteAnswers();
    expect(s.convs().at(-1)).toBe('6760b2f1-9a4c-8000-a3f1-0123456789ab');
    expect(s.events().filter((e) => e.kind === 'prompt_sent').map((e) => e.turn)).toEqual([1, 2]);
  });

  it('reads the primary selectors of the snapshot', async () => {
    s = new SiteSession(chatgpt, markup);
    await s.advance(500);
    const health = s.sent.find((i) => i.item === 'health');
    expect(health).toMatchObject({ chains: { composer: 0, send: 0 } });
  });

  it('counts an attachment, a web search and an edit', async () => {
    s = new SiteSession(chatgpt, markup);
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    Object.defineProperty(input, 'files', { value: [new File(['a'], 'secret-name.pdf')], configurable: true });
    input.dispatchEvent(asPerson(new Event('change', { bubbles: true })));
    s.click('[data-testid="composer-button-search"]');
    s.type('with a file');
    s.click('[data-testid="send-button"]');
    await s.siteAnswers();
    // Edit the first user message: an editor appears inside the turn, then its Send button is clicked.
    const turn = document.querySelector('[data-message-author-role="user"]')!;
    turn.insertAdjacentHTML('beforeend', '<textarea>edited question</textarea><button class="btn-primary">Send</button>');
    s.click('[data-message-author-role="user"] .btn-primary');
    turn.querySelector('textarea')!.remove();
    await s.siteRegenerates();
    await s.advance(5000);
    expect(s.events()).toEqual([
      { kind: 'feature_used', feature: 'file_upload' },
      { kind: 'feature_used', feature: 'web_search' },
      { kind: 'conversation_started' },
      { kind: 'prompt_sent', size: 'xs', attachments: 1, mode: 'new', turn: 1 },
      { kind: 'response_completed', size: 'xs', hasCode: false, duration: 'lt5s' },
      { kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'edit', turn: 1 },
      { kind: 'response_completed', size: 'xs', hasCode: false, duration: 'lt5s' },
    ]);
  });

  it('extracts conversation ids from every documented URL form', () => {
    const res = chatgpt.conversationPaths.map((p) => new RegExp(p));
    const id = (path: string) => res.map((r) => r.exec(path)?.[1]).find(Boolean) ?? null;
    expect(id('/c/6760b2f1-9a4c-8000')).toBe('6760b2f1-9a4c-8000');
    expect(id('/g/g-abc123-my-gpt/c/6760b2f1-9a4c')).toBe('6760b2f1-9a4c');
    expect(id('/share/6760b2f1-aaaa')).toBe('6760b2f1-aaaa');
    expect(id('/')).toBeNull();
    expect(id('/gpts')).toBeNull();
  });
});
