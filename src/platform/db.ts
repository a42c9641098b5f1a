import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { StoredEvent } from '../contract/events';
import type { ChainName } from '../contract/messages';
import { localDay } from '../contract/day';
import type { AdapterHealthRow, CommitBatch, IngestStore } from '../ingest/types';

/**
 * The extension's IndexedDB, in the extension's own origin (never the page's).
 * Only the background opens it for writing.
 */
export const DB_NAME = 'leadline';
const SECRET_KEY = 'install-secret';
/** The last write-order number given to an event. */
const SEQ_KEY = 'event-seq';

export interface AliasRow {
  /** HMAC key of the local ref a new chat was recorded under. */
  from: string;
  /** HMAC key of the site id it turned out to have. */
  to: string;
}
export interface CounterRow {
  name: string;
  count: number;
}
export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * Schema history. Each entry is a Dexie version; never edit a shipped entry,
 * append a new one (with an upgrade when data must move). The migration test
 * opens a database at every earlier version and upgrades it.
 */
export const SCHEMA_VERSIONS: ReadonlyArray<{
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<unknown>;
}> = [
  {
    // 0.1.0 pre-release: events only.
    version: 1,
    stores: { events: 'id, ts, tool, kind, conv', meta: 'key' },
  },
  {
    // Local day on each event (for daily rollups), conversation aliases,
    // adapter health and drop counters.
    version: 2,
    stores: {
      events: 'id, &seq, ts, day, [tool+day], kind, conv',
      meta: 'key',
      aliases: 'from',
      health: 'key, tool, day',
      counters: 'name',
    },
    upgrade: async (tx) => {
      const rows = await tx.table('events').orderBy('ts').toArray();
      let seq = 0;
      for (const e of rows) {
        e.day ??= localDay(e.ts);
        e.seq = ++seq;
      }
      await tx.table('events').bulkPut(rows);
      await tx.table('meta').put({ key: SEQ_KEY, value: seq });
    },
  },
];

export class LeadlineDB extends Dexie {
  events!: EntityTable<StoredEvent, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  aliases!: EntityTable<AliasRow, 'from'>;
  health!: EntityTable<AdapterHealthRow, 'key'>;
  counters!: EntityTable<CounterRow, 'name'>;

  constructor(name = DB_NAME, upTo = Number.POSITIVE_INFINITY) {
    super(name);
    for (const v of SCHEMA_VERSIONS) {
      if (v.version > upTo) break;
      const version = this.version(v.version).stores(v.stores);
      if (v.upgrade) version.upgrade(v.upgrade);
    }
  }
}



/** The Dexie implementation of the ingest store. */
export class DexieIngestStore implements IngestStore {
  constructor(readonly db: LeadlineDB = new LeadlineDB()) {}

  async secret(): Promise<Uint8Array> {
    return this.db.transaction('rw', this.db.meta, async () => {
      const row = await this.db.meta.get(SECRET_KEY);
      if (row?.value instanceof Uint8Array) return row.value;
      if (row?.value instanceof ArrayBuffer) return new Uint8Array(row.value);
      const value = crypto.getRandomValues(new Uint8Array(32));
      await this.db.meta.put({ key: SECRET_KEY, value });
      return value;
    });
  }

  /** One transaction for the whole batch: all of it lands, or none of it and the sender retries. */
  async commit(batch: CommitBatch): Promise<void> {
    const db = this.db;
    await db.transaction('rw', [db.events, db.aliases, db.health, db.counters, db.meta], async () => {
      for (const link of batch.links) {
        if (link.from === link.to) continue;
        await db.aliases.put(link);
        await db.events.where('conv').equals(link.from).modify({ conv: link.to });
      }
      const convs = [...new Set(batch.events.map((e) => e.conv).filter((c): c is string => c !== null))];
      const aliases = new Map((await db.aliases.bulkGet(convs)).filter((a) => a).map((a) => [a!.from, a!.to]));
      const existing = new Set(
        (await db.events.bulkGet(batch.events.map((e) => e.id))).filter((e) => e).map((e) => e!.id),
      );
      // A resend of an event already stored (its ack was lost) must not count twice.
      let seq = Number((await db.meta.get(SEQ_KEY))?.value ?? 0);
      const fresh = batch.events
        .filter((e) => !existing.has(e.id))
        .map((e) => ({ ...e, seq: ++seq, conv: e.conv && aliases.has(e.conv) ? aliases.get(e.conv)! : e.conv }) as StoredEvent);
      await db.events.bulkAdd(fresh);
      await db.meta.put({ key: SEQ_KEY, value: seq });

      const healthKeys = new Set<string>();
      const updates = new Map<string, AdapterHealthRow>();
      const row = async (tool: string, day: string) => {
        const key = `${tool}|${day}`;
        if (!updates.has(key)) {
          healthKeys.add(key);
          updates.set(key, (await db.health.get(key)) ?? emptyHealth(tool, day));
        }
        return updates.get(key)!;
      };
      for (const e of fresh) {
        if (e.kind === 'engaged_time') (await row(e.tool, e.day)).engagedSeconds += e.seconds;
        if (e.kind === 'prompt_sent') {
          const r = await row(e.tool, e.day);
          r.prompts += 1;
          r.lastPromptAt = Math.max(r.lastPromptAt ?? 0, e.ts);
        }
      }
      for (const h of batch.health) {
        const r = await row(h.tool, h.day);
        r.chains = h.chains;
        r.errors = Math.max(r.errors, h.errors);
        r.snapshots += 1;
      }
      await db.health.bulkPut([...updates.values()]);

      for (const [name, by] of Object.entries(batch.counters)) {
        const current = (await db.counters.get(name))?.count ?? 0;
        await db.counters.put({ name, count: current + by });
      }
    });
  }
}

function emptyHealth(tool: string, day: string): AdapterHealthRow {
  return { key: `${tool}|${day}`, tool, day, engagedSeconds: 0, prompts: 0, errors: 0, snapshots: 0, chains: {} as Partial<Record<ChainName, number>> };
}

/** Adapter health rows since a local day (inclusive), for the Organisation view. */
export async function readHealthSince(day: string, db: LeadlineDB = new LeadlineDB()): Promise<AdapterHealthRow[]> {
  return db.health.where('day').aboveOrEqual(day).toArray();
}
