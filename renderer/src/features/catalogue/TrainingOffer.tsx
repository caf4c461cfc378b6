// « Gestion des formations » (seed 004, « Valoriser son offre »): Formations conventionnées, tab « Publiées », a
// filter to find the offer (all the HSP, say), the table Référence / Type / Intitulé / Financement, each action's
// sessions one click away (+), then the pencil to the action form.
import { Fragment, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData } from '@tanstack/react-query';
import { Tab, TabList, Tabs } from 'react-aria-components';
import type { ActionFilters, ActionListRow } from '../../../../shared/ipc/views';
import { OFFER_MESURES } from '../../../../shared/domain/territory';
import { toErrorData, whyNot } from '../../api';
import { useIpcQuery } from '../../use-ipc-query';
import { activeMembership, useAuth } from '../../stores/auth-store';
import { formatDay } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ApplicationsBadge, CounterText } from './applications';
import { useActionText } from './ActionSummary';
import { EnrichDialog } from './EnrichDialog';

const PAGE = 50;
type Tab = ActionFilters['tab'];

export function TrainingOffer() {
  const { t } = useTranslation();
  const state = useAuth((s) => s.state);
  const membership = activeMembership(state);
  const [tab, setTab] = useState<Tab>('PUBLISHED');
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [mesure, setMesure] = useState('');
  const [responsibleOnly, setResponsibleOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<ActionListRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const filters = useMemo<ActionFilters>(() => ({ tab, ...(debounced ? { search: debounced } : {}), ...(mesure ? { mesure } : {}), ...(responsibleOnly ? { responsibleOnly } : {}) }), [tab, debounced, mesure, responsibleOnly]);
  useEffect(() => setOffset(0), [filters]);
  // The page shown stays until the next one arrives (new filters, the next page).
  const actions = useIpcQuery('actions.list', { filters, sort: 'reference', offset, limit: PAGE }, { placeholderData: keepPreviousData });
  const page = actions.data ?? null;
  const error = actions.error ? toErrorData(actions.error) : null;
  const text = useActionText();
  const toggle = (id: string) => setOpen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set(s).add(id)));
  const anyLocked = page?.rows.some((r) => !r.canEnrich.allowed) ?? false;

  return (
    <section className="page" aria-labelledby="formations-title">
      <header className="page-header">
        <h1 id="formations-title">{t('formations.title')}</h1>
        <p className="muted">{t('formations.subtitle', { structure: membership?.structure.name ?? '' })}</p>
      </header>
      <Tabs selectedKey={tab} onSelectionChange={(key) => setTab(key as Tab)}>
        <TabList className="tabs" aria-label={t('formations.tabsLabel')}>
          <Tab id="PUBLISHED" className="tab">
            {t('formations.tab.PUBLISHED')}
          </Tab>
          <Tab id="OTHER" className="tab">
            {t('formations.tab.OTHER')}
          </Tab>
        </TabList>
      </Tabs>
      <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <label className="field grow">
          <span>{t('filters.search')}</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('formations.searchPlaceholder')} />
        </label>
        <label className="field">
          <span>{t('formations.mesure')}</span>
          <select value={mesure} onChange={(e) => setMesure(e.target.value)}>
            <option value="">{t('filters.all')}</option>
            <option value="HSP">{t('formations.allHsp')}</option>
            {OFFER_MESURES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label className="field check">
          <input type="checkbox" checked={responsibleOnly} onChange={(e) => setResponsibleOnly(e.target.checked)} />
          <span>{t('formations.responsibleOnly')}</span>
        </label>
      </form>
      {notice ? <p className="success" role="status">{notice}</p> : null}
      <ErrorMessage error={error} />
      <div className="list-toolbar">
        <span className="muted" aria-live="polite" data-testid="formations-total">
          {page ? t('formations.total', { count: page.total }) : t('app.loading')}
        </span>
        {anyLocked ? <span className="muted small">{t('formations.pencilNote')}</span> : null}
      </div>
      {page && page.total === 0 ? <p className="empty-state">{t('formations.empty')}</p> : null}
      {page && page.rows.length > 0 ? (
        <div className="card flush">
          <table className="data-table formations-table" data-testid="formations-table">
            <thead>
              <tr>
                <th scope="col" className="col-toggle">
                  <span className="sr-only">{t('formations.sessions')}</span>
                </th>
                <th scope="col" className="col-ref">{t('session.reference')}</th>
                <th scope="col" className="col-type">{t('session.type')}</th>
                <th scope="col">{t('session.title')}</th>
                <th scope="col" className="col-financing">{t('session.financing')}</th>
                <th scope="col" className="col-sessions">{t('formations.sessions')}</th>
                <th scope="col" className="col-edit">
                  <span className="sr-only">{t('formations.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => {
                const expanded = open.has(row.action.id);
                return (
                  <Fragment key={row.action.id}>
                    <tr data-testid={`action-${row.action.reference}`} className={expanded ? 'highlight' : undefined}>
                      <td className="col-toggle">
                        <button
                          type="button"
                          className="icon-button"
                          aria-expanded={expanded}
                          aria-label={t(expanded ? 'formations.hideSessions' : 'formations.showSessions', { title: row.action.title })}
                          onClick={() => toggle(row.action.id)}
                        >
                          {expanded ? '−' : '+'}
                        </button>
                      </td>
                      <td className="col-ref tabular">{row.action.reference}</td>
                      <td className="col-type">{text.type(row.action)}</td>
                      <td>
                        <span className="strong">{row.action.title}</span>
                        {row.pending ? <span className="badge badge-pending" title={t('formations.pendingHint')}>{t('list.pending')}</span> : null}
                        {row.action.highlight || row.action.webLink ? (
                          <span className="small muted block">{t('formations.enriched')}</span>
                        ) : null}
                      </td>
                      <td className="col-financing" title={text.financing(row.action)}>
                        {row.action.financing.mesure}
                        <span className="small muted block">
                          {t('formations.financingShort', { financeur: row.action.financing.financeur, market: row.action.financing.marketNumber })}
                        </span>
                      </td>
                      <td className="col-sessions tabular">{t('formations.sessionCount', { published: row.publishedSessionCount, count: row.sessionCount })}</td>
                      <td className="col-edit">
                        <button
                          type="button"
                          className="icon-button pencil"
                          disabled={!row.canEnrich.allowed}
                          title={row.canEnrich.allowed ? t('formations.editAction', { title: row.action.title }) : whyNot(row.canEnrich)}
                          aria-label={t('formations.editAction', { title: row.action.title })}
                          onClick={() => {
                            setNotice(null);
                            setEditing(row);
                          }}
                        >
                          <span aria-hidden="true">✎</span>
                        </button>
                      </td>
                    </tr>
                    {expanded ? (
                      <tr className="sessions-of-action">
                        <td />
                        <td colSpan={6}>
                          <ActionSessions actionId={row.action.id} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && page.total > PAGE ? (
        <div className="pager">
          <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('formations.previous')}
          </button>
          <span className="muted small">{t('formations.range', { from: offset + 1, to: Math.min(offset + PAGE, page.total), total: page.total })}</span>
          <button type="button" className="btn btn-small" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
            {t('formations.next')}
          </button>
        </div>
      ) : null}
      <EnrichDialog
        row={editing}
        onClose={() => setEditing(null)}
        onSaved={(title) => {
          setEditing(null);
          setNotice(t('formations.saved', { title }));
        }}
      />
    </section>
  );
}

/** The sessions of one action, as the guide unfolds them: Carif, dates, city, counter and date limite. */
function ActionSessions({ actionId }: { actionId: string }) {
  const { t } = useTranslation();
  const sessions = useIpcQuery('sessions.list', { filters: { actionId, includeArchived: true }, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 200 });
  const rows = sessions.data?.rows ?? null;
  if (sessions.error) return <ErrorMessage error={toErrorData(sessions.error)} />;
  if (!rows) return <p className="muted small">{t('app.loading')}</p>;
  if (rows.length === 0) return <p className="muted small">{t('formations.noSessions')}</p>;
  return (
    <table className="data-table nested" data-testid="action-sessions">
      <thead>
        <tr>
          <th scope="col">{t('sessions.col.carif')}</th>
          <th scope="col">{t('session.dates')}</th>
          <th scope="col">{t('sessions.col.city')}</th>
          <th scope="col">{t('session.role')}</th>
          <th scope="col">{t('catalogue.col.counter')}</th>
          <th scope="col">{t('catalogue.col.state')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id}>
            <td className="tabular">{s.carifNumber}</td>
            <td>
              {s.deadline
                ? t('formations.nextEntry', { date: formatDay(s.deadline) })
                : t('sessions.marketDates', { start: formatDay(s.marketStart), end: formatDay(s.marketEnd) })}
            </td>
            <td>
              {s.city} ({s.department})
            </td>
            <td>{s.orgRole ? t(`role.${s.orgRole}`) : '—'}</td>
            <td>
              <CounterText counter={s.counter} />
            </td>
            <td>
              <ApplicationsBadge applications={s.applications} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
