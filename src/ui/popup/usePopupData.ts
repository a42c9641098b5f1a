import { useCallback, useEffect, useRef, useState } from 'react';
import { addDays, localDay } from '../../contract/day';
import type { DailyRollup } from '../../contract/rollup';
import type { Summary } from '../../metrics/types';
import { summarize } from '../../metrics/summary';
import { loadConfig, watchConfig } from '../../platform/config-store';
import { DEFAULT_SNAPSHOT, pickSnapshot, readConfigSnapshot, writeConfigSnapshot, type ConfigSnapshot } from '../../platform/config-snapshot';
import { readFirstRollupDay, readRollupsSince } from '../../platform/db';
import { pauseFor, readPause, resume, watchPause, type PauseKind } from '../../platform/pause';
import { readStorageProblem, watchStorageProblem, type StorageProblem } from '../../platform/storage-guard';
import { LEVEL_WINDOW_DAYS, type PauseState } from './model';

/**
 * The summary of the last 12 weeks, read once when the popup opens. It waits
 * for the config snapshot (a fast local read) but never for the full
 * configuration, whose managed part can take seconds after a browser start.
 */
interface SummaryRead {
  today: string;
  rows: Promise<DailyRollup[]>;
  first: Promise<string | null>;
  snapshot: Promise<ConfigSnapshot | null>;
}

function startRead(): SummaryRead {
  const today = localDay(Date.now());
  return {
    today,
    rows: readRollupsSince(addDays(today, -(LEVEL_WINDOW_DAYS - 1))),
    // The window holds 12 weeks; whether anything was ever recorded, and since when, is one index lookup.
    first: readFirstRollupDay(),
    // A damaged or unreadable snapshot is no reason to hide the summary: defaults stand in until the config answers.
    snapshot: readConfigSnapshot().catch(() => null),
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

export function useSummary(onSnapshot: (s: ConfigSnapshot) => void): { summary: Summary | null; failed: boolean } {
  const [state, setState] = useState<{ summary: Summary | null; failed: boolean }>({ summary: null, failed: false });
  useEffect(() => {
    let live = true;
    const read = prefetched ?? startRead();
    prefetched = null; // used once: a later mount reads afresh
    read.snapshot.then((s) => live && s && onSnapshot(s));
    Promise.all([read.rows, read.first, read.snapshot])
      .then(([r, firstDay]) => live && setState({ summary: withHistory(summarize(r, read.today), firstDay), failed: false }))
      .catch((e: unknown) => {
        console.error('Leadline popup: reading the summary failed', e);
        if (live) setState({ summary: null, failed: true });
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

export function usePopupConfig(): { config: ConfigSnapshot; fromSnapshot: (s: ConfigSnapshot) => void; waitingForPolicy: boolean } {
  const [config, setConfig] = useState<{ values: ConfigSnapshot; live: boolean }>({ values: DEFAULT_SNAPSHOT, live: false });
  const [waitingForPolicy, setWaiting] = useState(false);
  const latest = useRef(0);
  const fromSnapshot = useCallback((s: ConfigSnapshot) => setConfig((c) => (c.live ? c : { values: s, live: false })), []);
  useEffect(() => {
    let answered = false;
    const slow = setTimeout(() => answered || setWaiting(true), POLICY_WAIT_NOTICE_MS);
    const reload = () => {
      const ticket = ++latest.current;
      loadConfig().then(
        (c) => {
          answered = true;
          if (ticket !== latest.current) return;
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
    const unwatch = watchConfig(reload);
    return () => {
      clearTimeout(slow);
      unwatch();
    };
  }, []);
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
