import type { Feature } from './buckets';

/**
 * A site adapter is data, not code: fallback chains of CSS selectors plus URL
 * patterns. The one capture engine (src/capture) interprets them, so IT can
 * later patch a broken chain through policy without shipping code.
 *
 * The shape lives in the contract because the background sends it to the
 * content script (messages.ts); the adapters themselves live in src/tools.
 *
 * In every chain the first selector is the most specific (data-testid, ids),
 * later ones are progressively more structural or locale-dependent (aria-label).
 * Hashed CSS classes are never used.
 */
export interface SelectorChains {
  /** Where the person types the prompt. */
  composer: string[];
  /** The button that sends the prompt. */
  send: string[];
  /** Present while a response streams (stop button, busy markers). */
  stop: string[];
  /** Attribute markers of a streaming response, e.g. `[data-is-streaming="true"]`. */
  streaming: string[];
  /** One element per user turn in the message list. */
  userTurn: string[];
  /** One element per assistant turn in the message list. */
  assistantTurn: string[];
  copy: string[];
  regenerate: string[];
  feedbackUp: string[];
  feedbackDown: string[];
  fileInput: string[];
  newChat: string[];
  /** The element whose subtree holds the conversation; the observer is scoped to it. */
  root: string[];
}

export interface ToolDefinition {
  /** Stable id: policy, docs and stored events refer to it. Never rename. */
  id: string;
  name: string;
  /** Exact hostnames the tool is served from. */
  hosts: string[];
  /**
   * Regular expressions (source strings) over `location.pathname`; the first
   * capture group is the site's conversation id.
   */
  conversationPaths: string[];
  /** Path prefixes that mean a custom assistant (GPT, Gem, Project). */
  customAssistantPaths: string[];
  selectors: SelectorChains;
  /** Feature toggles: a click on one (that is not switching it off) counts as a use. */
  features: Partial<Record<Feature, string[]>>;
}

export type ChainKey = keyof SelectorChains;
