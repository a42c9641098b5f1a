import { useCallback, useEffect, useState } from 'react';
import { getSession, signOut, type Session } from './api';
import { AdminPage } from './AdminPage';
import { errorText } from './errors';
import { LOCALES, MESSAGES, pickLocale, type Locale } from './messages';
import { ReportPage } from './ReportPage';
import { SignIn } from './SignIn';

/** The reader's own choice of language is kept (it is no secret); otherwise the browser's languages decide. */
const LOCALE_KEY = 'leadline.dashboard.locale';
function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(LOCALE_KEY);
  return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : pickLocale(navigator.languages ?? [navigator.language]);
}

type Page = 'report' | 'admin';
const pageOf = (hash: string): Page => (hash === '#admin' ? 'admin' : 'report');

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const m = MESSAGES[locale];
  const [session, setSession] = useState<Session | null | 'loading'>('loading');
  const [notice, setNotice] = useState<string | null>(null);
  const [page, setPage] = useState<Page>(() => pageOf(location.hash));

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = m.appTitle;
  }, [locale, m]);

  useEffect(() => {
    const onHash = () => setPage(pageOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    getSession().then(setSession, (e: unknown) => {
      setSession(null);
      setNotice(errorText(MESSAGES[initialLocale()], initialLocale(), e));
    });
  }, []);

  const onUnauthorized = useCallback(() => {
    setSession(null);
    setNotice(m.sessionEnded);
  }, [m]);

  const changeLocale = (l: Locale) => {
    setLocale(l);
    localStorage.setItem(LOCALE_KEY, l);
  };

  async function doSignOut(s: Session) {
    try {
      await signOut(s.csrf);
    } catch {
      // An already-ended session is signed out too; the cookie is HttpOnly, so the server is the one to end it.
    }
    setSession(null);
    setNotice(m.signedOut);
  }

  return (
    <>
      <a className="skip" href="#main">
        {m.skip}
      </a>
      <header className="top no-print">
        <span className="brand">Leadline</span>
        {session && session !== 'loading' ? (
          <nav aria-label={m.mainNav}>
            <a href="#report" aria-current={page === 'report' ? 'page' : undefined}>
              {m.navReport}
            </a>
            {session.role === 'admin' ? (
              <a href="#admin" aria-current={page === 'admin' ? 'page' : undefined}>
                {m.navAdmin}
              </a>
            ) : null}
          </nav>
        ) : null}
        <span className="spacer" />
        <label className="lang">
          {m.language}
          <select value={locale} onChange={(e) => changeLocale(e.target.value as Locale)} data-testid="language">
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {MESSAGES[l].langName}
              </option>
            ))}
          </select>
        </label>
        {session && session !== 'loading' ? (
          <>
            <span className="who">{m.signedInAs(m.roles[session.role] ?? session.role, session.scope ?? m.wholeCollector)}</span>
            <button type="button" onClick={() => void doSignOut(session)} data-testid="sign-out">
              {m.signOut}
            </button>
          </>
        ) : null}
      </header>
      {session === 'loading' ? (
        <main id="main" tabIndex={-1}>
          <p role="status">{m.loading}</p>
        </main>
      ) : session === null ? (
        <SignIn
          m={m}
          locale={locale}
          notice={notice}
          onSignedIn={(s) => {
            setNotice(null);
            setSession(s);
          }}
        />
      ) : (
        <main id="main" tabIndex={-1}>
          {page === 'admin' ? (
            <AdminPage m={m} locale={locale} session={session} onUnauthorized={onUnauthorized} />
          ) : (
            <ReportPage key={session.scope ?? ''} m={m} locale={locale} onUnauthorized={onUnauthorized} />
          )}
        </main>
      )}
    </>
  );
}
