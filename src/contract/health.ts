import { z } from 'zod';
import { ToolId } from './events';
import { ChainName } from './messages';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Adapter health for one tool on one local day: what the options page judges
 * an adapter by. Kept as long as raw events (it says which days a tool was
 * opened, as they do), and part of the personal export.
 */
export const AdapterHealthRow = z.strictObject({
  key: z.string().max(64),
  tool: ToolId,
  day: Day,
  engagedSeconds: z.number().int().min(0),
  prompts: z.number().int().min(0),
  lastPromptAt: z.number().int().min(0).optional(),
  /** Latest snapshot: which selector of each chain matched (0 primary, -1 none). */
  chains: z.partialRecord(ChainName, z.number().int().min(-1).max(50)),
  errors: z.number().int().min(0),
  snapshots: z.number().int().min(0),
});
export type AdapterHealthRow = z.infer<typeof AdapterHealthRow>;

/**
 * A drop counter for one local day (`dropped:<reason>`, or
 * `dropped:rate_limited:<event kind>`). Counters never name a tool: how much
 * someone used a tool that is not recorded is theirs alone. Kept 30 days.
 */
export const CounterRow = z.strictObject({
  /** `${counter}|${day}`: the row key. */
  name: z.string().max(96),
  counter: z.string().regex(/^[a-z_:]{1,64}$/),
  day: Day,
  count: z.number().int().min(0),
});
export type CounterRow = z.infer<typeof CounterRow>;

// Re-exported from a zod-free module so the popup, which reads the database, can use them without loading zod.
export { COUNTER_RETENTION_DAYS, counterRowName } from './counters';
