import { useCallback, useEffect, useRef, useState } from 'react';
import { addDays, localDay } from '../../contract/day';
import type { DailyRollup } from '../../contract/rollup';
import type { Summary } from '../../metrics/types';
import { summarize } from '../../metrics/summary';
import { readSnapshotValues, SNAPSHOT_DEFAULTS, type SnapshotValues } from '../../platform/config-snapshot-read';
import { readFirstRollupDay, readRollupsSince } from '../../platform/db';
import { readInstallDay } from '../../platform/install-day';
import { readPause, watchPause } from '../../platform/pause-read';
import type { PauseKind } from '../../data/pause';
import { readTipsHidden, setTipsHidden } from '../../platform/tips';
import { readStorageProblem, watchStorageProblem, type StorageProblem } from '../../platform/storage-guard';
import { LEVEL_WINDOW_DAYS, type PauseState } from './model';

/*
 * Everything imported statically here is on the popup's first paint, and none
 * of it loads zod: the configuration contract (config-store, config-snapshot)
 * and the pause actions (which check the policy) are imported when needed,
 * after the summary is on screen. tests/e2e/build.test.ts checks the chunk.
 */

/**
 * The summary of the last 12 weeks, read once when the popup opens. It waits
 * for the config snapshot (a fast local read) but never for the full
 * configuration, whose managed part can take seconds after a browser start.
 */
interface SummaryRead {
  today: string;
  rows: Promise<DailyRollup[]>;
  first: Promise<string | null>;
  installDay: Promise<string | null>;
  snapshot: Promise<SnapshotValues | null>;
  tipsHidden: Promise<boolean>;
}

function startRead(): SummaryRead {
  const today = localDay(Date.now());
  return {
    today,
    rows: readRollupsSince(addDays(today, -(LEVEL_WINDOW_DAYS - 1))),
    // The window holds 12 weeks; whether anything was ever recorded, and since when, is one index lookup.
    first: readFirstRollupDay(),
    installDay: readInstallDay().catch(() => null),
    // A damaged or unreadable snapshot is no reason to hide the summary: defaults stand in until the config answers.
    snapshot: readSnapshotValues().catch(() => null),
    tipsHidden: readTipsHidden().catch(() => false),
  };
}

let prefetched: SummaryRead | null = null;

/**
 * Starts reading before React mounts (called from the entrypoint), so opening
 * IndexedDB overlaps with loading and rendering the page rather than following it.
 */
export function prefetchSummary(): void {
  prefetched ??= startRead();
}

export interface SummaryState {
  summary: Summary | null;
  failed: boolean;
  installDay: string | null;
  tipsHidden: boolean;
}

export function useSummary(onSnapshot: (s: SnapshotValues) => void): SummaryState {
  const [state, setState] = useState<SummaryState>({ summary: null, failed: false, installDay: null, tipsHidden: false });
  useEffect(() => {
    let live = true;
    const read = prefetched ?? startRead();
    prefetched = null; // used once: a later mount reads afresh
    read.snapshot.then((s) => live && s && onSnapshot(s));
    Promise.all([read.rows, read.first, read.snapshot, read.installDay, read.tipsHidden])
      .then(
        ([r, firstDay, , installDay, tipsHidden]) =>
          live && setState({ summary: withHistory(summarize(r, read.today), firstDay), failed: false, installDay, tipsHidden }),
      )
      .catch((e: unknown) => {
        console.error('Leadline popup: reading the summary failed', e);
        if (live) setState({ summary: null, failed: true, installDay: null, tipsHidden: false });
      });
    return () => {
      live = false;
    };
    // onSnapshot is stable (usePopupConfig's useCallback): the rollups are read once per opening.
  }, [onSnapshot]);
  return state;
}

/** Someone whose last use is more than 12 weeks ago has a history, not an empty install. */
function withHistory(summary: Summary, firstDay: string | null): Summary {
  if (firstDay === null) return summary;
  return { ...summary, hasData: true, firstDay: summary.firstDay && summary.firstDay < firstDay ? summary.firstDay : firstDay };
}

/**
 * The settings the popup needs: the snapshot (or defaults) first, then the
 * full configuration when it answers, kept live while the popup is open. Each
 * full read refreshes the snapshot for the next opening.
 */
/** Past this, a configuration read that has not answered is worth saying so (managed storage after a browser start). */
export const POLICY_WAIT_NOTICE_MS = 3_000;

export function usePopupConfig(firstScreenShown: boolean): { config: SnapshotValues; fromSnapshot: (s: SnapshotValues) => void; waitingForPolicy: boolean } {
  const [config, setConfig] = useState<{ values: SnapshotValues; live: boolean }>({ values: SNAPSHOT_DEFAULTS, live: false });
  const [waitingForPolicy, setWaiting] = useState(false);
  const fromSnapshot = useCallback((s: SnapshotValues) => setConfig((c) => (c.live ? c : { values: s, live: false })), []);
  const answered = useRef(false);
  useEffect(() => {
    const slow = setTimeout(() => answered.current || setWaiting(true), POLICY_WAIT_NOTICE_MS);
    return () => clearTimeout(slow);
  }, []);
  useEffect(() => {
    // The configuration code (zod) loads and runs once the first screen is up: the snapshot stands in
    // until then, and parsing it earlier would only compete with the summary for the main thread.
    if (!firstScreenShown) return;
    let stop: (() => void) | undefined;
    let live = true;
    const latest = { ticket: 0 };
    // Loaded after the first paint: the configuration contract is the heaviest code the popup has.
    Promise.all([import('../../platform/config-store'), import('../../platform/config-snapshot')]).then(
      ([{ loadConfig, watchConfig }, { pickSnapshot, writeConfigSnapshot }]) => {
        if (!live) return;
        const reload = () => {
          const ticket = ++latest.ticket;
          loadConfig().then(
            (c) => {
              answered.current = true;
              if (!live || ticket !== latest.ticket) return;
              // Unknown policy: nothing is recorded until it is known, and the last known settings stay on screen.
              setWaiting(c.policyUnknown === true);
              if (c.policyUnknown) return;
              const values = pickSnapshot(c.values);
              setConfig({ values, live: true });
              writeConfigSnapshot(values).catch(() => {
                // Only the next opening's head start is lost; the values shown are right.
              });
            },
            (e: unknown) => console.error('Leadline popup: reading the configuration failed; showing the last known settings', e),
          );
        };
        reload();
        stop = watchConfig(reload);
      },
      (e: unknown) => console.error('Leadline popup: the configuration code could not be loaded', e),
    );
    return () => {
      live = false;
      stop?.();
    };
  }, [firstScreenShown]);
  return { config: config.values, fromSnapshot, waitingForPolicy };
}

/** A lasting write failure the background recorded (the database full), kept live while the popup is open. */
export function useStorageProblem(): StorageProblem | null {
  const [problem, setProblem] = useState<StorageProblem | null>(null);
  useEffect(() => {
    const read = () => void readStorageProblem().then(setProblem, () => undefined);
    read();
    return watchStorageProblem(read);
  }, []);
  return problem;
}

export type PauseAction = PauseKind | 'resume';
/** What went wrong, with the refusal's own reason when pausing was refused. */
export interface PauseError {
  action: PauseAction;
  detail: string;
  /** Policy forbids pausing (the popup's copy of the settings was older than the policy). */
  notAllowed?: boolean;
}

/** The pause state, kept live, re-rendered when a timed pause runs out while the popup is open. */
export function usePause(): {
  pause: PauseState | null | undefined;
  error: PauseError | null;
  busy: boolean;
  act: (action: PauseAction) => Promise<void>;
} {
  const [pause, setPause] = useState<PauseState | null | undefined>(undefined);
  const [error, setError] = useState<PauseError | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => {
    readPause().then(
      (p) => setPause(p),
      (e: unknown) => {
        console.error('Leadline popup: reading the pause failed', e);
        setPause(null);
      },
    );
  }, []);
  useEffect(() => {
    reload();
    // watchPause also calls back when a timed pause runs out while the popup is open.
    return watchPause((state) => setPause(state));
  }, [reload]);
  const act = useCallback(
    async (action: PauseAction) => {
      setBusy(true);
      setError(null);
      try {
        // Pausing checks the policy, so its code (and the configuration contract) loads on the click.
        const { pauseFor, resume } = await import('../../platform/pause');
        if (action === 'resume') {
          await resume();
        } else {
          const result = await pauseFor(action);
          if (!result.ok) setError({ action, detail: result.error, notAllowed: result.reason === 'not_allowed' });
        }
      } catch (e) {
        console.error('Leadline popup: changing the pause failed', e);
        setError({ action, detail: e instanceof Error ? e.message : String(e) });
      } finally {
        setBusy(false);
        reload();
      }
    },
    [reload],
  );
  return { pause, error, busy, act };
}

/** Whether tips are hidden, starting from what was read with the summary; only that choice is ever stored. */
export function useTipsHidden(initial: boolean): { hidden: boolean; setHidden: (hidden: boolean) => void } {
  const [override, set] = useState<boolean | null>(null);
  const setHidden = useCallback((next: boolean) => {
    set(next);
    setTipsHidden(next).catch((e: unknown) => console.error('Leadline popup: the tips choice could not be saved', e));
  }, []);
  return { hidden: override ?? initial, setHidden };
}
