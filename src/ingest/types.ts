import type { UnsequencedEvent } from '../contract/events';
import type { ChainName } from '../contract/messages';

export type { AdapterHealthRow } from '../contract/health';

export interface CommitBatch {
  events: UnsequencedEvent[];
  links: { from: string; to: string }[];
  health: { tool: string; day: string; chains: Partial<Record<ChainName, number>>; errors: number }[];
  /** Drop counters to add to, by name (`dropped:<reason>`), for the local day of the commit. Never a tool's name. */
  counters: Record<string, number>;
}

/** What ingest needs from storage; Dexie in the extension, an in-memory fake in some tests. */
export interface IngestStore {
  secret(): Promise<Uint8Array>;
  /**
   * Writes the batch atomically. Events of a day whose raw events were already
   * pruned are dropped and counted as 'dropped:expired' (that day's rollup is final).
   */
  commit(batch: CommitBatch): Promise<void>;
}

/** Who sent a message, as the browser reports it (never as the message claims). */
export interface SenderInfo {
  id?: string;
  url?: string;
  frameId?: number;
  tabId?: number;
  /** The sender's tab is in a private window (refused: nothing is recorded there). */
  incognito?: boolean;
}

/**
 * Whether a tool is being recorded right now (approved and not turned off).
 * `undefined`: the policy is not known yet (managed storage has not answered,
 * or its read failed), so nothing may be stored for any tool.
 */
export type RecordingGate = (tool: string) => Promise<boolean | undefined> | boolean | undefined;

/** A span in which the person paused recording: from `since` until `until` (null: until they resume). */
export interface PauseWindow {
  since: number;
  until: number | null;
}
/**
 * The person's pauses that can still matter to an arriving event (the current
 * one and the one before it); none when policy does not allow pausing. Events
 * are judged by when they happened, not when they arrive: a content script may
 * hold an event for seconds before it is acknowledged.
 */
export type PauseCheck = () => Promise<readonly PauseWindow[]> | readonly PauseWindow[];
