import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreRegistrationView, SessionListRow } from '../../../../shared/ipc/views';
import { invoke, toErrorData } from '../../api';
import { useSync } from '../../stores/sync-store';
import { activeMembership, useAuth } from '../../stores/auth-store';
import { formatDateTime } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';

export function PreRegistrations() {
  const { t } = useTranslation();
  const dataVersion = useSync((s) => s.dataVersion);
  const membership = activeMembership(useAuth((s) => s.state));
  const [items, setItems] = useState<PreRegistrationView[] | null>(null);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  useEffect(() => {
    invoke('preRegistrations.list', {})
      .then(setItems)
      .catch((e) => setError(toErrorData(e)));
  }, [dataVersion]);

  async function run(call: () => Promise<unknown>) {
    setError(null);
    try {
      await call();
    } catch (e) {
      setError(toErrorData(e));
    }
  }

  return (
    <section className="page" aria-labelledby="prereg-title">
      <header className="page-header">
        <h1 id="prereg-title">{t('prereg.title')}</h1>
        <p className="muted">{t('prereg.subtitle', { profile: membership?.profile ? t(`profile.${membership.profile}`) : t('profile.none') })}</p>
      </header>
      <CreateForm />
      <ErrorMessage error={error} />
      {items && items.length === 0 ? <p className="empty-state">{t('prereg.empty')}</p> : null}
      {items && items.length > 0 ? (
        <table className="data-table card">
          <thead>
            <tr>
              <th scope="col">{t('prereg.col.candidate')}</th>
              <th scope="col">{t('prereg.col.session')}</th>
              <th scope="col">{t('prereg.col.by')}</th>
              <th scope="col">{t('prereg.col.status')}</th>
              <th scope="col">{t('structures.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.preRegistration.id}>
                <td>
                  {p.preRegistration.candidate.firstName} {p.preRegistration.candidate.lastName}
                  <br />
                  <span className="small muted">{p.preRegistration.candidate.email}</span>
                </td>
                <td>
                  {p.sessionTitle} <span className="small muted">({p.carifNumber})</span>
                </td>
                <td>
                  {p.preRegistration.createdByName} · {t(`profile.${p.preRegistration.createdByProfile}`)}
                  <br />
                  <span className="small muted">{formatDateTime(p.preRegistration.createdAt)}</span>
                </td>
                <td>
                  <span className="badge badge-muted">{t(`preregStatus.${p.preRegistration.status}`)}</span>
                  {p.pending ? <span className="badge badge-pending">{t('list.pending')}</span> : null}
                </td>
                <td className="actions-cell">
                  <button type="button" className="btn btn-small btn-primary" disabled={!p.canValidate.allowed} title={p.canValidate.reason ?? undefined} onClick={() => void run(() => invoke('preRegistrations.validate', { preRegistrationId: p.preRegistration.id }))}>
                    {t('prereg.validate')}
                  </button>
                  <button type="button" className="btn btn-small btn-danger-outline" disabled={!p.canDelete.allowed} title={p.canDelete.reason ?? undefined} onClick={() => void run(() => invoke('preRegistrations.delete', { preRegistrationId: p.preRegistration.id }))}>
                    {t('prereg.delete')}
                  </button>
                  {!p.canValidate.allowed && p.canValidate.reason && p.preRegistration.status === 'BROUILLON' ? <p className="small muted">{p.canValidate.reason}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function CreateForm() {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<SessionListRow[]>([]);
  const [sessionId, setSessionId] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    invoke('sessions.list', { filters: {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 500 })
      .then((p) => setSessions(p.rows))
      .catch(() => undefined);
  }, []);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await invoke('preRegistrations.create', { sessionId, candidate: { firstName, lastName, email, phone: phone.trim() || null } });
      setSaved(true);
      setFirstName('');
      setLastName('');
      setEmail('');
      setPhone('');
    } catch (err) {
      setError(toErrorData(err));
    }
  }
  const fe = (name: string) => (error?.field?.endsWith(name) ? <span className="field-error">{error.message}</span> : null);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="prereg-new">
      <h2 id="prereg-new">{t('prereg.new')}</h2>
      <div className="field-row wrap">
        <label className="field grow">
          <span>{t('prereg.session')}</span>
          <select aria-label={t('prereg.session')} value={sessionId} onChange={(e) => setSessionId(e.target.value)} required>
            <option value="">{t('prereg.chooseSession')}</option>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.actionTitle} — {s.carifNumber} — {s.city}
              </option>
            ))}
          </select>
          {fe('sessionId')}
        </label>
        <label className="field">
          <span>{t('prereg.firstName')}</span>
          <input value={firstName} onChange={(e) => setFirstName(e.target.value)} required />
          {fe('firstName')}
        </label>
        <label className="field">
          <span>{t('prereg.lastName')}</span>
          <input value={lastName} onChange={(e) => setLastName(e.target.value)} required />
          {fe('lastName')}
        </label>
        <label className="field">
          <span>{t('prereg.email')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          {fe('email')}
        </label>
        <label className="field">
          <span>{t('prereg.phone')}</span>
          <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </label>
      </div>
      {error && !error.field ? <ErrorMessage error={error} /> : null}
      {saved ? <p className="success" role="status">{t('prereg.saved')}</p> : null}
      <button type="submit" className="btn btn-primary" disabled={!sessionId}>
        {t('prereg.save')}
      </button>
    </form>
  );
}
