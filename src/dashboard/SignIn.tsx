import { useId, useRef, useState, type FormEvent } from 'react';
import { signIn, type Session } from './api';
import { errorText } from './errors';
import type { Locale, Messages } from './messages';

/**
 * The token is read from the field, sent once in the body of POST /v1/session
 * and dropped: it is not kept in state after the attempt, and the form never
 * submits by GET, so it cannot land in a URL or the history.
 */
export function SignIn({ m, locale, notice, onSignedIn }: { m: Messages; locale: Locale; notice: string | null; onSignedIn: (s: Session) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const errorId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const field = input.current!;
    const token = field.value.trim();
    if (!token) return setError(m.tokenEmpty);
    if (token.startsWith('ll_enroll_')) return setError(m.tokenIsEnroll);
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(token);
      field.value = '';
      onSignedIn(session);
    } catch (err) {
      setError(errorText(m, locale, err));
      setBusy(false);
      field.focus();
    }
  }

  return (
    <main id="main" className="signin card" tabIndex={-1}>
      <h1>{m.signInTitle}</h1>
      {notice ? (
        <p className="note" role="status">
          {notice}
        </p>
      ) : null}
      <p>{m.signInIntro}</p>
      <form method="post" action="#" onSubmit={submit} noValidate>
        <label htmlFor="token">{m.tokenLabel}</label>
        <input
          ref={input}
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
        />
        <p id={hintId} className="hint">
          {m.tokenHint}
        </p>
        {error ? (
          <p id={errorId} className="error" role="alert" data-testid="signin-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? m.signingIn : m.signInButton}
        </button>
      </form>
    </main>
  );
}
