import { withFallbacks } from '../generic';
import type { ToolDefinition } from '../types';

// Signals: shared/reference/sites.md (OneClickPrompts, claude-chat-exporter, llm-gui-rtl).
export const claude: ToolDefinition = {
  id: 'claude',
  name: 'Claude',
  hosts: ['claude.ai'],
  conversationPaths: ['^/chat/([0-9a-fA-F-]{8,})'],
  customAssistantPaths: ['/project/'],
  selectors: withFallbacks({
    composer: ['div.ProseMirror[contenteditable="true"]', '[data-testid="chat-input"]'],
    send: ['button[aria-label="Send message"]', 'button[aria-label="Send Message"]'],
    stop: ['button[aria-label="Stop response"]'],
    streaming: ['[data-is-streaming="true"]'],
    userTurn: ['[data-testid="user-message"]'],
    assistantTurn: ['[data-is-streaming]', '.font-claude-response', '.font-claude-message'],
    copy: ['button[data-testid="action-bar-copy"]'],
    regenerate: ['button[data-testid="action-bar-retry"]'],
    feedbackUp: ['button[aria-label="Give positive feedback"]'],
    feedbackDown: ['button[aria-label="Give negative feedback"]'],
    fileInput: ['input[data-testid="file-upload"]'],
    newChat: ['a[href="/new"]'],
    root: ['main', '[data-testid="chat-messages"]'],
  }),
  features: {
    web_search: ['button[aria-label="Web search"]'],
    deep_research: ['button[aria-label="Research"]'],
    canvas: ['button[aria-label="Artifacts"]'],
    voice: ['button[aria-label="Use voice mode"]'],
  },
};
