// Cap Métiers' home (seed 000: « votre demande sera directement validée par les gestionnaires Cap Métiers »; seed
// 004: « Si une candidature mise en non retenue doit être modifiée en retenue : contactez-nous »). Two operations,
// both straight on the server, so online only: first accounts of new structures, and reopening a non-retained
// candidature as retained with its planned dates.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ManagementProfile } from '../../../../shared/domain/vocabulary';
import type { AdminCandidatureRow, AdminRequest } from '../../../../shared/protocol/admin';
import { invoke, toErrorData } from '../../api';
import { formatDateTime, formatDay } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ConnectionRequired, useOnline } from '../../components/OnlineOnly';
import { DateField } from '../../components/DateField';

export function AdminHome() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="admin-title">
      <header className="page-header">
        <h1 id="admin-title">{t('admin.title')}</h1>
        <p className="muted">{t('admin.subtitle')}</p>
      </header>
      <ConnectionRequired />
      <FirstAccounts />
      <Reopen />
    </section>
  );
}

function FirstAccounts() {
  const { t } = useTranslation();
  const online = useOnline();
  const [requests, setRequests] = useState<AdminRequest[] | null>(null);
  const [error, setError] = useState<{ message: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(async () => {
    if (!online) return;
    try {
      setRequests(await invoke('admin.requests', {}));
      setError(null);
    } catch (e) {
      setError(toErrorData(e));
    }
  }, [online]);
  useEffect(() => {
    void load();
  }, [load]);

  async function decide(request: AdminRequest, accept: boolean, profile: ManagementProfile | null) {
    setError(null);
    setNotice(null);
    try {
      await invoke('admin.decideRequest', { requestId: request.id, accept, profile });
      const name = `${request.firstName} ${request.lastName}`;
      setNotice(accept ? t('admin.accepted', { name, structure: request.structure.name }) : t('admin.refused', { name }));
      await load();
    } catch (e) {
      setError(toErrorData(e));
    }
  }

  return (
    <div className="card" data-testid="first-accounts">
      <h2>{t('admin.firstAccounts')}</h2>
      <p className="muted small">{t('admin.firstAccountsHint')}</p>
      <ErrorMessage error={error} />
      {notice ? <p className="success" role="status">{notice}</p> : null}
      {requests && requests.length === 0 ? <p className="muted">{t('admin.noRequests')}</p> : null}
      {requests && requests.length > 0 ? (
        <table className="data-table admin-requests">
          <thead>
            <tr>
              <th scope="col">{t('admin.col.person')}</th>
              <th scope="col">{t('admin.col.structure')}</th>
              <th scope="col">{t('admin.col.date')}</th>
              <th scope="col">{t('admin.col.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <RequestRow key={r.id} request={r} disabled={!online} onDecide={(accept, profile) => void decide(r, accept, profile)} />
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function RequestRow({ request, disabled, onDecide }: { request: AdminRequest; disabled: boolean; onDecide: (accept: boolean, profile: ManagementProfile | null) => void }) {
  const { t } = useTranslation();
  const prescriber = request.structure.kind === 'PRESCRIPTEUR';
  const profiles = ManagementProfile.options.filter((p) => (prescriber ? p.startsWith('PRESCRIPTEUR') : p.startsWith('OF_')));
  // The first account becomes référent: the broadest profile of its side is the usual choice.
  const [profile, setProfile] = useState<ManagementProfile>(prescriber ? 'PRESCRIPTEUR_N3' : 'OF_GENERAL');
  const name = `${request.firstName} ${request.lastName}`;
  return (
    <tr data-testid={`request-${request.email}`}>
      <td>
        <span className="strong">{name}</span>
        <span className="small muted block">{request.email}</span>
        {request.phone ? <span className="small muted block">{request.phone}</span> : null}
      </td>
      <td>
        {request.structure.name}
        {request.structure.acronym ? ` (${request.structure.acronym})` : ''}
        <span className="small muted block">
          {t('admin.siret', { siret: request.structure.siret })} · {t(`structureKind.${request.structure.kind}`)}
          {request.structure.city ? ` · ${request.structure.city}` : ''}
        </span>
      </td>
      <td className="small">{formatDateTime(request.createdAt)}</td>
      <td>
        <div className="btn-row tight">
          <label className="sr-only" htmlFor={`admin-profile-${request.id}`}>
            {t('admin.profileFor', { name })}
          </label>
          <select id={`admin-profile-${request.id}`} value={profile} disabled={disabled} onChange={(e) => setProfile(ManagementProfile.parse(e.target.value))}>
            {profiles.map((p) => (
              <option key={p} value={p}>
                {t(`profile.${p}`)}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-small btn-primary" disabled={disabled} onClick={() => onDecide(true, profile)}>
            {t('admin.accept')}
          </button>
          <button type="button" className="btn btn-small" disabled={disabled} onClick={() => onDecide(false, null)}>
            {t('admin.refuse')}
          </button>
        </div>
      </td>
    </tr>
  );
}

function Reopen() {
  const { t } = useTranslation();
  const online = useOnline();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<AdminCandidatureRow[] | null>(null);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [chosen, setChosen] = useState<AdminCandidatureRow | null>(null);

  async function search(e?: FormEvent) {
    e?.preventDefault();
    setNotice(null);
    if (q.trim().length < 2) {
      setError({ message: t('admin.searchTooShort'), field: 'q' });
      return;
    }
    try {
      setResults(await invoke('admin.searchCandidatures', { q: q.trim() }));
      setError(null);
    } catch (err) {
      setError(toErrorData(err));
    }
  }

  return (
    <div className="card" data-testid="reopen">
      <h2>{t('admin.reopenTitle')}</h2>
      <p className="muted small">{t('admin.reopenHint')}</p>
      <form className="field-row" role="search" aria-label={t('admin.reopenSearch')} onSubmit={(e) => void search(e)}>
        <label className="field grow">
          <span>{t('admin.searchLabel')}</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('admin.searchPlaceholder')} disabled={!online} aria-invalid={error?.field === 'q'} />
        </label>
        <button type="submit" className="btn btn-primary field-button" disabled={!online}>
          {t('admin.search')}
        </button>
      </form>
      <ErrorMessage error={error} />
      {notice ? <p className="success" role="status">{notice}</p> : null}
      {results && results.length === 0 ? <p className="muted">{t('admin.noCandidature')}</p> : null}
      {results && results.length > 0 ? (
        <table className="data-table admin-candidatures" data-testid="reopen-results">
          <thead>
            <tr>
              <th scope="col">{t('prereg.col.candidate')}</th>
              <th scope="col">{t('prereg.col.session')}</th>
              <th scope="col">{t('admin.col.motive')}</th>
              <th scope="col">
                <span className="sr-only">{t('structures.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => {
              const c = r.candidature;
              return (
                <tr key={c.id} data-testid={`reopen-${c.id}`} className={chosen?.candidature.id === c.id ? 'highlight' : undefined}>
                  <td>
                    <span className="strong">
                      {c.candidate.firstName} {c.candidate.lastName}
                    </span>
                    <span className="small muted block">{c.candidate.email}</span>
                  </td>
                  <td>
                    {r.actionTitle}
                    <span className="small muted block">
                      {t('list.carif')} {r.carifNumber} · {r.city} ({r.department}) · {r.organisme}
                    </span>
                  </td>
                  <td>
                    {c.nonRetained ? t(`motive.${c.nonRetained.motive}`) : '—'}
                    {c.nonRetained?.justification ? <span className="small muted block">« {c.nonRetained.justification} »</span> : null}
                    <span className="small muted block">{t('admin.decidedBy', { name: c.avisBy ?? '—', date: formatDay(c.avisOn) })}</span>
                  </td>
                  <td>
                    <button type="button" className="btn btn-small" disabled={!online} onClick={() => (setNotice(null), setChosen(r))}>
                      {t('admin.reopenAction')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {chosen ? (
        <ReopenForm
          key={chosen.candidature.id}
          row={chosen}
          disabled={!online}
          onCancel={() => setChosen(null)}
          onDone={(name) => {
            setChosen(null);
            setNotice(t('admin.reopened', { name }));
            setResults((rs) => rs?.filter((r) => r.candidature.id !== chosen.candidature.id) ?? null);
          }}
        />
      ) : null}
    </div>
  );
}

function ReopenForm({ row, disabled, onCancel, onDone }: { row: AdminCandidatureRow; disabled: boolean; onCancel: () => void; onDone: (name: string) => void }) {
  const { t } = useTranslation();
  const c = row.candidature;
  const name = `${c.candidate.firstName} ${c.candidate.lastName}`;
  const [plannedEntry, setPlannedEntry] = useState(row.upcomingEntry ?? '');
  const [plannedExit, setPlannedExit] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!plannedEntry || !plannedExit) {
      setError({ message: t('avis.datesRequired'), field: !plannedEntry ? 'plannedEntry' : 'plannedExit' });
      return;
    }
    try {
      await invoke('admin.reopen', { candidatureId: c.id, plannedEntry, plannedExit });
      onDone(name);
    } catch (err) {
      setError(toErrorData(err));
    }
  }
  const fieldError = (field: string) => (error?.field === field ? error.message : null);
  return (
    <form className="reopen-form" onSubmit={(e) => void submit(e)} aria-labelledby="reopen-form-title" data-testid="reopen-form">
      <h3 id="reopen-form-title">{t('admin.reopenFormTitle', { name })}</h3>
      <p className="small muted">{t('admin.marketDates', { start: formatDay(row.marketStart), end: formatDay(row.marketEnd) })}</p>
      <div className="field-row wrap">
        <DateField label={t('avis.plannedEntry')} value={plannedEntry} onChange={setPlannedEntry} min={row.marketStart} max={row.marketEnd} error={fieldError('plannedEntry')} isRequired isDisabled={disabled} />
        <DateField label={t('avis.plannedExit')} value={plannedExit} onChange={setPlannedExit} min={plannedEntry || row.marketStart} max={row.marketEnd} error={fieldError('plannedExit')} isRequired isDisabled={disabled} />
      </div>
      {error && !error.field ? <ErrorMessage error={error} /> : null}
      <p className="small warning">{t('avis.retainedNote')}</p>
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={disabled}>
          {t('admin.confirmReopen')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
