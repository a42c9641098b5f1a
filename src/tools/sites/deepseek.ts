import { withFallbacks } from '../generic';
import type { ToolDefinition } from '../types';

// Signals: shared/reference/sites.md. The send button has no stable attribute, so
// prompts are seen through Enter in the composer and new message elements.
export const deepseek: ToolDefinition = {
  id: 'deepseek',
  name: 'DeepSeek',
  hosts: ['chat.deepseek.com'],
  conversationPaths: ['^/a/chat/s/([0-9a-fA-F-]{8,})'],
  customAssistantPaths: [],
  selectors: withFallbacks({
    composer: ['textarea#chat-input'],
    send: ['div[role="button"][aria-disabled="false"]'],
    // Its stop control is a div acting as a button, busy while the answer streams.
    stop: ['div[role="button"][aria-label="Stop" i]', 'div[role="button"][aria-busy="true"]'],
    // The direct-child test first: it answers for most messages without a walk of the
    // message's subtree, which on a long conversation made these the costliest queries.
    userTurn: ['div.ds-message:not(:has(> .ds-markdown)):not(:has(.ds-markdown))'],
    assistantTurn: ['div.ds-message:is(:has(> .ds-markdown), :has(.ds-markdown))', '.ds-markdown'],
    root: ['main', '#root'],
  }),
  features: {
    web_search: ['[role="button"][aria-label="Search"]'],
    deep_research: ['[role="button"][aria-label="DeepThink"]'],
  },
};
