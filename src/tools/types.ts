/**
 * The adapter shape is part of the contract (the background sends it to the
 * content script); re-exported here so adapters keep importing it from beside them.
 */
export type { ChainKey, SelectorChains, ToolDefinition } from '../contract/tool';
