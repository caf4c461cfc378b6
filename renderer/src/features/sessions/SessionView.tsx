import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionDetail } from '../../../../shared/ipc/views';
import { formatCounter } from '../../../../shared/domain/entry-point-counter';
import { profileMayEnrich } from '../../../../shared/domain/rights';
import { invoke, toErrorData, whyNot } from '../../api';
import { useNav } from '../../stores/nav-store';
import { useSessionDetail } from './use-session-detail';
import { useAuth } from '../../stores/auth-store';
import { activeProfile } from '../../workspace';
import { formatDay } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CandidatureList } from '../candidatures/CandidatureList';
import { EntryPointsCard, SessionContactsCard, SessionDatesCard } from './SessionFacts';

export function SessionView({ id }: { id: string }) {
  const { t } = useTranslation();
  const { detail, error } = useSessionDetail(id);
  const filters = useMemo(() => ({ sessionId: id }), [id]);
  const mayEnrich = useAuth((s) => profileMayEnrich(activeProfile(s.state)));

  if (!detail) return <section className="page">{error ? <ErrorMessage error={error} /> : <p className="muted">{t('app.loading')}</p>}</section>;
  const { session, action, entryPoints, upcoming, deadline } = detail;
  const avisRefused = whyNot(detail.canGiveAvis);
  return (
    <section className="page" aria-labelledby="session-title">
      <nav className="breadcrumb" aria-label={t('session.breadcrumb')}>
        <button type="button" className="link-button" onClick={() => useNav.getState().go({ name: 'sessions' })}>
          ← {t('nav.sessions')}
        </button>
      </nav>
      <header className="page-header row">
        <div>
          <h1 id="session-title">{action.title}</h1>
          <p className="muted">
            {t('list.carif')} <strong>{session.carifNumber}</strong> · {t('session.publishedOn', { date: formatDay(session.publishedOn) })} · {session.city} ({session.department})
          </p>
        </div>
        <div className="counter-box" data-testid="session-counter">
          <span className="small muted">{t('session.applications')}</span>
          <span className={upcoming?.full ? 'counter big full' : 'counter big'}>{upcoming ? formatCounter(upcoming) : '—'}</span>
          <span className="small">{deadline ? t('session.deadline', { date: formatDay(deadline) }) : t('sessions.marketDates', { start: formatDay(session.marketStart), end: formatDay(session.marketEnd) })}</span>
          {!detail.applicationsOpen ? <span className="badge badge-muted">{t('session.closed')}</span> : null}
        </div>
      </header>
      {session.status !== 'PUBLISHED' ? <p className="notice">{t(`sessionStatus.${session.status}`)}</p> : null}
      <div className="card session-candidatures">
        <h2>{t('session.candidatures')}</h2>
        {avisRefused ? <p className="rule-explainer">{avisRefused}</p> : null}
        <CandidatureList initialFilters={filters} embedded />
      </div>
      <div className="cards-grid">
        <div className="card">
          <h2>{t('session.action')}</h2>
          <table className="kv-table">
            <thead>
              <tr>
                <th scope="col">{t('session.reference')}</th>
                <th scope="col">{t('session.type')}</th>
                <th scope="col">{t('session.title')}</th>
                <th scope="col">{t('session.financing')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>{action.reference}</td>
                <td>{action.type === 'MODULAIRE' ? t('session.modular', { count: action.moduleCount ?? 0 }) : t('session.simple')}</td>
                <td>{action.title}</td>
                <td>
                  {action.financing.financeur} · {t('sessions.market')} {action.financing.marketNumber} · {action.financing.dispositif} · {action.financing.mesure}
                </td>
              </tr>
            </tbody>
          </table>
          <p className="small muted">{t('session.responsible', { name: action.responsibleStructureName })}</p>
        </div>
        <SessionDatesCard
          session={session}
          extra={
            <>
              <dt>{t('session.role')}</dt>
              <dd>{session.orgRole ? t(`role.${session.orgRole}`) : '—'}</dd>
            </>
          }
        />
        <SessionContactsCard session={session} />
      </div>
      <EntryPointsCard
        entryPoints={entryPoints}
        upcoming={upcoming}
        counter={(counter) => <span className={counter.full ? 'counter full' : 'counter'}>{formatCounter(counter)}</span>}
      />
      {/* A profile that can never enrich gets no card at all; one refused by the structure's role keeps it, with why. */}
      {detail.canEnrich.allowed || mayEnrich ? <EnrichForm detail={detail} /> : null}
    </section>
  );
}

function EnrichForm({ detail }: { detail: SessionDetail }) {
  const { t } = useTranslation();
  const { action, canEnrich } = detail;
  const [highlight, setHighlight] = useState(action.highlight ?? '');
  const [webLink, setWebLink] = useState(action.webLink ?? '');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setHighlight(action.highlight ?? '');
    setWebLink(action.webLink ?? '');
  }, [action.id, action.version]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await invoke('actions.enrich', { actionId: action.id, highlight: highlight.trim() || null, webLink: webLink.trim() || null });
      setSaved(true);
    } catch (err) {
      setError(toErrorData(err));
    }
  }
  const fieldError = (name: string) => (error?.field === name ? error.message : null);
  return (
    <form className="card enrich" onSubmit={submit} aria-labelledby="enrich-title">
      <h2 id="enrich-title">{t('enrich.title')}</h2>
      {!canEnrich.allowed ? <p className="rule-explainer">{whyNot(canEnrich) ?? t('enrich.notAllowed')}</p> : null}
      <label className="field">
        <span>{t('enrich.highlight')}</span>
        <textarea rows={4} maxLength={4000} value={highlight} disabled={!canEnrich.allowed} onChange={(e) => setHighlight(e.target.value)} aria-invalid={!!fieldError('highlight')} />
        {fieldError('highlight') ? <span className="field-error">{fieldError('highlight')}</span> : null}
      </label>
      <label className="field">
        <span>{t('enrich.webLink')}</span>
        <input type="url" value={webLink} disabled={!canEnrich.allowed} placeholder="https://" onChange={(e) => setWebLink(e.target.value)} aria-invalid={!!fieldError('webLink')} />
        {fieldError('webLink') ? <span className="field-error">{fieldError('webLink')}</span> : null}
      </label>
      {error && !error.field ? <ErrorMessage error={error} /> : null}
      {saved ? <p className="success" role="status">{t('enrich.saved')}</p> : null}
      {canEnrich.allowed ? (
        <button type="submit" className="btn btn-primary">
          {t('enrich.save')}
        </button>
      ) : null}
    </form>
  );
}
