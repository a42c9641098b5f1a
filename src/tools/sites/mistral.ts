import { withFallbacks } from '../generic';
import type { ToolDefinition } from '../types';

// Signals: shared/reference/sites.md.
export const mistral: ToolDefinition = {
  id: 'mistral',
  name: 'Mistral Le Chat',
  hosts: ['chat.mistral.ai'],
  conversationPaths: ['^/chat/([0-9a-fA-F-]{8,})'],
  customAssistantPaths: ['/agents/'],
  selectors: withFallbacks({
    composer: ['div.ProseMirror[contenteditable="true"]', 'textarea[name="message.text"]'],
    userTurn: ['div[data-message-author-role="user"]'],
    assistantTurn: ['div[data-message-author-role="assistant"]'],
    fileInput: ['input[name="file-upload"]'],
  }),
  features: {
    web_search: ['button[aria-label="Web search"]'],
    canvas: ['button[aria-label="Canvas"]'],
    image_generation: ['button[aria-label="Image generation"]'],
  },
};
