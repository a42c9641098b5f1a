import { withFallbacks } from '../generic';
import type { ToolDefinition } from '../types';

// Signals: ../../../../shared/reference/sites.md (chatgpt.js, chatgpt-exporter, OneClickPrompts, CodeWebChat).
export const chatgpt: ToolDefinition = {
  id: 'chatgpt',
  name: 'ChatGPT',
  hosts: ['chatgpt.com', 'chat.openai.com'],
  conversationPaths: ['^/(?:g/[^/]+/)?c/([A-Za-z0-9-]{6,})', '^/share/([A-Za-z0-9-]{6,})'],
  customAssistantPaths: ['/g/'],
  selectors: withFallbacks({
    composer: ['div#prompt-textarea', '#prompt-textarea', 'div.ProseMirror[contenteditable="true"]'],
    send: ['button[data-testid="send-button"]', 'button[aria-label="Send prompt"]', 'button[aria-label="Send message"]'],
    stop: ['button[data-testid="stop-button"]', 'button[aria-label="Stop streaming"]'],
    userTurn: ['div[data-message-author-role="user"]'],
    assistantTurn: ['div[data-message-author-role="assistant"]', 'article[data-testid^="conversation-turn-"] [data-message-id]'],
    copy: ['button[data-testid="copy-turn-action-button"]'],
    regenerate: ['button[data-testid="regenerate-turn-action-button"]'],
    feedbackUp: ['button[data-testid="good-response-turn-action-button"]'],
    feedbackDown: ['button[data-testid="bad-response-turn-action-button"]'],
    fileInput: ['input[type="file"][multiple]'],
    newChat: ['a[data-testid="create-new-chat-button"]'],
    root: ['main', '#thread'],
  }),
  features: {
    web_search: ['[data-testid="composer-button-search"]', 'button[aria-label="Search"]'],
    deep_research: ['[data-testid="composer-button-deep-research"]', 'button[aria-label="Deep research"]'],
    image_generation: ['[data-testid="composer-button-create-image"]', 'button[aria-label="Create image"]'],
    canvas: ['[data-testid="composer-button-canvas"]', 'button[aria-label="Canvas"]'],
    agent: ['[data-testid="composer-button-agent"]', 'button[aria-label="Agent mode"]'],
    voice: ['button[data-testid="composer-speech-button"]', 'button[aria-label="Start voice mode"]'],
  },
};
