import { withFallbacks } from '../generic';
import type { ToolDefinition } from '../types';

// Signals: shared/reference/sites.md (OneClickPrompts, MCP-SuperAssistant).
export const perplexity: ToolDefinition = {
  id: 'perplexity',
  name: 'Perplexity',
  hosts: ['www.perplexity.ai', 'perplexity.ai'],
  conversationPaths: ['^/search/([A-Za-z0-9._-]{6,})'],
  customAssistantPaths: ['/spaces/'],
  selectors: withFallbacks({
    composer: ['#ask-input', '[data-lexical-editor="true"]'],
    send: ['button[data-testid="submit-button"]', 'button[aria-label="Submit"]'],
    stop: ['button[aria-label="Stop"]', 'button[data-testid="stop-button"]'],
    userTurn: ['[data-testid="user-query"]', 'h1.group\\/query', '[data-testid*="query" i]'],
    assistantTurn: ['[data-testid="answer"]', '[id^="markdown-content-"]', '.prose'],
    copy: ['button[aria-label="Copy"]'],
    regenerate: ['button[aria-label="Rewrite"]'],
    feedbackUp: ['button[aria-label="Helpful"]'],
    feedbackDown: ['button[aria-label="Not helpful"]'],
    fileInput: ['input[type="file"][multiple]'],
    newChat: ['a[href="/"][aria-label="Home"]'],
    root: ['main'],
  }),
  features: {
    web_search: ['button[aria-label="Search"]'],
    deep_research: ['button[aria-label="Research"]', 'button[aria-label="Deep Research"]'],
    agent: ['button[aria-label="Labs"]'],
  },
};
