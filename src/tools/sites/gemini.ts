import { withFallbacks } from '../generic';
import type { ToolDefinition } from '../types';

// Signals: shared/reference/sites.md (gemini-voyager, OneClickPrompts, CodeWebChat).
export const gemini: ToolDefinition = {
  id: 'gemini',
  name: 'Gemini',
  hosts: ['gemini.google.com'],
  conversationPaths: ['^/(?:u/\\d+/)?app/([A-Za-z0-9_-]{6,})', '^/(?:u/\\d+/)?gem/[^/]+/([A-Za-z0-9_-]{6,})'],
  customAssistantPaths: ['/gem/'],
  selectors: withFallbacks({
    composer: ['rich-textarea [contenteditable="true"]', 'div.ql-editor'],
    send: ['button.send-button[aria-label="Send message"]', 'button.send-button'],
    stop: ['button[aria-label="Stop response"]', 'mat-icon[fonticon="stop"]'],
    streaming: ['model-response [aria-busy="true"]'],
    userTurn: ['user-query'],
    assistantTurn: ['model-response'],
    copy: ['[data-test-id="copy-button"]', 'copy-button button'],
    regenerate: ['regenerate-button button', '[data-test-id="regenerate-button"]'],
    feedbackUp: ['thumb-up-button button', '[data-test-id="thumb-up-button"]'],
    feedbackDown: ['thumb-down-button button', '[data-test-id="thumb-down-button"]'],
    fileInput: ['[data-test-id*="upload"] input[type="file"]'],
    newChat: ['[data-test-id="new-chat-button"]', 'side-nav-action-button[data-test-id="new-chat-button"] button'],
    root: ['chat-window', 'main'],
  }),
  features: {
    deep_research: ['button[aria-label="Deep Research"]'],
    canvas: ['button[aria-label="Canvas"]'],
    image_generation: ['button[aria-label="Image"]'],
  },
};
