import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TeamTree } from '../contract/report';
import { ApiError, createToken, getSettings, getTeams, listTokens, revokeToken, type AdminToken, type Session } from './api';
import { errorText } from './errors';
import { formatDate } from './format';
import type { Locale, Messages } from './messages';

const ROLES = ['enroll', 'lead', 'admin'] as const;

interface AdminData {
  tokens: AdminToken[];
  tree: TeamTree;
  settings: { k: number; minK: number };
}

/** Tokens (create, shown once; revoke), the team tree and k, for an admin session. */
export function AdminPage({ m, locale, session, onUnauthorized }: { m: Messages; locale: Locale; session: Session; onUnauthorized: () => void }) {
  const [data, setData] = useState<AdminData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ token: string; role: string; team: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [role, setRole] = useState<string>('lead');
  const [team, setTeam] = useState(session.scope ?? '');
  const newTokenRef = useRef<HTMLInputElement>(null);
  const teamHint = useId();

  const handle = useCallback(
    (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) return onUnauthorized();
      setError(e instanceof ApiError && e.status === 400 ? e.message : errorText(m, locale, e));
    },
    [m, locale, onUnauthorized],
  );

  const load = useCallback(async () => {
    try {
      const [tokens, tree, settings] = await Promise.all([listTokens(), getTeams(), getSettings()]);
      setData({ tokens, tree, settings });
    } catch (e) {
      handle(e);
    }
  }, [handle]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (created) newTokenRef.current?.select();
  }, [created]);

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const t = await createToken(session.csrf, role, team.trim());
      setCreated({ token: t.token, role: t.role, team: t.team });
      await load();
    } catch (err) {
      handle(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(t: AdminToken) {
    if (!window.confirm(m.revokeConfirm(t.prefix))) return;
    setError(null);
    try {
      await revokeToken(session.csrf, t.id);
      await load();
    } catch (err) {
      handle(err);
    }
  }

  if (session.role !== 'admin') return <p className="error-box">{m.adminOnly}</p>;

  return (
    <div className="admin" data-testid="admin">
      <h1>{m.adminTitle}</h1>
      {error ? (
        <p className="error-box" role="alert">
          {error}
        </p>
      ) : null}

      <section className="card" aria-labelledby="tokens-h">
        <h2 id="tokens-h">{m.tokensTitle}</h2>
        <p className="intro">{m.tokensIntro}</p>
        <form className="controls" onSubmit={create} aria-label={m.newToken}>
          <label>
            {m.role}
            <select value={role} onChange={(e) => setRole(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {m.roles[r] ?? r}
                </option>
              ))}
            </select>
          </label>
          <label>
            {m.team}
            <input value={team} onChange={(e) => setTeam(e.target.value)} list="known-teams" aria-describedby={teamHint} required spellCheck={false} />
          </label>
          <datalist id="known-teams">
            {data?.tree.teams.map((t) => <option key={t.path} value={t.path} />)}
          </datalist>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? m.creating : m.create}
          </button>
          <p id={teamHint} className="hint full">
            {m.teamInputHint}
          </p>
        </form>
        {created ? (
          <div className="new-token" role="status" data-testid="new-token">
            <p>
              <strong>{m.newTokenOnce}</strong>
            </p>
            <label>
              {`${m.roles[created.role] ?? created.role} · ${created.team}`}
              <input ref={newTokenRef} readOnly value={created.token} spellCheck={false} />
            </label>
            <button type="button" onClick={() => void navigator.clipboard?.writeText(created.token)}>
              {m.copy}
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              {m.dismiss}
            </button>
          </div>
        ) : null}
        {data ? (
          data.tokens.length === 0 ? (
            <p className="muted">{m.noTokens}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="tokens">
                <caption>{m.tokensTitle}</caption>
                <thead>
                  <tr>
                    <th scope="col">{m.colPrefix}</th>
                    <th scope="col">{m.colRole}</th>
                    <th scope="col">{m.team}</th>
                    <th scope="col">{m.colCreated}</th>
                    <th scope="col">{m.colState}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.tokens.map((t) => (
                    <tr key={t.id}>
                      <th scope="row">
                        <code>{t.prefix}…</code>
                      </th>
                      <td>{m.roles[t.role] ?? t.role}</td>
                      <td>{t.team}</td>
                      <td>{formatDate(locale, t.createdAt)}</td>
                      <td>
                        {t.revokedAt ? (
                          m.revoked(formatDate(locale, t.revokedAt))
                        ) : (
                          <button type="button" onClick={() => void revoke(t)} aria-label={`${m.revoke} ${t.prefix}…`}>
                            {m.revoke}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : (
          <p role="status">{m.loading}</p>
        )}
      </section>

      {data ? (
        <>
          <section className="card" aria-labelledby="k-h">
            <h2 id="k-h">{m.kTitle}</h2>
            <p data-testid="admin-k">{m.kValue(data.settings.k, data.settings.minK)}</p>
          </section>
          <section className="card" aria-labelledby="tree-h">
            <h2 id="tree-h">{m.treeTitle}</h2>
            {data.tree.teams.length === 0 ? (
              <p className="muted">{m.treeEmpty}</p>
            ) : (
              <ul className="tree" data-testid="team-tree">
                {data.tree.teams.map((t) => (
                  <li key={t.path} style={{ paddingInlineStart: `${(t.depth - 1) * 1.25}rem` }}>
                    {t.path}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
