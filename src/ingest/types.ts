import type { UnsequencedEvent } from '../contract/events';
import type { ChainName } from '../contract/messages';

/** Adapter health for one tool on one local day. */
export interface AdapterHealthRow {
  key: string;
  tool: string;
  day: string;
  engagedSeconds: number;
  prompts: number;
  lastPromptAt?: number;
  /** Latest snapshot: which selector of each chain matched (0 primary, -1 none). */
  chains: Partial<Record<ChainName, number>>;
  errors: number;
  snapshots: number;
}

export interface CommitBatch {
  events: UnsequencedEvent[];
  links: { from: string; to: string }[];
  health: { tool: string; day: string; chains: Partial<Record<ChainName, number>>; errors: number }[];
  /** Drop counters to add to, by reason. */
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
}

/** Whether a tool is being recorded right now (approved and not turned off). */
export type RecordingGate = (tool: string) => Promise<boolean> | boolean;

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
