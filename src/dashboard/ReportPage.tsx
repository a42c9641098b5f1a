import { useCallback, useEffect, useRef, useState } from 'react';
import type { TeamReport, TeamTree } from '../contract/report';
import { ApiError, getReport, getTeams } from './api';
import { csvFileName, reportCsv } from './csv';
import { EmptyState } from './EmptyState';
import { errorText } from './errors';
import type { Fmt } from './format';
import type { Locale, Messages } from './messages';
import { isEmptyReport, latestWeek, reportTables, type ChildSort } from './model';
import { ReportView } from './ReportView';

/** The team a reader starts on: their scope, or for a collector-wide admin the first root of the tree. */
export function rootOf(tree: { scope: string | null; teams: { path: string }[] }): string | null {
  return tree.scope ?? tree.teams[0]?.path ?? null;
}

export const WEEK_CHOICES = [12, 26, 52] as const;

type Load<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ok'; data: T };

/** Saves a text as a file through a temporary object URL: the download is built here, not fetched again. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ReportPage({ m, locale, onUnauthorized }: { m: Messages; locale: Locale; onUnauthorized: () => void }) {
  const [tree, setTree] = useState<Load<TeamTree>>({ state: 'loading' });
  const [team, setTeam] = useState<string | null>(null);
  const [weeks, setWeeks] = useState<number>(12);
  const [report, setReport] = useState<Load<TeamReport>>({ state: 'loading' });
  const [sort, setSort] = useState<ChildSort>({ key: 'team', dir: 'asc' });
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLDivElement>(null);

  const fail = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) onUnauthorized();
    },
    [onUnauthorized],
  );

  useEffect(() => {
    let live = true;
    getTeams().then(
      (t) => {
        if (!live) return;
        setTree({ state: 'ok', data: t });
        // An admin made without a team has no scope (null): start from the first root of the tree.
        setTeam((cur) => cur ?? rootOf(t));
      },
      (error: unknown) => {
        if (!live) return;
        fail(error);
        setTree({ state: 'error', error });
      },
    );
    return () => {
      live = false;
    };
  }, [fail, attempt]);

  useEffect(() => {
    if (!team) return;
    let live = true;
    setReport({ state: 'loading' });
    getReport(team, weeks).then(
      (r) => live && setReport({ state: 'ok', data: r }),
      (error: unknown) => {
        if (!live) return;
        fail(error);
        setReport({ state: 'error', error });
      },
    );
    return () => {
      live = false;
    };
  }, [team, weeks, fail, attempt]);

  const openTeam = useCallback((t: string) => {
    setTeam(t);
    setSort({ key: 'team', dir: 'asc' });
    // The page changes under the reader: take them to its new heading.
    requestAnimationFrame(() => heading.current?.focus());
  }, []);

  if (tree.state === 'loading') return <p role="status">{m.loading}</p>;
  if (tree.state === 'error') return <ErrorBox m={m} locale={locale} error={tree.error} onRetry={() => setAttempt((a) => a + 1)} />;
  const k = tree.data.k;
  const minDepth = Math.min(...tree.data.teams.map((t) => t.depth));
  const fmt: Fmt = { locale, m, k: report.state === 'ok' ? report.data.k : k };
  const origin = location.origin;
  const notFoundAtScope = report.state === 'error' && report.error instanceof ApiError && report.error.status === 404 && team === rootOf(tree.data);
  if (tree.data.teams.length === 0 || notFoundAtScope || (report.state === 'ok' && isEmptyReport(report.data) && team === rootOf(tree.data))) {
    return <EmptyState m={m} origin={origin} />;
  }

  return (
    <>
      <form className="controls no-print" aria-label={m.teamLabel} onSubmit={(e) => e.preventDefault()}>
        <label>
          {m.teamLabel}
          <select value={team ?? ''} onChange={(e) => openTeam(e.target.value)} data-testid="team-picker">
            {tree.data.teams.map((t) => (
              <option key={t.path} value={t.path}>
                {'\u00a0\u00a0'.repeat(t.depth - minDepth) + t.path}
              </option>
            ))}
          </select>
        </label>
        <label>
          {m.weeksLabel}
          <select value={weeks} onChange={(e) => setWeeks(Number(e.target.value))} data-testid="weeks-picker">
            {WEEK_CHOICES.map((n) => (
              <option key={n} value={n}>
                {m.weeksOption(n)}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {report.state === 'ok' ? (
          <>
            <button
              type="button"
              data-testid="download-csv"
              title={m.csvNote}
              onClick={() => download(csvFileName(report.data.team, latestWeek(report.data).week, report.data.weeks.length), reportCsv(report.data.team, reportTables(fmt, report.data, sort)))}
            >
              {m.downloadCsv}
            </button>
            <button type="button" onClick={() => window.print()}>
              {m.print}
            </button>
          </>
        ) : null}
      </form>
      <div ref={heading} tabIndex={-1} className="focus-target" aria-live="polite" aria-busy={report.state === 'loading'}>
        {report.state === 'loading' ? <p role="status">{m.loading}</p> : null}
        {report.state === 'error' ? <ErrorBox m={m} locale={locale} error={report.error} onRetry={() => setAttempt((a) => a + 1)} /> : null}
      </div>
      {report.state === 'ok' ? <ReportView fmt={fmt} report={report.data} childSort={sort} onChildSort={setSort} onOpenTeam={openTeam} /> : null}
    </>
  );
}

export function ErrorBox({ m, locale, error, onRetry }: { m: Messages; locale: Locale; error: unknown; onRetry: () => void }) {
  return (
    <div className="error-box" role="alert" data-testid="error">
      <p>{errorText(m, locale, error)}</p>
      {error instanceof ApiError && (error.status === 403 || error.status === 404) ? null : (
        <button type="button" onClick={onRetry}>
          {m.retry}
        </button>
      )}
    </div>
  );
}
