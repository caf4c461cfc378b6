// A session as the pro catalogue shows it to a prescriber (seed 004, the unfolded session row): the action and what
// makes it stand out (« le plus », lien web), dates, place, contacts, entry points with their counters, and whether
// a candidate can be pre-registered on it today. No candidature list, no role, nothing an OF does.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionDetail } from '../../../../shared/ipc/views';
import type { Contact } from '../../../../shared/protocol/entities';
import { invoke, toErrorData } from '../../api';
import { useSync } from '../../stores/sync-store';
import { useNav } from '../../stores/nav-store';
import { formatDay } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ApplicationsBadge, CounterText } from './applications';
import { ActionSummary } from './ActionSummary';

export function CatalogueSession({ id }: { id: string }) {
  const { t } = useTranslation();
  const dataVersion = useSync((s) => s.dataVersion);
  const [detail, setDetail] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<{ message: string } | null>(null);
  useEffect(() => {
    let live = true;
    invoke('sessions.get', { id })
      .then((d) => live && (setDetail(d), setError(null)))
      .catch((e) => live && setError(toErrorData(e)));
    return () => {
      live = false;
    };
  }, [id, dataVersion]);

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
        <div className="card">
          <h2>{t('session.dates')}</h2>
          <dl className="facts">
            <dt>{t('session.market')}</dt>
            <dd>{t('sessions.marketDates', { start: formatDay(session.marketStart), end: formatDay(session.marketEnd) })}</dd>
            <dt>{t('session.rhythm')}</dt>
            <dd>{session.fixedDates ? t('session.fixedDates') : t('session.permanent')}</dd>
            <dt>{t('session.place')}</dt>
            <dd>{session.trainingPlace}</dd>
            <dt>{t('session.cpf')}</dt>
            <dd>{session.cpfEligible ? t('session.cpfYes') : t('session.cpfNo')}</dd>
          </dl>
        </div>
        <div className="card">
          <h2>{t('session.contacts')}</h2>
          <ContactBlock label={t('session.contact')} contact={session.contact} />
          <ContactBlock label={t('session.disabilityReferent')} contact={session.disabilityReferent} />
        </div>
      </div>
      <div className="card">
        <h2>{t('session.entryPoints')}</h2>
        {entryPoints.length === 0 ? (
          <p className="muted">{t('session.noEntryPoints')}</p>
        ) : (
          <table className="data-table" data-testid="entry-points">
            <thead>
              <tr>
                <th scope="col">{t('session.epDate')}</th>
                <th scope="col">{t('session.epPlaces')}</th>
                <th scope="col">{t('session.epCounter')}</th>
                <th scope="col">{t('session.epRemaining')}</th>
              </tr>
            </thead>
            <tbody>
              {entryPoints.map(({ entryPoint, counter }) => (
                <tr key={entryPoint.id} className={upcoming?.entryPointId === entryPoint.id ? 'highlight' : undefined}>
                  <td>
                    {formatDay(entryPoint.date)} {entryPoint.bis ? <span className="badge badge-muted">{t('session.bis')}</span> : null}
                    {upcoming?.entryPointId === entryPoint.id ? <span className="badge badge-info">{t('session.upcoming')}</span> : null}
                  </td>
                  <td>{entryPoint.places}</td>
                  <td>
                    <CounterText counter={counter} />
                  </td>
                  <td>{counter.remaining}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function ContactBlock({ label, contact }: { label: string; contact: Contact | null }) {
  const { t } = useTranslation();
  return (
    <div className="contact">
      <h3>{label}</h3>
      {contact ? (
        <p>
          {contact.name}
          {contact.email ? <><br /><a href={`mailto:${contact.email}`}>{contact.email}</a></> : null}
          {contact.phone ? <><br />{contact.phone}</> : null}
        </p>
      ) : (
        <p className="muted">{t('session.noContact')}</p>
      )}
    </div>
  );
}
