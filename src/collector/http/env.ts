/** What every handler can reach through c.var. */
import type { Store } from '../db/open';
import type { Principal } from './auth';

export interface AppDeps {
  store: Store;
  /** k at start (MIN_GROUP_SIZE). */
  minGroupSize: number;
  rateLimitPerMinute: number;
  weekOpenDays: number;
  /** The clock: injected so tests and the demo can move time. */
  now: () => number;
  /** One JSON object per request; never payload values or tokens. */
  log: (line: Record<string, unknown>) => void;
  /** The built dashboard (dist/dashboard); undefined → a page saying how to build it. */
  dashboardDir: string | undefined;
  /** Delay before answering a bad sign-in token. */
  badTokenDelayMs: number;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    principal: Principal;
  };
}
