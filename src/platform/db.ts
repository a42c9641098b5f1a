import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { StoredEvent } from '../contract/events';
import type { ChainName } from '../contract/messages';
import { addDays, localDay } from '../contract/day';
import { ROLLUP_DAYS } from '../contract/disclosure';
import type { DailyRollup } from '../contract/rollup';
import { ROLLUP_SCHEMA_VERSION, rollupId } from '../contract/rollup-core';
import { COUNTER_RETENTION_DAYS, counterRowName } from '../contract/counters';
import type { AdapterHealthRow, CounterRow } from '../contract/health';
import type { CommitBatch, IngestStore } from '../ingest/types';
import type { SyncWeekRow } from '../sync/queue';
import { foldRollup, rollupEvents } from '../metrics/rollup';

/**
 * The extension's IndexedDB, in the extension's own origin (never the page's).
 * Only the background opens it for writing.
 */
export const DB_NAME = 'leadline';
const SECRET_KEY = 'install-secret';
/** The last write-order number given to an event. */
export const SEQ_KEY = 'event-seq';
/** This install's random device id (see `newDeviceId`). */
export const DEVICE_KEY = 'device-id';
/** The local day before which raw events have been pruned: the rollups of earlier days are final. */
export const PRUNED_KEY = 'raw-pruned-before';
/**
 * Rollups are kept at least 13 months (396 days) so a year-on-year view always
 * has its month; 400 leaves a margin for the daily prune running late.
 */
export const ROLLUP_RETENTION_DAYS = ROLLUP_DAYS;

export interface AliasRow {
  /** HMAC key of the local ref a new chat was recorded under. */
  from: string;
  /** HMAC key of the site id it turned out to have. */
  to: string;
}
export type { CounterRow } from '../contract/health';
export interface MetaRow {
  key: string;
  value: unknown;
}
/** A raw event imported from another device's export, kept apart from this device's own events. */
export interface ImportedEventRow {
  /** `${device}|${event.id}`: event ids are random per device, so the pair is what deduplicates. */
  id: string;
  device: string;
  /** The event's local day, for retention. */
  day: string;
  event: StoredEvent;
}

export function importedEventId(device: string, eventId: string): string {
  return `${device}|${eventId}`;
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
  {
    // Daily rollups (kept 13 months, beyond raw retention), and raw events imported from other devices.
    version: 3,
    stores: {
      rollups: 'id, day, device, [device+day]',
      importedEvents: 'id, day, device',
    },
    upgrade: async (tx) => {
      const meta = tx.table('meta');
      const stored = (await meta.get(DEVICE_KEY))?.value;
      const device = isDeviceId(stored) ? stored : newDeviceId();
      if (device !== stored) await meta.put({ key: DEVICE_KEY, value: device });
      const events = (await tx.table('events').toArray()) as StoredEvent[];
      await tx.table('rollups').bulkPut(rollupEvents(events, device));
    },
  },
  {
    // Drop counters per local day, so they can be kept 30 days like everything else with an end.
    version: 4,
    stores: { counters: 'name, day' },
    upgrade: async (tx) => {
      const table = tx.table('counters');
      const old = (await table.toArray()) as { name: string; count: number }[];
      const day = localDay(Date.now());
      await table.clear();
      await table.bulkPut(
        old
          // How often a tool that was off sent something is the person's alone: not carried over.
          .filter((c) => c.name !== 'dropped:not_recording')
          .map((c): CounterRow => ({ name: counterRowName(c.name, day), counter: c.name, day, count: c.count })),
      );
    },
  },
  {
    // Team sync: one row per week and destination (pseudonym, withdrawal secret, queue status),
    // and the job's state (first week, a 4xx block, last success and error).
    version: 5,
    stores: {
      syncWeeks: 'id, week, status',
      syncState: 'key',
    },
  },
];

export class LeadlineDB extends Dexie {
  events!: EntityTable<StoredEvent, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  aliases!: EntityTable<AliasRow, 'from'>;
  health!: EntityTable<AdapterHealthRow, 'key'>;
  counters!: EntityTable<CounterRow, 'name'>;
  rollups!: EntityTable<DailyRollup, 'id'>;
  importedEvents!: EntityTable<ImportedEventRow, 'id'>;
  syncWeeks!: EntityTable<SyncWeekRow, 'id'>;
  syncState!: EntityTable<MetaRow, 'key'>;

  constructor(name = DB_NAME, upTo = Number.POSITIVE_INFINITY) {
    super(name);
    for (const v of SCHEMA_VERSIONS) {
      if (v.version > upTo) break;
      const version = this.version(v.version).stores(v.stores);
      if (v.upgrade) version.upgrade(v.upgrade);
    }
  }
}

let shared: LeadlineDB | undefined;
/** One connection per context for the functions that default their database, rather than one per call. */
export function defaultDb(): LeadlineDB {
  return (shared ??= new LeadlineDB());
}

/**
 * A fresh random device id, 16 hex digits. Deliberately random rather than
 * derived from the machine, account or person: it only tells this install's
 * rollups apart from another's when exports are merged.
 */
export function newDeviceId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{16}$/.test(value);
}

/** The device id, made on first need. Call inside a transaction that includes `meta`, or on its own. */
export async function deviceIdIn(db: LeadlineDB): Promise<string> {
  const stored = (await db.meta.get(DEVICE_KEY))?.value;
  if (isDeviceId(stored)) return stored;
  const value = newDeviceId();
  await db.meta.put({ key: DEVICE_KEY, value });
  return value;
}

/** This install's device id, created on first need. */
export async function deviceId(db: LeadlineDB = defaultDb()): Promise<string> {
  return db.transaction('rw', db.meta, () => deviceIdIn(db));
}

/** The local day before which raw events were pruned, if any prune has run. Call inside a transaction that includes `meta`, or on its own. */
export async function prunedBeforeIn(db: LeadlineDB): Promise<string | undefined> {
  const value = (await db.meta.get(PRUNED_KEY))?.value;
  return typeof value === 'string' ? value : undefined;
}

export async function readPrunedBefore(db: LeadlineDB = defaultDb()): Promise<string | undefined> {
  return prunedBeforeIn(db);
}

/** A set of (tool, day) pairs whose local rollup must be recomputed. */
export class TouchedDays {
  private readonly pairs = new Map<string, [string, string]>();
  add(tool: string, day: string): void {
    this.pairs.set(`${tool}|${day}`, [tool, day]);
  }
  has(tool: string, day: string): boolean {
    return this.pairs.has(`${tool}|${day}`);
  }
  get size(): number {
    return this.pairs.size;
  }
  values(): IterableIterator<[string, string]> {
    return this.pairs.values();
  }
}

/**
 * Recomputes this device's rollup of each touched (tool, day) from that day's
 * raw events, inside the caller's transaction (which must include events and
 * rollups). A day before the prune cutoff is left alone: its raw events are
 * gone, so recomputing would replace a complete rollup with a partial one. A
 * day without raw events keeps its row too, since rollups outlive raw events.
 */
export async function recomputeLocalRollups(
  db: LeadlineDB,
  device: string,
  touched: TouchedDays,
  prunedBefore: string | undefined,
): Promise<void> {
  for (const [tool, day] of touched.values()) {
    if (prunedBefore !== undefined && day < prunedBefore) continue;
    const events = await db.events.where('[tool+day]').equals([tool, day]).toArray();
    const [row] = rollupEvents(events, device);
    if (row) await db.rollups.put(row);
  }
}

/**
 * Folds `fresh` (events this transaction has just added) into this device's
 * rollups of their (tool, day), inside the caller's transaction (events and
 * rollups), without reading those days' events again: a batch's cost no
 * longer grows with the day it lands on. The result is the row
 * `recomputeLocalRollups` would write (the property tests in rollup-fold.test.ts and
 * rollup.test.ts hold the two together), provided the stored row is that
 * recompute's over the day's earlier events. Where that cannot be taken for
 * granted the day is recomputed instead, as it always was: a day also
 * re-keyed by a link (`recompute`, its conversations merge), a day with no
 * row or a row of another schema version, a day whose only raw events are
 * these (a row left by an import, or by a prune under a clock that ran ahead,
 * counts events that are gone), and a row whose event count is not the day's.
 * Fresh events of a pruned day are never passed (the commit drops them).
 */
async function foldLocalRollups(
  db: LeadlineDB,
  device: string,
  fresh: readonly StoredEvent[],
  recompute: TouchedDays,
  prunedBefore: string | undefined,
): Promise<void> {
  const groups = new Map<string, StoredEvent[]>();
  for (const e of fresh) {
    if (recompute.has(e.tool, e.day)) continue;
    const id = rollupId(device, e.tool, e.day);
    const list = groups.get(id);
    if (list) list.push(e);
    else groups.set(id, [e]);
  }
  const ids = [...groups.keys()];
  const convs = [...new Set([...groups.values()].flat().flatMap((e) => (e.kind === 'prompt_sent' && e.conv ? [e.conv] : [])))];
  // All reads at once, each one Dexie request (see `commit` on why no chain of awaits): the rows,
  // how many events each day holds now, and the stored events of the conversations the new
  // prompts name (a conversation's events, not a day's).
  const [rows, counts, earlierByConv] = await Promise.all([
    db.rollups.bulkGet(ids),
    Promise.all(ids.map((id) => db.events.where('[tool+day]').equals([groups.get(id)![0]!.tool, groups.get(id)![0]!.day]).count())),
    Promise.all(convs.map((conv) => db.events.where('conv').equals(conv).toArray())),
  ]);
  const freshIds = new Set(fresh.map((e) => e.id));
  const earlier = earlierByConv.flat().filter((e) => !freshIds.has(e.id));
  const folded: DailyRollup[] = [];
  ids.forEach((id, i) => {
    const list = groups.get(id)!;
    const row = rows[i];
    const before = counts[i]! - list.length;
    if (row && row.v === ROLLUP_SCHEMA_VERSION && before > 0 && row.events === before) folded.push(foldRollup(row, list, earlier));
    else recompute.add(list[0]!.tool, list[0]!.day);
  });
  if (folded.length > 0) await db.rollups.bulkPut(folded);
  if (recompute.size > 0) await recomputeLocalRollups(db, device, recompute, prunedBefore);
}

/**
 * Adds the events whose id is not stored yet and returns those, inside the caller's transaction.
 * A resend of an event already stored (its ack was lost) must not count twice. The add itself
 * finds it: IndexedDB refuses the duplicate key, Dexie keeps the transaction going and reports it
 * by position. Looking every id up first doubled a commit's requests for the rare resend
 * (`npm run bench -- --only storage` measured the lookups at two-thirds of the add's own time).
 * A refused event leaves a gap in `seq`, which only orders events.
 */
async function addNew(db: LeadlineDB, events: StoredEvent[]): Promise<StoredEvent[]> {
  try {
    await db.events.bulkAdd(events);
    return events;
  } catch (e) {
    if (!(e instanceof Dexie.BulkError)) throw e;
    const refused = Object.keys(e.failuresByPos).map(Number);
    const ids = refused.map((i) => events[i]!.id);
    // Only a duplicate id is expected; anything else (the seq index, a full disk) fails the batch.
    const stored = await db.events.bulkGet(ids);
    if (refused.some((i, k) => e.failuresByPos[i]!.name !== 'ConstraintError' || stored[k] === undefined)) throw e;
    const skip = new Set(refused);
    return events.filter((_, i) => !skip.has(i));
  }
}

/** The Dexie implementation of the ingest store. */
export class DexieIngestStore implements IngestStore {
  /**
   * `rollups: 'recompute'` recomputes every touched day from its raw events,
   * as commits did before folding: the reference the tests hold the fold to.
   */
  constructor(
    readonly db: LeadlineDB = defaultDb(),
    private readonly rollups: 'fold' | 'recompute' = 'fold',
    /**
     * Milliseconds spent in each step of the commits, summed, when given (only the storage
     * benchmark's build passes one: it reports where a commit's time goes).
     */
    private readonly phases?: Record<string, number>,
  ) {}

  /** Adds the time since the last lap to a step of `phases`; a no-op without them. */
  private laps(): (step: string) => void {
    const phases = this.phases;
    if (!phases) return () => undefined;
    let last = performance.now();
    return (step) => {
      const now = performance.now();
      phases[step] = (phases[step] ?? 0) + now - last;
      last = now;
    };
  }

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

  /**
   * One transaction for the whole batch: all of it lands, or none of it and
   * the sender retries. The local rollups of every (tool, day) the batch
   * touched are brought up to date in the same transaction (folded in, or
   * recomputed: `foldLocalRollups`), so a rollup never disagrees with the
   * raw events it came from.
   */
  async commit(batch: CommitBatch): Promise<void> {
    const db = this.db;
    const lap = this.laps();
    await db.transaction('rw', [db.events, db.aliases, db.health, db.counters, db.meta, db.rollups], async () => {
      lap('waiting for the transaction');
      const touched = new TouchedDays();
      const prunedBefore = await prunedBeforeIn(db);
      for (const link of batch.links) {
        if (link.from === link.to) continue;
        await db.aliases.put(link);
        // Re-keying changes how many conversations those days count.
        await db.events.where('conv').equals(link.from).modify((e) => {
          touched.add(e.tool, e.day);
          e.conv = link.to;
        });
      }
      // A pruned day's rollup is final: a late resend would recompute it from this one event alone.
      const live = batch.events.filter((e) => prunedBefore === undefined || e.day >= prunedBefore);
      const expired = batch.events.length - live.length;
      const convs = [...new Set(live.map((e) => e.conv).filter((c): c is string => c !== null))];
      const aliases = new Map((await db.aliases.bulkGet(convs)).filter((a) => a).map((a) => [a!.from, a!.to]));
      // An event resent while its first copy waited in the same coalesced batch is dropped here
      // (adding both would fail the whole batch).
      const seen = new Set<string>();
      let seq = Number((await db.meta.get(SEQ_KEY))?.value ?? 0);
      lap('reads before the add (links, retention mark, aliases, sequence)');
      const candidates: StoredEvent[] = [];
      for (const e of live) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
        candidates.push({ ...e, seq: ++seq, conv: e.conv && aliases.has(e.conv) ? aliases.get(e.conv)! : e.conv } as StoredEvent);
      }
      const fresh = await addNew(db, candidates);
      lap('adding the events');
      await db.meta.put({ key: SEQ_KEY, value: seq });
      // The days a link re-keyed are recomputed; the others fold this batch's events into their row.
      if (this.rollups === 'recompute') for (const e of fresh) touched.add(e.tool, e.day);
      if (touched.size > 0 || fresh.length > 0) await foldLocalRollups(db, await deviceIdIn(db), fresh, touched, prunedBefore);
      lap('the daily rollups');

      // Every read below is one Dexie request, never a loop of awaits on our own async helpers:
      // Dexie follows its transaction across a native await only so far, and with other
      // transactions queued behind this one (several tabs sending at once) a chain of such awaits
      // loses it, the transaction finds no pending request, commits, and the batch is refused
      // with "Transaction committed too early".
      const healthKey = (tool: string, day: string) => `${tool}|${day}`;
      const wanted = new Map<string, [string, string]>();
      for (const e of fresh) if (e.kind === 'engaged_time' || e.kind === 'prompt_sent') wanted.set(healthKey(e.tool, e.day), [e.tool, e.day]);
      for (const h of batch.health) wanted.set(healthKey(h.tool, h.day), [h.tool, h.day]);
      const keyList = [...wanted.keys()];
      const updates = new Map<string, AdapterHealthRow>();
      (await db.health.bulkGet(keyList)).forEach((r, i) => {
        const key = keyList[i]!;
        const [tool, day] = wanted.get(key)!;
        updates.set(key, r ?? emptyHealth(tool, day));
      });
      for (const e of fresh) {
        if (e.kind === 'engaged_time') updates.get(healthKey(e.tool, e.day))!.engagedSeconds += e.seconds;
        if (e.kind === 'prompt_sent') {
          const r = updates.get(healthKey(e.tool, e.day))!;
          r.prompts += 1;
          r.lastPromptAt = Math.max(r.lastPromptAt ?? 0, e.ts);
        }
      }
      for (const h of batch.health) {
        const r = updates.get(healthKey(h.tool, h.day))!;
        r.chains = h.chains;
        r.errors = Math.max(r.errors, h.errors);
        r.snapshots += 1;
      }
      if (updates.size > 0) await db.health.bulkPut([...updates.values()]);

      const counters = expired > 0 ? { ...batch.counters, 'dropped:expired': (batch.counters['dropped:expired'] ?? 0) + expired } : batch.counters;
      const day = localDay(Date.now());
      const entries = Object.entries(counters);
      if (entries.length > 0) {
        const names = entries.map(([counter]) => counterRowName(counter, day));
        const current = await db.counters.bulkGet(names);
        await db.counters.bulkPut(entries.map(([counter, by], i) => ({ name: names[i]!, counter, day, count: (current[i]?.count ?? 0) + by })));
      }
      lap('adapter health and counters');
    });
    lap('committing');
  }
}

function emptyHealth(tool: string, day: string): AdapterHealthRow {
  return { key: `${tool}|${day}`, tool, day, engagedSeconds: 0, prompts: 0, errors: 0, snapshots: 0, chains: {} as Partial<Record<ChainName, number>> };
}

/** Adapter health rows since a local day (inclusive), for the Organisation view. */
export async function readHealthSince(day: string, db: LeadlineDB = defaultDb()): Promise<AdapterHealthRow[]> {
  return db.health.where('day').aboveOrEqual(day).toArray();
}

/** Rollups of every device from a local day on (inclusive), for the popup. Reads the `day` index only. */
export async function readRollupsSince(day: string, db: LeadlineDB = defaultDb()): Promise<DailyRollup[]> {
  return db.rollups.where('day').aboveOrEqual(day).toArray();
}

/** The earliest day anything was recorded (one index lookup), or null on a new install. */
export async function readFirstRollupDay(db: LeadlineDB = defaultDb()): Promise<string | null> {
  return (await db.rollups.orderBy('day').first())?.day ?? null;
}

export interface PruneResult {
  /** Raw events of days before this local day are gone; their rollups are final. */
  prunedBefore: string;
  events: number;
  importedEvents: number;
  rollups: number;
  /** Adapter-health rows, which go with the raw events (they say which days a tool was opened). */
  health: number;
  /** Conversation aliases no kept event uses any more. */
  aliases: number;
  /** Daily drop counters older than COUNTER_RETENTION_DAYS. */
  counters: number;
}

/** Every daily drop counter kept, oldest day first (the export and the options page). */
export async function readCounters(db: LeadlineDB = defaultDb()): Promise<CounterRow[]> {
  return db.counters.orderBy('day').toArray();
}

/**
 * Retention for every table. Raw events (local and imported) and adapter
 * health go `retentionDays` days after their local day; a conversation alias
 * goes once no kept event uses either of its keys; drop counters go after
 * COUNTER_RETENTION_DAYS; rollups after ROLLUP_RETENTION_DAYS. Rollups within
 * that window are never touched: they are what every metric is computed from
 * once the raw events are gone. `meta` holds only the install's own
 * bookkeeping (secret, device id, write order, the prune cutoff).
 */
export async function pruneRawEvents(now: number, retentionDays: number, db: LeadlineDB = defaultDb()): Promise<PruneResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RangeError(`Raw event retention must be a whole number of days, at least 1 (got ${retentionDays}).`);
  }
  const today = localDay(now);
  const cutoff = addDays(today, -retentionDays);
  return db.transaction('rw', [db.events, db.importedEvents, db.rollups, db.meta, db.health, db.aliases, db.counters], async () => {
    const previous = await prunedBeforeIn(db);
    // Once final, a day stays final even if retention is raised later (its events are gone).
    // A recorded cutoff after today came from a clock that was wrong; trusting it would drop
    // every new event until the calendar caught up.
    const prunedBefore = previous !== undefined && previous > cutoff && previous <= today ? previous : cutoff;
    const events = await db.events.where('day').below(prunedBefore).delete();
    const importedEvents = await db.importedEvents.where('day').below(prunedBefore).delete();
    // Rollups cannot be rebuilt, so their age is measured from the newest one rather than from a
    // clock that may run far ahead for a day: a wrong clock must not wipe a year of history.
    const newest = (await db.rollups.orderBy('day').last())?.day;
    const reference = newest !== undefined && newest < today ? newest : today;
    const rollups = await db.rollups.where('day').below(addDays(reference, -ROLLUP_RETENTION_DAYS)).delete();
    const health = await db.health.where('day').below(prunedBefore).delete();
    const counters = await db.counters.where('day').below(addDays(today, -COUNTER_RETENTION_DAYS)).delete();
    // An alias re-keys a late resend of a new chat's first events; once no kept event carries
    // either key, it links nothing and only says that a chat once existed.
    const stale: string[] = [];
    for (const alias of await db.aliases.toArray()) {
      if ((await db.events.where('conv').anyOf([alias.from, alias.to]).count()) === 0) stale.push(alias.from);
    }
    await db.aliases.bulkDelete(stale);
    await db.meta.put({ key: PRUNED_KEY, value: prunedBefore });
    return { prunedBefore, events, importedEvents, rollups, health, aliases: stale.length, counters };
  });
}
