import { afterEach, describe, expect, it } from 'vitest';
import { perplexity } from './perplexity';
import { STANDARD_EVENTS, SiteSession, standardSession, type SiteMarkup } from './scenario.testkit';

// A snapshot of www.perplexity.ai's DOM signals (shared/reference/sites.md).
const markup: SiteMarkup = {
  page: `<main><div class="thread"></div>
    <div class="ask"><div id="ask-input" contenteditable="true" role="textbox" data-lexical-editor="true"><p></p></div>
      <input type="file" multiple hidden><button aria-label="Search" aria-pressed="true"></button>
      <div class="buttons"><button data-testid="submit-button" aria-label="Submit"></button></div></div></main>`,
  list: '.thread',
  composer: '#ask-input',
  userTurn: () => `<div data-testid="user-query"><h1>question</h1></div>`,
  assistantTurn: (n, { streaming, code }) => `<div data-fixture-assistant><div id="markdown-content-${n}" class="prose">answer ${code ? '<pre><code>x</code></pre>' : ''}</div>
      ${streaming ? '' : '<button aria-label="Copy"></button><button aria-label="Rewrite"></button><button aria-label="Helpful"></button>'}</div>`,
  stop: { html: '<button data-fixture-stop aria-label="Stop"></button>', into: '.ask .buttons' },
  conversationPath: '/search/how-do-i-bucket-sizes-Xk2p9QaTz',
};

describe('perplexity adapter', () => {
  let s: SiteSession;
  afterEach(() => s.close());

  it('records exactly the standard session', async () => {
    s = new SiteSession(perplexity, markup);
    await standardSession(s, '[aria-label="Copy"]', '[aria-label="Rewrite"]');
    expect(s.events()).toEqual(STANDARD_EVENTS);
  });

  it('does not count switching a feature off as using it', async () => {
    s = new SiteSession(perplexity, markup);
    s.click('button[aria-label="Search"]'); // aria-pressed="true": this switches it off
    await s.advance(500);
    expect(s.events()).toEqual([]);
  });
});
