import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../contract/config';
import { customMatches, effectiveTools, hostOfPattern } from './effective';
import { toolForHost } from './registry';

const policy = {
  customTools: [
    {
      id: 'intranet-llm',
      name: 'Intranet LLM',
      matches: ['https://llm.example.com/*', 'https://*.gpt.example.org/*'],
      selectors: { composer: ['textarea#ask'], userTurn: ['.bubble.me'] },
      conversationPaths: ['^/session/([a-z0-9]+)'],
    },
  ],
  selectorOverrides: { chatgpt: { composer: ['div#new-composer'] } },
};

describe('tools in force', () => {
  const tools = effectiveTools(resolveConfig(policy, {}).values);

  it('puts IT selector overrides in front of the shipped chains, keeping the shipped ones as fallbacks', () => {
    const chatgpt = tools.find((t) => t.id === 'chatgpt')!;
    expect(chatgpt.selectors.composer[0]).toBe('div#new-composer');
    expect(chatgpt.selectors.composer).toContain('div#prompt-textarea');
    expect(tools.find((t) => t.id === 'claude')!.selectors.composer[0]).toBe('div.ProseMirror[contenteditable="true"]');
  });

  it('builds a custom tool as a generic adapter refined by its selectors', () => {
    const custom = tools.find((t) => t.id === 'intranet-llm')!;
    expect(custom.name).toBe('Intranet LLM');
    expect(custom.selectors.composer.slice(0, 2)).toEqual(['textarea#ask', 'textarea']);
    expect(custom.selectors.userTurn[0]).toBe('.bubble.me');
    expect(new RegExp(custom.conversationPaths[0]!).exec('/session/abc123')?.[1]).toBe('abc123');
  });

  it('finds custom tools by exact and wildcard hosts, and nothing else', () => {
    expect(toolForHost('llm.example.com', tools)?.id).toBe('intranet-llm');
    expect(toolForHost('eu.gpt.example.org', tools)?.id).toBe('intranet-llm');
    expect(toolForHost('gpt.example.org', tools)?.id).toBe('intranet-llm');
    expect(toolForHost('evilgpt.example.org', tools)).toBeUndefined();
    expect(toolForHost('example.com', tools)).toBeUndefined();
    expect(toolForHost('claude.ai', tools)?.id).toBe('claude');
  });

  it('lists the match patterns that need host access', () => {
    expect(customMatches(resolveConfig(policy, {}).values)).toEqual(['https://llm.example.com/*', 'https://*.gpt.example.org/*']);
    expect(hostOfPattern('https://llm.example.com:8443/*')).toBe('llm.example.com');
  });
});
