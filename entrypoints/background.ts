import { defineBackground } from 'wxt/utils/define-background';
import { Ingest } from '../src/ingest/ingest';
import {
  extensionId,
  listenForContentMessages,
  onBrowserStart,
  onInstallOrUpdate,
  syncCustomContentScripts,
} from '../src/platform/background-runtime';
import { createConfigCache, isRecorded, watchConfig } from '../src/platform/config-store';
import { DexieIngestStore } from '../src/platform/db';
import { writeConfigSnapshot } from '../src/platform/config-snapshot';
import { pauseWindows } from '../src/platform/pause';
import { onDataDeleted } from '../src/platform/personal-data';
import { onHostAccessChanged } from '../src/platform/permissions';
import { scheduleRetention } from '../src/platform/retention';
import { reportStorageState, requestPersistence, restrictStorageToExtension } from '../src/platform/storage-guard';
import { abortSyncInFlight, onSyncAlarm, restoreSyncAlarm, runSync } from '../src/platform/sync-job';
import { onSyncRequested } from '../src/platform/sync-store';
import { customMatches, effectiveTools } from '../src/tools/effective';

export default defineBackground(() => {
  const config = createConfigCache();
  const retention = scheduleRetention(async () => (await config.get()).values.rawRetentionDays);
  // Only the storage benchmark's build (`wxt build --mode bench`) times the steps of each commit, for
  // its findings; Vite drops this from every other build.
  const commitPhases = import.meta.env.MODE === 'bench' ? ((globalThis as { leadlineCommitPhases?: Record<string, number> }).leadlineCommitPhases = {}) : undefined;
  const ingest = new Ingest({
    store: new DexieIngestStore(undefined, 'fold', commitPhases),
    extensionId: extensionId(),
    // Undefined while the policy is unknown: nothing is stored for any tool until it is known.
    gate: async (tool) => isRecorded(await config.get(), tool),
    // When policy forbids pausing, a pause set earlier is ignored.
    paused: async () => pauseWindows((await config.get()).values.allowUserPause),
    tools: async () => effectiveTools((await config.get()).values),
    // A full database: prune what retention allows at once, then write again.
    relieve: () => retention.run(),
    onStorageState: (error) => void reportStorageState(error),
    // Only `wxt build --mode bench` (what the storage benchmark builds, into .output/chrome-mv3-bench)
    // lifts the per-tab limit, so the benchmark can time what persisting an event costs rather than
    // the limit. Vite replaces MODE at build time: every other build keeps TAB_ITEMS_PER_MINUTE,
    // and the benchmark measures that ceiling on the shipped build in the same run.
    perTabPerMinute: import.meta.env.MODE === 'bench' ? Number.MAX_SAFE_INTEGER : undefined,
  });
  listenForContentMessages(ingest);
  onInstallOrUpdate();
  void restrictStorageToExtension();
  void requestPersistence();

  onDataDeleted(() => ingest.forgetSecret());
  // The popup renders from this snapshot at once: managed storage can take seconds after a browser start.
  const snapshot = () => void config.get().then((c) => (c.policyUnknown ? undefined : writeConfigSnapshot(c.values)), () => undefined);
  onBrowserStart(snapshot);

  const syncScripts = async () => {
    const c = await config.get();
    // An unknown policy says nothing about custom tools: leave their registration as it is.
    if (!c.policyUnknown) await syncCustomContentScripts(customMatches(c.values));
  };
  // Policy changes apply while the browser runs: storage.onChanged (area "managed").
  watchConfig(() => {
    config.invalidate();
    void syncScripts();
    void retention.run(); // a shorter retention applies now, not tomorrow
    snapshot();
  });
  onHostAccessChanged(() => void syncScripts());
  void syncScripts();

  // Team sync (off unless policy or the person turns it on): hourly alarm, "Send now", and at once on a
  // configuration or consent change (turning it off stops a send under way).
  const sync = (force = false) => void runSync({ force }).catch((e: unknown) => console.error('Leadline sync failed', e));
  onSyncAlarm(() => sync());
  onSyncRequested(() => sync(true));
  onBrowserStart(() => sync());
  watchConfig(() => {
    abortSyncInFlight();
    sync();
  });
  onHostAccessChanged(() => sync());
  void restoreSyncAlarm().catch(() => undefined);
});
