// Pre-registrations (seed 000, « Prescripteur niveau 1/2/3 »): a candidate put on a session by a prescriber. The
// form picks the session among those that can take one and checks the person with the shared schema before anything
// is queued; the list says once what this level may do, then shows only the actions each row allows.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Person } from '../../../../shared/protocol/entities';
import { invoke, toErrorData, whyNot } from '../../api';
import { useIpcQuery } from '../../use-ipc-query';
import { activeMembership, useAuth } from '../../stores/auth-store';
import { formatDateTime } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SessionPicker, type PickedSession } from './SessionPicker';

export function PreRegistrations({ initialSessionId }: { initialSessionId: string | null }) {
  const { t } = useTranslation();
  const membership = activeMembership(useAuth((s) => s.state));
  const profile = membership?.profile ?? null;
  const list = useIpcQuery('preRegistrations.list', {});
  const items = list.data ?? null;
  const [actionError, setError] = useState<{ message: string; field?: string } | null>(null);
  const error = actionError ?? (list.error ? toErrorData(list.error) : null);

  async function run(call: () => Promise<unknown>) {
    setError(null);
    try {
      await call();
    } catch (e) {
      setError(toErrorData(e));
    }
  }
  // An N1 never validates: said once above the list rather than as a disabled button on every row.
  const validates = profile === 'PRESCRIPTEUR_N2' || profile === 'PRESCRIPTEUR_N3';

  return (
    <section className="page" aria-labelledby="prereg-title">
      <header className="page-header">
        <h1 id="prereg-title">{t('prereg.title')}</h1>
        <p className="muted">{t('prereg.subtitle', { profile: profile ? t(`profile.${profile}`) : t('profile.none') })}</p>
      </header>
      {profile ? (
        <p className="level-note" data-testid="level-note">
          {t(`prereg.level.${profile}`, { defaultValue: '' })}
        </p>
      ) : null}
      <CreateForm initialSessionId={initialSessionId} />
      <ErrorMessage error={error} />
      <h2 className="section-title">{t('prereg.listTitle')}</h2>
      {items && items.length === 0 ? <p className="empty-state">{t('prereg.empty')}</p> : null}
      {items && items.length > 0 ? (
        <div className="card flush">
          <table className="data-table prereg-table" data-testid="prereg-table">
            <thead>
              <tr>
                <th scope="col" className="p-candidate">{t('prereg.col.candidate')}</th>
                <th scope="col" className="p-session">{t('prereg.col.session')}</th>
                <th scope="col" className="p-by">{t('prereg.col.by')}</th>
                <th scope="col" className="p-status">{t('prereg.col.status')}</th>
                <th scope="col" className="p-actions">{t('structures.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => {
                const pre = p.preRegistration;
                const draft = pre.status === 'BROUILLON';
                return (
                  <tr key={pre.id}>
                    <td className="p-candidate">
                      <span className="strong">
                        {pre.candidate.firstName} {pre.candidate.lastName}
                      </span>
                      <span className="small muted block">{pre.candidate.email}</span>
                      {pre.candidate.phone ? <span className="small muted block">{pre.candidate.phone}</span> : null}
                    </td>
                    <td className="p-session">
                      {p.sessionTitle}
                      <span className="small muted block">
                        {t('list.carif')} {p.carifNumber}
                      </span>
                    </td>
                    <td className="p-by">
                      {pre.createdByName}
                      <span className="small muted block">
                        {t(`profile.${pre.createdByProfile}`)} · {formatDateTime(pre.createdAt)}
                      </span>
                    </td>
                    <td className="p-status">
                      <span className={draft ? 'badge badge-muted' : 'badge state-RETENUE'}>{t(`preregStatus.${pre.status}`)}</span>
                      {p.pending ? <span className="badge badge-pending">{t('list.pending')}</span> : null}
                    </td>
                    <td className="p-actions">
                      {draft ? (
                        <div className="btn-row tight">
                          {validates ? (
                            <button
                              type="button"
                              className="btn btn-small btn-primary"
                              disabled={!p.canValidate.allowed}
                              title={whyNot(p.canValidate)}
                              onClick={() => void run(() => invoke('preRegistrations.validate', { preRegistrationId: pre.id }))}
                            >
                              {t('prereg.validate')}
                            </button>
                          ) : null}
                          <button
                            type="button"
                            className="btn btn-small btn-danger-outline"
                            disabled={!p.canDelete.allowed}
                            title={whyNot(p.canDelete)}
                            onClick={() => void run(() => invoke('preRegistrations.delete', { preRegistrationId: pre.id }))}
                          >
                            {t('prereg.delete')}
                          </button>
                        </div>
                      ) : (
                        <span className="small muted">{t('prereg.becameCandidature')}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

type FieldErrors = Partial<Record<'session' | 'firstName' | 'lastName' | 'email' | 'phone', string>>;

function CreateForm({ initialSessionId }: { initialSessionId: string | null }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<PickedSession | null>(null);
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<{ message: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const firstNameRef = useRef<HTMLInputElement>(null);

  // Arriving from the catalogue with a session: it is chosen already, when it can take one. Once: a later answer
  // (the core's data changed) does not undo the user's own choice.
  const initial = useIpcQuery('sessions.get', { id: initialSessionId ?? '' }, { enabled: initialSessionId !== null });
  const chosenFrom = useRef<string | null>(null);
  useEffect(() => {
    const d = initial.data;
    if (!initialSessionId || !d || d.session.id !== initialSessionId || chosenFrom.current === initialSessionId) return;
    chosenFrom.current = initialSessionId;
    if (!d.applications.open) return;
    setSession({
      id: d.session.id, actionTitle: d.action.title, carifNumber: d.session.carifNumber, city: d.session.city, department: d.session.department,
      organisme: d.action.responsibleStructureName, counter: d.upcoming, deadline: d.deadline, marketStart: d.session.marketStart,
      marketEnd: d.session.marketEnd, applications: d.applications,
    });
    firstNameRef.current?.focus();
  }, [initial.data, initialSessionId]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(null);
    const found: FieldErrors = {};
    if (!session) found.session = t('prereg.sessionRequired');
    else if (!session.applications.open) found.session = t(`applications.why.${session.applications.reason}`);
    const candidate = { firstName, lastName, email: email.trim(), phone: phone.trim() || null };
    const checked = Person.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? '') as keyof FieldErrors;
        if (field && !found[field]) found[field] = issue.message;
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0 || !checked.success || !session) return;
    try {
      await invoke('preRegistrations.create', { sessionId: session.id, candidate: checked.data });
      setSaved(t('prereg.savedFor', { name: `${checked.data.firstName} ${checked.data.lastName}` }));
      setFirstName('');
      setLastName('');
      setEmail('');
      setPhone('');
      firstNameRef.current?.focus();
    } catch (err) {
      const data = toErrorData(err);
      const field = data.field?.replace(/^candidate\./, '') as keyof FieldErrors | undefined;
      if (field && ['firstName', 'lastName', 'email', 'phone'].includes(field)) setErrors({ [field]: data.message });
      else if (data.field === 'sessionId') setErrors({ session: data.message });
      else setError(data);
    }
  }
  const clear = (field: keyof FieldErrors) => setErrors((e) => ({ ...e, [field]: undefined }));
  const fieldError = (field: keyof FieldErrors, id: string) =>
    errors[field] ? (
      <span className="field-error" id={id}>
        {errors[field]}
      </span>
    ) : null;
  return (
    <form className="card prereg-form" onSubmit={submit} aria-labelledby="prereg-new" noValidate>
      <h2 id="prereg-new">{t('prereg.new')}</h2>
      <SessionPicker
        value={session}
        onChange={(s) => {
          setSession(s);
          clear('session');
        }}
        error={errors.session ?? null}
      />
      <div className="person-grid">
        <label className="field">
          <span>{t('prereg.firstName')}</span>
          <input ref={firstNameRef} value={firstName} autoComplete="off" onChange={(e) => (setFirstName(e.target.value), clear('firstName'))} aria-invalid={!!errors.firstName} aria-describedby={errors.firstName ? 'pe-first' : undefined} />
          {fieldError('firstName', 'pe-first')}
        </label>
        <label className="field">
          <span>{t('prereg.lastName')}</span>
          <input value={lastName} autoComplete="off" onChange={(e) => (setLastName(e.target.value), clear('lastName'))} aria-invalid={!!errors.lastName} aria-describedby={errors.lastName ? 'pe-last' : undefined} />
          {fieldError('lastName', 'pe-last')}
        </label>
        <label className="field">
          <span>{t('prereg.email')}</span>
          <input type="email" value={email} autoComplete="off" onChange={(e) => (setEmail(e.target.value), clear('email'))} aria-invalid={!!errors.email} aria-describedby={errors.email ? 'pe-email' : undefined} />
          {fieldError('email', 'pe-email')}
        </label>
        <label className="field">
          <span>{t('prereg.phoneOptional')}</span>
          <input type="tel" value={phone} autoComplete="off" placeholder="06 12 34 56 78" onChange={(e) => (setPhone(e.target.value), clear('phone'))} aria-invalid={!!errors.phone} aria-describedby={errors.phone ? 'pe-phone' : undefined} />
          {fieldError('phone', 'pe-phone')}
        </label>
      </div>
      <ErrorMessage error={error} />
      {saved ? (
        <p className="success" role="status">
          {saved}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary">
        {t('prereg.save')}
      </button>
    </form>
  );
}
