import type { SelectorChains, ToolDefinition } from './types';

/**
 * Structural fallbacks appended to every adapter's chains. They are what keeps
 * an adapter seeing prompts when a site renames its test ids, and they are the
 * whole of the generic adapter used for tools that IT adds.
 */
export const GENERIC_SELECTORS: SelectorChains = {
  composer: ['textarea', '[contenteditable="true"][role="textbox"]', '[contenteditable="true"]'],
  send: [
    'button[type="submit"]',
    'button[aria-label*="Send" i]',
    'button[aria-label*="Submit" i]',
    'button[title*="Send" i]',
  ],
  stop: ['button[aria-label*="Stop" i]', 'button[title*="Stop" i]', 'button[data-testid*="stop" i]'],
  // Busy only on an assistant turn: a bare [aria-busy="true"] matches unrelated spinners
  // (a sidebar loading, an image decoding), which read as a response streaming.
  streaming: ['[data-is-streaming="true"]', '[data-message-author-role="assistant"][aria-busy="true"]', '[data-role="assistant"][aria-busy="true"]'],
  userTurn: ['[data-message-author-role="user"]', '[data-role="user"]', '[data-testid*="user-message" i]'],
  assistantTurn: [
    '[data-message-author-role="assistant"]',
    '[data-role="assistant"]',
    '[data-testid*="assistant-message" i]',
    '[data-testid*="bot-message" i]',
  ],
  copy: ['button[aria-label*="Copy" i]', 'button[title*="Copy" i]', 'button[data-testid*="copy" i]'],
  regenerate: [
    'button[aria-label*="Regenerate" i]',
    'button[aria-label*="Retry" i]',
    'button[aria-label*="Try again" i]',
    'button[aria-label*="Redo" i]',
    'button[aria-label*="Rewrite" i]',
    'button[data-testid*="regenerate" i]',
  ],
  feedbackUp: [
    'button[aria-label*="Good response" i]',
    'button[aria-label*="Thumbs up" i]',
    'button[aria-label*="Like" i]',
    'button[data-testid*="thumbs-up" i]',
  ],
  feedbackDown: [
    'button[aria-label*="Bad response" i]',
    'button[aria-label*="Thumbs down" i]',
    'button[aria-label*="Dislike" i]',
    'button[data-testid*="thumbs-down" i]',
  ],
  fileInput: ['input[type="file"]'],
  newChat: ['a[aria-label*="New chat" i]', 'button[aria-label*="New chat" i]', '[data-testid*="new-chat" i]'],
  root: ['main', '[role="main"]'],
};

/** Site chains first, generic fallbacks after, without repeats. */
export function withFallbacks(site: Partial<SelectorChains>): SelectorChains {
  const out = {} as SelectorChains;
  for (const key of Object.keys(GENERIC_SELECTORS) as (keyof SelectorChains)[]) {
    out[key] = [...new Set([...(site[key] ?? []), ...GENERIC_SELECTORS[key]])];
  }
  return out;
}

export function genericTool(id: string, name: string, hosts: string[]): ToolDefinition {
  return {
    id,
    name,
    hosts,
    conversationPaths: ['/(?:c|chat|chats|conversation|conversations|thread|threads)/([A-Za-z0-9_-]{6,})'],
    customAssistantPaths: [],
    selectors: withFallbacks({}),
    features: {},
  };
}
