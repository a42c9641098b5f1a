import type { Config, SelectorPatch } from '../contract/config';
import { genericTool } from './generic';
import { BUILT_IN_TOOLS } from './registry';
import type { SelectorChains, ToolDefinition } from './types';

/**
 * The tool definitions in force: built-in adapters with IT's selector
 * overrides in front of the shipped chains, plus the custom tools IT added,
 * each a generic adapter refined by the selectors policy gives. Overrides are
 * put first, not in place of the shipped selectors, so a mistyped override
 * degrades to the shipped behaviour instead of blinding the adapter.
 */
export function effectiveTools(config: Pick<Config, 'selectorOverrides' | 'customTools'>): ToolDefinition[] {
  const builtIns = BUILT_IN_TOOLS.map((tool) => {
    const patch = config.selectorOverrides[tool.id];
    return patch ? { ...tool, selectors: patchChains(tool.selectors, patch) } : tool;
  });
  const custom = config.customTools.map((c) => {
    const base = genericTool(c.id, c.name, c.matches.map(hostOfPattern));
    return {
      ...base,
      selectors: c.selectors ? patchChains(base.selectors, c.selectors) : base.selectors,
      conversationPaths: c.conversationPaths?.length ? [...c.conversationPaths, ...base.conversationPaths] : base.conversationPaths,
    };
  });
  return [...builtIns, ...custom];
}

function patchChains(chains: SelectorChains, patch: SelectorPatch): SelectorChains {
  const out = { ...chains };
  for (const [key, selectors] of Object.entries(patch) as [keyof SelectorChains, string[] | undefined][]) {
    if (selectors) out[key] = [...new Set([...selectors, ...chains[key]])];
  }
  return out;
}

/** `https://*.example.com/*` → `*.example.com`; `https://llm.example.com:8443/*` → `llm.example.com`. */
export function hostOfPattern(pattern: string): string {
  const m = /^https:\/\/([^/:]+)(?::\d+)?\//.exec(pattern);
  return (m?.[1] ?? '').toLowerCase();
}

/** Every match pattern of the custom tools: what they need host access for. */
export function customMatches(config: Pick<Config, 'customTools'>): string[] {
  return [...new Set(config.customTools.flatMap((t) => t.matches))];
}
