/**
 * Which tools are recorded, from the three settings that decide it. Apart from
 * config.ts (which re-exports it) because the popup's first screen needs this
 * rule and must not load the configuration's zod schemas to get it.
 */
export function recordedToolIds(config: {
  readonly approvedTools: readonly string[];
  readonly disabledTools: readonly string[];
  readonly customTools: readonly { readonly id: string }[];
}): string[] {
  const off = new Set(config.disabledTools);
  return [...config.approvedTools, ...config.customTools.map((t) => t.id)].filter((id) => !off.has(id));
}
