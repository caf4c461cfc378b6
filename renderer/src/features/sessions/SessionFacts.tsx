// What a session page shows the same way to an OF and to a prescriber (seed 004): its dates and place, its contacts,
// and its entry points with their counters. Each page adds its own header, action card and actions around them.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounterView, SessionDetail } from '../../../../shared/ipc/views';
import type { Contact } from '../../../../shared/protocol/entities';
import { formatDay } from '../../format';

/** Market dates, rhythm, place, CPF; `extra` rows (dt/dd pairs) follow, e.g. the structure's role for an OF. */
export function SessionDatesCard({ session, extra }: { session: SessionDetail['session']; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
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
        {extra}
      </dl>
    </div>
  );
}

export function SessionContactsCard({ session }: { session: SessionDetail['session'] }) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <h2>{t('session.contacts')}</h2>
      <ContactBlock label={t('session.contact')} contact={session.contact} />
      <ContactBlock label={t('session.disabilityReferent')} contact={session.disabilityReferent} />
    </div>
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

/** The entry points, the upcoming one highlighted; each page says how a counter reads (`counter`). */
export function EntryPointsCard({
  entryPoints,
  upcoming,
  counter: renderCounter,
}: {
  entryPoints: SessionDetail['entryPoints'];
  upcoming: SessionDetail['upcoming'];
  counter: (counter: CounterView) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
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
                <td>{renderCounter(counter)}</td>
                <td>{counter.remaining}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
