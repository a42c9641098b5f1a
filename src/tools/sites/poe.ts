import { withFallbacks } from '../generic';
import type { ToolDefinition } from '../types';

// Signals: shared/reference/sites.md. Poe hashes its class names but keeps the
// readable prefix, so attribute-substring selectors on the prefix are used.
export const poe: ToolDefinition = {
  id: 'poe',
  name: 'Poe',
  hosts: ['poe.com'],
  conversationPaths: ['^/chat/([A-Za-z0-9_-]{6,})'],
  customAssistantPaths: [],
  selectors: withFallbacks({
    composer: ['[class*="InputContainer_textArea"] textarea'],
    send: ['button[data-button-send]'],
    userTurn: ['[class*="rightSideMessageBubble"]', '[class*="Message_rightSideMessage"]'],
    assistantTurn: ['[class*="leftSideMessageBubble"]', '[class*="Message_leftSideMessage"]'],
    fileInput: ['input[type="file"]'],
  }),
  features: {},
};
