import { afterEach, describe, expect, it } from 'vitest';
import { claude } from './claude';
import { STANDARD_EVENTS, SiteSession, standardSession, type SiteMarkup } from './scenario.testkit';

// A snapshot of claude.ai's DOM signals (shared/reference/sites.md).
const markup: SiteMarkup = {
  page: `<main><div data-testid="chat-messages" class="msgs"></div>
    <fieldset><div class="ProseMirror" contenteditable="true" translate="no"><p></p></div>
      <input data-testid="file-upload" type="file" hidden>
      <div class="actions"><button aria-label="Send message"></button></div></fieldset></main>`,
  list: '.msgs',
  composer: 'div.ProseMirror',
  userTurn: () => `<div data-testid="user-message"><p>question</p></div>`,
  assistantTurn: (_n, { streaming, code }) => `<div data-fixture-assistant data-is-streaming="${streaming}">
      <div class="font-claude-response"><p>answer</p>${code ? '<pre><code>x</code></pre>' : ''}</div>
      ${streaming ? '' : '<div><button data-testid="action-bar-copy" aria-label="Copy"></button><button data-testid="action-bar-retry" aria-label="Retry"></button><button aria-label="Give positive feedback"></button></div>'}</div>`,
  stop: { html: '<button data-fixture-stop aria-label="Stop response"></button>', into: 'fieldset .actions' },
  conversationPath: '/chat/3f2a6c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
};

describe('claude adapter', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('records exactly the standard session', async () => {
    s = new SiteSession(claude, markup);
    await standardSession(s, '[data-testid="action-bar-copy"]', '[data-testid="action-bar-retry"]');
    expect(s.events()).toEqual(STANDARD_EVENTS);
  });

  it('sees streaming by data-is-streaming alone, without a stop button', async () => {
    s = new SiteSession(claude, { ...markup, stop: { html: '<span data-fixture-stop></span>', into: 'fieldset .actions' } });
    s.type('hello there');
    s.pressEnter();
    await s.siteAnswers({ streamMs: 20_000 });
    expect(s.events()).toEqual([
      { kind: 'conversation_started' },
      { kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'new', turn: 1 },
      { kind: 'response_completed', size: 'xs', hasCode: false, duration: '15to60s' },
    ]);
  });

  it('treats a project page as a custom assistant', async () => {
    s = new SiteSession(claude, markup);
    s.navigate('/project/0198a1b2');
    s.type('in a project');
    s.click('button[aria-label="Send message"]');
    await s.siteAnswers();
    expect(s.events().slice(0, 2)).toEqual([{ kind: 'conversation_started' }, { kind: 'feature_used', feature: 'custom_assistant' }]);
  });
});
