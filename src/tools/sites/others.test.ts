import { afterEach, describe, expect, it } from 'vitest';
import { deepseek } from './deepseek';
import { mistral } from './mistral';
import { poe } from './poe';
import { SiteSession, type SiteMarkup } from './scenario.testkit';
import type { ToolDefinition } from '../types';

// Snapshots of the three tools whose send buttons are unreliable: prompts are seen through
// Enter in the composer and the new turn appearing.
const sites: [ToolDefinition, SiteMarkup][] = [
  [
    deepseek,
    {
      page: `<div id="root"><main><div class="chat"></div><textarea id="chat-input"></textarea><div class="btns"></div></main></div>`,
      list: '.chat',
      composer: 'textarea#chat-input',
      userTurn: () => `<div class="ds-message"><div class="fbb737a4">question</div></div>`,
      assistantTurn: (_n, { code }) => `<div class="ds-message" data-fixture-assistant><div class="ds-markdown">answer ${code ? '<pre><code>x</code></pre>' : ''}</div></div>`,
      stop: { html: '<div data-fixture-stop role="button" aria-busy="true"></div>', into: '.btns' },
      conversationPath: '/a/chat/s/0b6f3c2e-8d1a-4c5b-9e7f-123456789abc',
    },
  ],
  [
    mistral,
    {
      page: `<main><div class="msgs"></div><form><div class="ProseMirror" contenteditable="true"><p></p></div><input name="file-upload" type="file" hidden><div class="btns"><button type="submit" aria-label="Send question"></button></div></form></main>`,
      list: '.msgs',
      composer: 'div.ProseMirror',
      userTurn: () => `<div data-message-author-role="user">question</div>`,
      assistantTurn: (_n, { code }) => `<div data-fixture-assistant data-message-author-role="assistant">answer ${code ? '<pre><code>x</code></pre>' : ''}</div>`,
      stop: { html: '<button data-fixture-stop aria-label="Stop generation"></button>', into: 'form .btns' },
      conversationPath: '/chat/7c9e6679-7425-40de-944b-e07fc1f90ae7',
    },
  ],
  [
    poe,
    {
      page: `<main><div class="ChatMessagesView_infiniteScroll__K_SeP"></div><div class="ChatMessageInputContainer_inputContainer__s2AGu"><div class="GrowingTextArea_growWrap___1PZM InputContainer_textArea__fHPXm"><textarea rows="1"></textarea></div><div class="btns"><button data-button-send="true" aria-label="Send message"></button></div></div></main>`,
      list: '.ChatMessagesView_infiniteScroll__K_SeP',
      composer: '[class*="InputContainer_textArea"] textarea',
      userTurn: () => `<div class="Message_rightSideMessageBubble__ioa_i">question</div>`,
      assistantTurn: (_n, { code }) => `<div data-fixture-assistant class="Message_leftSideMessageBubble__VPdk6">answer ${code ? '<pre><code>x</code></pre>' : ''}</div>`,
      stop: { html: '<button data-fixture-stop aria-label="Stop message"></button>', into: '.btns' },
      conversationPath: '/chat/2qk3n5x7z9bd',
    },
  ],
];

describe.each(sites)('%s adapter', (tool, markup) => {
  let s: SiteSession;
  afterEach(() => s.close());

  it(`records two prompts and their responses on ${tool.id}`, async () => {
    s = new SiteSession(tool, markup);
    s.type('a'.repeat(60));
    s.pressEnter();
    await s.siteAnswers({ code: true });
    s.type('b'.repeat(5000));
    s.pressEnter();
    await s.siteAnswers();
    expect(s.events()).toEqual([
      { kind: 'conversation_started' },
      { kind: 'prompt_sent', size: 's', attachments: 0, mode: 'new', turn: 1 },
      { kind: 'response_completed', size: 'xs', hasCode: true, duration: 'lt5s' },
      { kind: 'prompt_sent', size: 'xl', attachments: 0, mode: 'new', turn: 2 },
      { kind: 'response_completed', size: 'xs', hasCode: false, duration: 'lt5s' },
    ]);
    expect(new Set(s.convs())).toEqual(new Set([markup.conversationPath.split('/').at(-1)]));
  });
});
