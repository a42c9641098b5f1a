import { withFallbacks } from '../generic';
import type { ToolDefinition } from '../types';

// Signals: shared/reference/sites.md (OneClickPrompts, CodeWebChat).
export const copilot: ToolDefinition = {
  id: 'copilot',
  name: 'Microsoft Copilot',
  hosts: ['copilot.microsoft.com'],
  conversationPaths: ['^/chats/([A-Za-z0-9_-]{6,})'],
  customAssistantPaths: [],
  selectors: withFallbacks({
    composer: ['textarea#userInput'],
    send: ['button[data-testid="submit-button"]', 'button[title="Submit message"]'],
    stop: ['button[data-testid="stop-button"]', 'button[title="Stop responding"]'],
    userTurn: ['[data-content="user-message"]'],
    assistantTurn: ['[data-content="ai-message"]'],
    copy: ['button[data-testid="copy-ai-message-button"]'],
    regenerate: ['button[data-testid="regenerate-button"]'],
    fileInput: ['input[type="file"]'],
    newChat: ['button[data-testid="new-chat-button"]'],
    root: ['[data-content="conversation"]', 'main'],
  }),
  features: {
    deep_research: ['button[aria-label="Think Deeper"]', 'button[aria-label="Deep Research"]'],
    voice: ['button[data-testid="audio-call-button"]', 'button[aria-label="Talk to Copilot"]'],
  },
};
