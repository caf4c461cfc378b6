// A session as the pro catalogue shows it to a prescriber (seed 004, the unfolded session row): the action and what
// makes it stand out (« le plus », lien web), dates, place, contacts, entry points with their counters, and whether
// a candidate can be pre-registered on it today. No candidature list, no role, nothing an OF does.
import { useTranslation } from 'react-i18next';
import { useNav } from '../../stores/nav-store';
import { useSessionDetail } from '../sessions/use-session-detail';
import { formatDay } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ApplicationsBadge, CounterText } from './applications';
import { ActionSummary } from './ActionSummary';
import { EntryPointsCard, SessionContactsCard, SessionDatesCard } from '../sessions/SessionFacts';

export function CatalogueSession({ id }: { id: string }) {
  const { t } = useTranslation();
  const { detail, error } = useSessionDetail(id);

  if (!detail) return <section className="page">{error ? <ErrorMessage error={error} /> : <p className="muted">{t('app.loading')}</p>}</section>;
  const { session, action, entryPoints, upcoming, deadline, applications } = detail;
  return (
    <section className="page" aria-labelledby="catalogue-session-title">
      <nav className="breadcrumb" aria-label={t('session.breadcrumb')}>
        <button type="button" className="link-button" onClick={() => useNav.getState().go({ name: 'catalogue' })}>
          ← {t('nav.catalogue')}
        </button>
      </nav>
      <header className="page-header row">
        <div>
          <h1 id="catalogue-session-title">{action.title}</h1>
          <p className="muted">
            {t('list.carif')} <strong>{session.carifNumber}</strong> · {t('session.publishedOn', { date: formatDay(session.publishedOn) })} · {session.city} ({session.department}) ·{' '}
            {action.responsibleStructureName}
          </p>
        </div>
        <div className="counter-box" data-testid="session-counter">
          <span className="small muted">{t('session.applications')}</span>
          <span className="big">
            <CounterText counter={upcoming} />
          </span>
          <span className="small">{deadline ? t('session.deadline', { date: formatDay(deadline) }) : t('sessions.marketDates', { start: formatDay(session.marketStart), end: formatDay(session.marketEnd) })}</span>
          <ApplicationsBadge applications={applications} />
          <button
            type="button"
            className="btn btn-primary btn-small"
            disabled={!applications.open}
            title={applications.open ? undefined : t(`applications.why.${applications.reason}`)}
            onClick={() => useNav.getState().go({ name: 'preregistrations', sessionId: session.id })}
          >
            {t('catalogue.preregister')}
          </button>
        </div>
      </header>
      {!applications.open ? <p className="notice">{t(`applications.why.${applications.reason}`)}</p> : null}
      <div className="cards-grid">
        <div className="card">
          <h2>{t('session.action')}</h2>
          <ActionSummary action={action} />
          {action.highlight ? (
            <>
              <h3>{t('enrich.highlight')}</h3>
              <p className="prewrap">{action.highlight}</p>
            </>
          ) : null}
          {action.webLink ? (
            <p>
              <a href={action.webLink} target="_blank" rel="noreferrer">
                {t('enrich.webLink')} ↗
              </a>
            </p>
          ) : null}
        </div>
        <SessionDatesCard session={session} />
        <SessionContactsCard session={session} />
      </div>
      <EntryPointsCard entryPoints={entryPoints} upcoming={upcoming} counter={(counter) => <CounterText counter={counter} />} />
    </section>
  );
}
