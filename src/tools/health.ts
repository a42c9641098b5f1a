import type { AdapterHealthRow } from '../contract/health';

/**
 * Adapter health, judged from what capture recorded. The signature of a stale
 * adapter is engagement without prompts: someone spent real time in the tool,
 * yet no prompt was seen, because the site changed under the selectors.
 */
export type HealthStatus = 'ok' | 'degraded' | 'stale' | 'broken' | 'no_data';

export interface ToolHealth {
  tool: string;
  status: HealthStatus;
  engagedSeconds: number;
  prompts: number;
  /** Chains whose primary selector failed but a fallback matched. */
  fallbacks: string[];
  /** Chains no selector matched. */
  missing: string[];
  errors: number;
  lastPromptDay?: string;
  why: string;
}

/** Engaged this long in the window with no prompt at all: stale. */
export const STALE_ENGAGED_SECONDS = 10 * 60;
/** Chains without which prompts cannot be seen through intent. */
const ESSENTIAL = ['composer'];

/** Health of one tool over the given rows (typically the last 7 days). */
export function assessHealth(tool: string, rows: readonly AdapterHealthRow[]): ToolHealth {
  const mine = rows.filter((r) => r.tool === tool).sort((a, b) => a.day.localeCompare(b.day));
  const engagedSeconds = mine.reduce((n, r) => n + r.engagedSeconds, 0);
  const prompts = mine.reduce((n, r) => n + r.prompts, 0);
  const errors = mine.reduce((n, r) => n + r.errors, 0);
  const latest = [...mine].reverse().find((r) => Object.keys(r.chains).length > 0)?.chains ?? {};
  const fallbacks = Object.entries(latest).filter(([, i]) => (i ?? -1) > 0).map(([k]) => k);
  const missing = Object.entries(latest).filter(([, i]) => i === -1).map(([k]) => k);
  const lastPromptDay = [...mine].reverse().find((r) => r.prompts > 0)?.day;
  const base = { tool, engagedSeconds, prompts, fallbacks, missing, errors, ...(lastPromptDay ? { lastPromptDay } : {}) };

  if (mine.length === 0) return { ...base, status: 'no_data', why: 'The tool has not been opened.' };
  if (engagedSeconds >= STALE_ENGAGED_SECONDS && prompts === 0) {
    return { ...base, status: 'stale', why: `${Math.round(engagedSeconds / 60)} engaged minutes but no prompt detected: the site has probably changed.` };
  }
  if (missing.some((c) => ESSENTIAL.includes(c))) {
    return { ...base, status: 'broken', why: `No selector finds the ${missing.join(', ')} on the page.` };
  }
  if (fallbacks.length > 0 || missing.length > 0) {
    return { ...base, status: 'degraded', why: `Primary selectors failed for ${[...fallbacks, ...missing].join(', ')}; fallbacks are in use.` };
  }
  return { ...base, status: 'ok', why: 'Prompts are being detected with the primary selectors.' };
}
