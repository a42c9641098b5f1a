import { afterEach, describe, expect, it } from 'vitest';
import { gemini } from './gemini';
import { STANDARD_EVENTS, SiteSession, standardSession, type SiteMarkup } from './scenario.testkit';

// A snapshot of gemini.google.com's DOM signals (shared/reference/sites.md): custom elements throughout.
const markup: SiteMarkup = {
  page: `<chat-window><div class="conversation-container"></div>
    <input-area-v2><rich-textarea><div class="ql-editor" contenteditable="true" role="textbox"><p></p></div></rich-textarea>
      <div data-test-id="upload-button"><input type="file" hidden></div>
      <div class="send-area"><button class="send-button" aria-label="Send message"></button></div></input-area-v2></chat-window>`,
  list: '.conversation-container',
  composer: 'rich-textarea [contenteditable="true"]',
  userTurn: () => `<user-query><div class="query-text">question</div></user-query>`,
  assistantTurn: (_n, { streaming, code }) => `<model-response data-fixture-assistant><message-content ${streaming ? 'aria-busy="true"' : ''}>answer ${code ? '<pre><code>x</code></pre>' : ''}</message-content>
      ${streaming ? '' : '<copy-button><button data-test-id="copy-button" aria-label="Copy"></button></copy-button><regenerate-button><button aria-label="Redo"></button></regenerate-button><thumb-up-button><button aria-label="Good response"></button></thumb-up-button>'}</model-response>`,
  stop: { html: '<button data-fixture-stop aria-label="Stop response"><mat-icon fonticon="stop"></mat-icon></button>', into: '.send-area' },
  conversationPath: '/app/1a2b3c4d5e6f7a8b',
};

describe('gemini adapter', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('records exactly the standard session', async () => {
    s = new SiteSession(gemini, markup);
    await standardSession(s, '[data-test-id="copy-button"]', 'regenerate-button button');
    expect(s.events()).toEqual(STANDARD_EVENTS);
  });

  it('reads a Gem conversation and its id', async () => {
    s = new SiteSession(gemini, markup);
    s.navigate('/gem/coding-partner/9f8e7d6c5b4a');
    s.type('gem prompt');
    s.click('button.send-button');
    await s.siteAnswers();
    expect(s.events().slice(0, 2)).toEqual([{ kind: 'conversation_started' }, { kind: 'feature_used', feature: 'custom_assistant' }]);
    expect(s.convs()[0]).toBe('9f8e7d6c5b4a');
  });
});
