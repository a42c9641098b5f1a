import { afterEach, describe, expect, it } from 'vitest';
import { copilot } from './copilot';
import { STANDARD_EVENTS, SiteSession, standardSession, type SiteMarkup } from './scenario.testkit';

// A snapshot of copilot.microsoft.com's DOM signals (shared/reference/sites.md).
const markup: SiteMarkup = {
  page: `<main><div data-content="conversation"></div>
    <div class="composer"><textarea id="userInput" placeholder="Message Copilot"></textarea><input type="file" hidden>
      <div class="buttons"><button data-testid="submit-button" title="Submit message"></button></div></div></main>`,
  list: '[data-content="conversation"]',
  composer: 'textarea#userInput',
  userTurn: () => `<div data-content="user-message">question</div>`,
  assistantTurn: (_n, { streaming, code }) => `<div data-fixture-assistant><div data-content="ai-message">answer ${code ? '<pre><code>x</code></pre>' : ''}</div>
      ${streaming ? '' : '<button data-testid="copy-ai-message-button" aria-label="Copy"></button><button data-testid="regenerate-button" aria-label="Regenerate"></button><button aria-label="Like"></button>'}</div>`,
  stop: { html: '<button data-fixture-stop data-testid="stop-button" title="Stop responding"></button>', into: '.composer .buttons' },
  conversationPath: '/chats/hT3kq9Zp2mWx',
};

describe('copilot adapter', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('records exactly the standard session', async () => {
    s = new SiteSession(copilot, markup);
    await standardSession(s, '[data-testid="copy-ai-message-button"]', '[data-testid="regenerate-button"]');
    expect(s.events()).toEqual(STANDARD_EVENTS);
  });

  it('counts a stopped response as stopped, not completed', async () => {
    s = new SiteSession(copilot, markup);
    s.type('write a long essay');
    s.click('[data-testid="submit-button"]');
    s.type('');
    document.querySelector('[data-content="conversation"]')!.insertAdjacentHTML('beforeend', markup.userTurn(1));
    document.querySelector('.composer .buttons')!.insertAdjacentHTML('beforeend', markup.stop.html);
    await s.advance(1000);
    s.click('[data-testid="stop-button"]');
    document.querySelector('[data-fixture-stop]')!.remove();
    await s.advance(2000);
    expect(s.events()).toEqual([
      { kind: 'conversation_started' },
      { kind: 'prompt_sent', size: 'xs', attachments: 0, mode: 'new', turn: 1 },
      { kind: 'response_stopped' },
    ]);
  });
});
