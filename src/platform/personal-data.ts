import { browser } from 'wxt/browser';
import type { StoredEvent } from '../contract/events';
import type { ExportFile } from '../contract/export';
import { rollupId } from '../contract/rollup';
import { rollupsToCsv } from '../data/csv';
import { rollupEvents } from '../metrics/rollup';
import { buildExport } from '../data/export';
import { withdrawThenDelete, type WithdrawReport } from './sync-job';
import { bestRollups, importFailed, parseExportFile, sameRollup, shouldReplaceRollup, type ImportResult } from '../data/import';
import { readUserSettings, USER_SETTINGS_KEY } from './config-store';
import {
  defaultDb,
  deviceId,
  deviceIdIn,
  importedEventId,
  LeadlineDB,
  prunedBeforeIn,
  recomputeLocalRollups,
  SEQ_KEY,
  TouchedDays,
  type ImportedEventRow,
} from './db';
import { LAST_PAUSE_KEY, PAUSE_KEY } from './pause';
import { recordInstallDay } from './install-day';

/** Everything Leadline keeps about the person, as the export file. */
export async function exportPersonalData(now: number = Date.now(), db: LeadlineDB = defaultDb()): Promise<ExportFile> {
  // Read outside the Dexie transaction: a browser.* promise inside one would end it early.
  const settings = await readUserSettings();
  const device = await deviceId(db);
  const { localEvents, imported, rollups, health, counters } = await db.transaction(
    'r',
    [db.events, db.importedEvents, db.rollups, db.health, db.counters],
    async () => ({
      localEvents: await db.events.toArray(),
      imported: await db.importedEvents.toArray(),
      rollups: await db.rollups.toArray(),
      health: await db.health.toArray(),
      counters: await db.counters.toArray(),
    }),
  );
  return buildExport({ now, device, localEvents, imported, rollups, settings, health, counters });
}

/** The daily rollups of every device, as CSV. */
export async function rollupsCsv(db: LeadlineDB = defaultDb()): Promise<string> {
  return rollupsToCsv(await db.rollups.toArray());
}

/**
 * Merges an export into this browser's data, all or nothing (one transaction
 * over every table it writes). Raw events are deduplicated by id; rollups by
 * device, tool and day, keeping the larger row; this device's rollups are then
 * recomputed from its raw events where it has them, since those are exact.
 */
export async function importPersonalData(text: string, db: LeadlineDB = defaultDb()): Promise<ImportResult> {
  const parsed = parseExportFile(text);
  if (!parsed.ok) return parsed;
  const file = parsed.file;
  try {
    return await db.transaction('rw', [db.events, db.importedEvents, db.rollups, db.meta], async () => {
      const device = await deviceIdIn(db);
      const prunedBefore = await prunedBeforeIn(db);
      // Days already pruned stay pruned: their rollups are final, and raw events there would only wait for the next prune.
      const withinRetention = (e: StoredEvent) => prunedBefore === undefined || e.day >= prunedBefore;
      const touched = new TouchedDays();
      let events = 0;

      // Checked against StoredEvent by the schema; zod's inferred type of that union is looser than the declared one.
      const eventsByDevice = file.eventsByDevice as unknown as Record<string, StoredEvent[]>;
      for (const [from, list] of Object.entries(eventsByDevice)) {
        const unique = [...new Map(list.filter(withinRetention).map((e) => [e.id, e])).values()];
        if (from === device) {
          const present = new Set((await db.events.bulkGet(unique.map((e) => e.id))).flatMap((e) => (e ? [e.id] : [])));
          // The file's write order is another install's; here the events go after everything already stored.
          let seq = Number((await db.meta.get(SEQ_KEY))?.value ?? 0);
          const fresh = unique.filter((e) => !present.has(e.id)).map((e) => ({ ...e, seq: ++seq }));
          await db.events.bulkAdd(fresh);
          await db.meta.put({ key: SEQ_KEY, value: seq });
          for (const e of fresh) touched.add(e.tool, e.day);
          events += fresh.length;
        } else {
          const rows: ImportedEventRow[] = unique.map((event) => ({ id: importedEventId(from, event.id), device: from, day: event.day, event }));
          const present = new Set((await db.importedEvents.bulkGet(rows.map((r) => r.id))).flatMap((r) => (r ? [r.id] : [])));
          const fresh = rows.filter((r) => !present.has(r.id));
          await db.importedEvents.bulkAdd(fresh);
          events += fresh.length;
        }
      }

      // A file may carry raw events without their rollups (written by hand, or by another tool):
      // the rows those events stand for are derived, and the file's own row wins when it counts
      // more (its device had pruned raw events the rollup still covers).
      const derived = Object.entries(eventsByDevice)
        .filter(([from]) => from !== device)
        .flatMap(([from, list]) => rollupEvents(list, from));
      const incoming = bestRollups([...file.rollups, ...derived]);
      for (const r of incoming) if (r.device === device) touched.add(r.tool, r.day);
      const affected = [...new Set([...incoming.map((r) => r.id), ...[...touched.values()].map(([tool, day]) => rollupId(device, tool, day))])];
      const before = await db.rollups.bulkGet(affected);
      const current = new Map(before.flatMap((r) => (r ? [[r.id, r] as const] : [])));
      await db.rollups.bulkPut(incoming.filter((r) => shouldReplaceRollup(current.get(r.id), r)));
      // Where this device still has the raw events of a day, the row computed from them is exact and wins.
      await recomputeLocalRollups(db, device, touched, prunedBefore);

      const after = await db.rollups.bulkGet(affected);
      let rollups = 0;
      let updatedRollups = 0;
      after.forEach((row, i) => {
        const was = before[i];
        if (row && !was) rollups += 1;
        else if (row && was && !sameRollup(row, was)) updatedRollups += 1;
      });
      const newestDay = incoming.reduce<string | null>((max, r) => (max === null || r.day > max ? r.day : max), null);
      return { ok: true as const, added: { events, rollups, updatedRollups, newestDay } };
    });
  } catch (e) {
    return importFailed(e);
  }
}

/**
 * Deletes everything Leadline keeps about the person: every table (so a new
 * device id and install secret are made on next need, and nothing recorded
 * before can be linked to what comes after) and their storage.local keys.
 * Their own settings ('userSettings') go too: they are personal data like the
 * rest, and "delete everything" must mean everything. Policy (managed storage)
 * belongs to the organisation and is left alone, as is bookkeeping that holds
 * nothing about the person (which hosts were already prompted for).
 *
 * With team sync, the snapshots still open at a collector are withdrawn
 * first (DELETE with each week's withdrawal secret); the report names the
 * weeks that could not be (collector unreachable), and the secrets go anyway.
 */
export function deleteEverything(db: LeadlineDB = defaultDb()): Promise<WithdrawReport> {
  // Team sync: the snapshots still open at a collector are withdrawn first, while their secrets exist.
  return withdrawThenDelete(() => clearEverything(db), { db });
}

async function clearEverything(db: LeadlineDB): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
  });
  await browser.storage.local.remove([PAUSE_KEY, LAST_PAUSE_KEY, USER_SETTINGS_KEY]);
  // A fresh start: "recorded for N days" counts from now.
  await recordInstallDay('reset', async () => null);
  // Tells a running background to drop what it holds in memory from the deleted data (the secret).
  // Set and removed at once: storage.onChanged carries the signal, and no trace is kept.
  await browser.storage.local.set({ [DATA_DELETED_KEY]: Date.now() });
  await browser.storage.local.remove(DATA_DELETED_KEY);
}

const DATA_DELETED_KEY = 'dataDeletedAt';


/** Calls back when the person has deleted everything (from any extension page). */
export function onDataDeleted(cb: () => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && changes[DATA_DELETED_KEY]?.newValue !== undefined) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
