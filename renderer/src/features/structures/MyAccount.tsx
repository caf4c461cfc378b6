import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Structure } from '../../../../shared/protocol/entities';
import { invoke, toErrorData } from '../../api';
import { useAuth } from '../../stores/auth-store';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ConnectionRequired, useOnline } from '../../components/OnlineOnly';
import { ReminderSettings } from '../reminders/ReminderSettings';

export function MyAccount() {
  const { t } = useTranslation();
  const online = useOnline();
  const user = useAuth((s) => s.state?.user);
  const [email, setEmail] = useState(user?.email ?? '');
  const [phone, setPhone] = useState(user?.phone ?? '');
  const [newPassword, setNewPassword] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const state = await invoke('account.update', {
        ...(email !== user?.email ? { email } : {}),
        phone: phone.trim() || null,
        ...(newPassword ? { newPassword } : {}),
        ...(currentPassword ? { currentPassword } : {}),
      });
      useAuth.getState().set(state);
      setSaved(true);
      setNewPassword('');
      setCurrentPassword('');
    } catch (err) {
      setError(toErrorData(err));
    }
  }
  const fe = (name: string) => (error?.field === name ? <span className="field-error">{error.message}</span> : null);

  return (
    <section className="page" aria-labelledby="account-title">
      <header className="page-header">
        <h1 id="account-title">{t('account.title')}</h1>
        <p className="muted">{user ? `${user.firstName} ${user.lastName}` : ''}</p>
      </header>
      <ConnectionRequired />
      <form className="card form-narrow" onSubmit={save}>
        <h2>{t('account.details')}</h2>
        <label className="field">
          <span>{t('account.email')}</span>
          <input type="email" value={email} disabled={!online} onChange={(e) => setEmail(e.target.value)} aria-invalid={error?.field === 'email'} />
          {fe('email')}
        </label>
        <label className="field">
          <span>{t('account.phone')}</span>
          <input type="tel" value={phone} disabled={!online} onChange={(e) => setPhone(e.target.value)} />
          {fe('phone')}
        </label>
        <label className="field">
          <span>{t('account.newPassword')}</span>
          <input type="password" autoComplete="new-password" value={newPassword} disabled={!online} onChange={(e) => setNewPassword(e.target.value)} />
          {fe('newPassword')}
        </label>
        <label className="field">
          <span>{t('account.currentPassword')}</span>
          <input type="password" autoComplete="current-password" value={currentPassword} disabled={!online} onChange={(e) => setCurrentPassword(e.target.value)} />
          {fe('currentPassword')}
        </label>
        {error && !error.field ? <ErrorMessage error={error} /> : null}
        {saved ? <p className="success" role="status">{t('account.saved')}</p> : null}
        <button type="submit" className="btn btn-primary" disabled={!online}>
          {t('account.save')}
        </button>
      </form>
      <ReminderSettings />
      <Affiliation online={online} />
    </section>
  );
}

function Affiliation({ online }: { online: boolean }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Structure[] | null>(null);
  const [error, setError] = useState<{ message: string } | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  async function search(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setResults(await invoke('structures.search', { q }));
    } catch (err) {
      setError(toErrorData(err));
    }
  }
  async function request(s: Structure) {
    setError(null);
    try {
      await invoke('account.requestAffiliation', { structureId: s.id });
      setSent(t('account.affiliationSent', { name: s.name }));
    } catch (err) {
      setError(toErrorData(err));
    }
  }
  return (
    <div className="card form-narrow">
      <h2>{t('account.affiliation')}</h2>
      <p className="muted small">{t('account.affiliationHint')}</p>
      <form className="field-row" onSubmit={search} role="search">
        <label className="field grow">
          <span>{t('account.searchStructure')}</span>
          <input value={q} disabled={!online} onChange={(e) => setQ(e.target.value)} />
        </label>
        <button type="submit" className="btn" disabled={!online || q.trim().length < 2}>
          {t('account.search')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {sent ? <p className="success" role="status">{sent}</p> : null}
      {results ? (
        results.length === 0 ? (
          <p className="muted">{t('account.noStructure')}</p>
        ) : (
          <ul className="result-list">
            {results.map((s) => (
              <li key={s.id}>
                <span>
                  {s.name} {s.acronym ? `(${s.acronym})` : ''} · {s.siret} {s.city ? `· ${s.city}` : ''}
                </span>
                <button type="button" className="btn btn-small" disabled={!online} onClick={() => void request(s)}>
                  {t('account.askToJoin')}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
