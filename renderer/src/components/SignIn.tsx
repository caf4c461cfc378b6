import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../stores/auth-store';
import { toErrorData } from '../api';
import { LanguageSwitch } from './LanguageSwitch';

export function SignIn() {
  const { t } = useTranslation();
  const previous = useAuth((s) => s.state);
  const [email, setEmail] = useState(previous?.user?.email ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await useAuth.getState().signIn(email.trim(), password);
    } catch (e) {
      setError(toErrorData(e));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => (error?.field === name ? error.message : null);
  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title" noValidate>
        <div className="signin-brand">
          <span className="brand-mark" aria-hidden="true">R</span>
          <div>
            <h1 id="signin-title">{t('signIn.title')}</h1>
            <p className="muted">{t('signIn.subtitle')}</p>
          </div>
        </div>
        {previous?.needsSignIn ? <p className="notice">{t('signIn.needsSignIn')}</p> : null}
        <label className="field">
          <span>{t('signIn.email')}</span>
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus aria-invalid={!!fieldError('email')} />
          {fieldError('email') ? <span className="field-error">{fieldError('email')}</span> : null}
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required aria-invalid={!!fieldError('password')} />
          {fieldError('password') ? <span className="field-error">{fieldError('password')}</span> : null}
        </label>
        {error && !error.field ? <p className="error-message" role="alert">{error.message}</p> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
        <p className="muted small">{t('signIn.offlineHint')}</p>
        <LanguageSwitch />
      </form>
    </main>
  );
}
