import { useCallback, useEffect, useRef, useState } from 'react';
import { watchConfig } from '../../platform/config-store';
import { onSyncChanged } from '../../platform/sync-store';
import { readSyncView, type SyncView } from '../../platform/sync-view';

/** The sync view, re-read whenever the job, the configuration or a permission changes. */
export function useSyncView(): { view: SyncView | null; failed: boolean; reload: () => void } {
  const [view, setView] = useState<SyncView | null>(null);
  const [failed, setFailed] = useState(false);
  const latest = useRef(0);
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    readSyncView().then(
      (v) => {
        if (ticket !== latest.current) return;
        setView(v);
        setFailed(false);
      },
      (e: unknown) => {
        console.error('Leadline: reading the sync state failed', e);
        if (ticket === latest.current) setFailed(true);
      },
    );
  }, []);
  useEffect(() => {
    reload();
    // A consent granted or withdrawn reaches here too: the background re-runs and announces the change.
    const stops = [onSyncChanged(reload), watchConfig(reload)];
    return () => stops.forEach((stop) => stop());
  }, [reload]);
  return { view, failed, reload };
}
