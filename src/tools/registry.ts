import { chatgpt } from './sites/chatgpt';
import { claude } from './sites/claude';
import { copilot } from './sites/copilot';
import { deepseek } from './sites/deepseek';
import { gemini } from './sites/gemini';
import { mistral } from './sites/mistral';
import { perplexity } from './sites/perplexity';
import { poe } from './sites/poe';
import type { ToolDefinition } from './types';

/** The built-in AI tools. Order is the order shown to people. Ids are stable forever. */
export const BUILT_IN_TOOLS: readonly ToolDefinition[] = [
  chatgpt,
  claude,
  gemini,
  copilot,
  perplexity,
  deepseek,
  mistral,
  poe,
];

export const BUILT_IN_TOOL_IDS = BUILT_IN_TOOLS.map((t) => t.id);

export function toolById(id: string, tools: readonly ToolDefinition[] = BUILT_IN_TOOLS): ToolDefinition | undefined {
  return tools.find((t) => t.id === id);
}

/** The tool served from this hostname. Hosts may be exact or `*.domain` (custom tools). */
export function toolForHost(hostname: string, tools: readonly ToolDefinition[] = BUILT_IN_TOOLS): ToolDefinition | undefined {
  const host = hostname.toLowerCase();
  return (
    tools.find((t) => t.hosts.includes(host)) ??
    tools.find((t) => t.hosts.some((h) => h.startsWith('*.') && (host === h.slice(2) || host.endsWith(h.slice(1)))))
  );
}

/** `https://<host>/*` for every host of the given tools: the manifest's match patterns. */
export function allToolHostPatterns(tools: readonly ToolDefinition[] = BUILT_IN_TOOLS): string[] {
  return tools.flatMap((t) => t.hosts.map((h) => `https://${h}/*`));
}
