import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResolvedConfig } from '../../contract/config';
import { loadConfig, readUserSettings, watchConfig } from '../../platform/config-store';
import { readConfigSnapshot } from '../../platform/config-snapshot';
import { readHealthSince } from '../../platform/db';
import { hasHostAccess, onHostAccessChanged } from '../../platform/permissions';
import type { AdapterHealthRow } from '../../contract/health';
import { provisionalConfig, windowStartDay } from './model';

/**
 * The resolved configuration, kept live: reloads whenever policy or the
 * person's settings change. Until the first full read answers (managed
 * storage can take seconds after a browser start), the last known values from
 * the config snapshot stand in, marked `pending`.
 */
export function useConfig(): { config: ResolvedConfig | null; pending: boolean; failed: boolean; reload: () => void } {
  const [config, setConfig] = useState<ResolvedConfig | null>(null);
  const [early, setEarly] = useState<ResolvedConfig | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([readConfigSnapshot(), readUserSettings()]).then(
      ([snapshot, user]) => live && setEarly(provisionalConfig(snapshot, user)),
      () => undefined, // no head start; the full read still comes
    );
    return () => {
      live = false;
    };
  }, []);
  const [failed, setFailed] = useState(false);
  const latest = useRef(0);
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    loadConfig().then(
      (c) => {
        if (ticket !== latest.current) return;
        setConfig(c);
        setFailed(false);
      },
      () => ticket === latest.current && setFailed(true),
    );
  }, []);
  useEffect(() => {
    reload();
    return watchConfig(reload);
  }, [reload]);
  return { config: config ?? early, pending: config === null && early !== null, failed, reload };
}

/** Host access per custom tool id, rechecked when the tools change or a permission is granted or removed. */
export function useHostAccess(tools: readonly { id: string; matches: string[] }[]): Record<string, boolean> {
  const [access, setAccess] = useState<Record<string, boolean>>({});
  const signature = JSON.stringify(tools.map((t) => [t.id, t.matches]));
  useEffect(() => {
    let live = true;
    const check = () => {
      Promise.all(tools.map(async (t) => [t.id, await hasHostAccess(t.matches)] as const)).then((entries) => {
        if (live) setAccess(Object.fromEntries(entries));
      });
    };
    check();
    const stop = onHostAccessChanged(check);
    return () => {
      live = false;
      stop();
    };
    // The signature stands for `tools`, which is a new array on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature]);
  return access;
}

/** Adapter health rows of the last 7 local days; null while loading, 'error' when unreadable. */
export function useHealthRows(refreshKey: unknown): AdapterHealthRow[] | null | 'error' {
  const [rows, setRows] = useState<AdapterHealthRow[] | null | 'error'>(null);
  useEffect(() => {
    let live = true;
    readHealthSince(windowStartDay(Date.now())).then(
      (r) => live && setRows(r),
      () => live && setRows('error'),
    );
    return () => {
      live = false;
    };
  }, [refreshKey]);
  return rows;
}
