import type { ChainName } from '../contract/messages';
import { matchIndex, type CompiledChains } from './chains';

/** Health snapshots are taken at most this often, and sent only when they change. */
export const HEALTH_EVERY_MS = 10_000;

/**
 * Adapter health: which selector of each essential chain matches the page
 * (0 primary, -1 none) and how many errors were swallowed. Sent only when it
 * changes, so a stable page costs one message per visit.
 */
export class HealthReporter {
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastKey = '';

  constructor(private readonly send: (chains: Partial<Record<ChainName, number>>, errors: number) => void) {}

  /** Forget the last snapshot: the next check reports again (a new definition, another conversation). */
  reset(): void {
    this.lastKey = '';
    this.lastAt = Number.NEGATIVE_INFINITY;
  }

  due(now: number): boolean {
    return now - this.lastAt >= HEALTH_EVERY_MS;
  }

  report(now: number, doc: ParentNode, chains: CompiledChains, errors: number): void {
    this.lastAt = now;
    const matched: Partial<Record<ChainName, number>> = {
      composer: matchIndex(doc, chains.composer),
      send: matchIndex(doc, chains.send),
      userTurn: matchIndex(doc, chains.userTurn),
      assistantTurn: matchIndex(doc, chains.assistantTurn),
    };
    const key = JSON.stringify(matched) + errors;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.send(matched, errors);
  }
}
