// Banners above every page: the session expired (sign in again without leaving the work in progress), and the
// local database was rebuilt (where the unsent decisions were exported, and that they are queued again).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { toErrorData } from '../api';
import { useAuth } from '../stores/auth-store';
import { ErrorMessage } from './ErrorMessage';

export function SessionNotices() {
  const { t } = useTranslation();
  const state = useAuth((s) => s.state);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string } | null>(null);
  if (!state?.signedIn) return null;

  async function reauth(e: FormEvent) {
    e.preventDefault();
    if (!state?.user) return;
    setBusy(true);
    setError(null);
    try {
      await useAuth.getState().signIn(state.user.email, password);
      setPassword('');
    } catch (err) {
      setError(toErrorData(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {state.needsSignIn && state.user ? (
        <form className="notice-banner" onSubmit={(e) => void reauth(e)} aria-label={t('notices.reauthLabel')} data-testid="reauth">
          <p>{t('signIn.needsSignIn')}</p>
          <label className="field inline">
            <span>{t('signIn.password')}</span>
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <button type="submit" className="btn btn-small btn-primary" disabled={busy || !password}>
            {busy ? t('signIn.busy') : t('notices.reauth')}
          </button>
          <ErrorMessage error={error} />
        </form>
      ) : null}
      {state.recovery ? (
        <div className="notice-banner warning" role="status" data-testid="recovery-notice">
          <p>
            {t('notices.recovery', { count: state.recovery.requeued, reason: recoveryCause(t, state.recovery) })}
            {state.recovery.exportedFile ? <> {t('notices.recoveryFile', { file: state.recovery.exportedFile })}</> : null}
          </p>
        </div>
      ) : null}
    </>
  );
}

/** What happened to the local database, in words: the lost key or missing file said so, an unreadable file's own detail. */
function recoveryCause(t: TFunction, recovery: { cause?: 'KEY_MISSING' | 'DATABASE_MISSING' | 'UNREADABLE'; reason: string }): string {
  if (recovery.cause === 'KEY_MISSING') return t('notices.recoveryCause.KEY_MISSING');
  if (recovery.cause === 'DATABASE_MISSING') return t('notices.recoveryCause.DATABASE_MISSING');
  return recovery.reason;
}
