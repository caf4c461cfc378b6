// The prescribers' home: the pro catalogue search (seed 004, « moteur pro destiné aux prescripteurs »). Every session
// with its counter « pris/places », its date limite and whether it takes applications, filtered by territory,
// domain and entry dates; from a row, its detail or a pre-registration on it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SessionListQuery } from '../../../../shared/ipc/views';
import { NOUVELLE_AQUITAINE_DEPARTMENTS, OFFER_MESURES } from '../../../../shared/domain/territory';
import { toErrorData } from '../../api';
import { useNav } from '../../stores/nav-store';
import { ErrorMessage } from '../../components/ErrorMessage';
import { DateField } from '../../components/DateField';
import { usePagedQuery } from '../../use-paged-query';
import { useIpcQuery } from '../../use-ipc-query';
import { ApplicationsBadge, CounterText, DeadlineText } from './applications';

type Sort = SessionListQuery['sort'];
const ROW_HEIGHT = 56;
const HEAD_HEIGHT = 40;

export function CatalogueSearch() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [department, setDepartment] = useState('');
  const [mesure, setMesure] = useState('');
  const [entryFrom, setEntryFrom] = useState('');
  const [entryTo, setEntryTo] = useState('');
  const [sort, setSort] = useState<Sort>({ field: 'deadline', direction: 'asc' });
  const [debouncedSearch, setDebouncedSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebouncedSearch(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const query = useMemo(() => {
    const filters: SessionListQuery['filters'] = {};
    if (debouncedSearch) filters.search = debouncedSearch;
    if (department) filters.department = department;
    if (mesure) filters.mesure = mesure;
    if (entryFrom) filters.entryFrom = entryFrom;
    if (entryTo) filters.entryTo = entryTo;
    return { filters, sort };
  }, [debouncedSearch, department, mesure, entryFrom, entryTo, sort]);
  const { total, rowAt, ensureRange, error } = usePagedQuery('sessions.list', query);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12, scrollMargin: HEAD_HEIGHT });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    if (items.length) ensureRange(items[0]!.index, items[items.length - 1]!.index);
  }, [items, ensureRange]);
  const myPreRegistrations = useIpcQuery('preRegistrations.list', {});
  const myCount = myPreRegistrations.isError ? null : (myPreRegistrations.data?.length ?? null);

  const columns: { field: Sort['field'] | null; label: string; className: string }[] = [
    { field: 'actionTitle', label: t('catalogue.col.training'), className: 'k-title' },
    { field: 'city', label: t('catalogue.col.city'), className: 'k-city' },
    { field: 'deadline', label: t('catalogue.col.deadline'), className: 'k-date' },
    { field: null, label: t('catalogue.col.counter'), className: 'k-apps' },
    { field: null, label: t('catalogue.col.action'), className: 'k-action' },
  ];
  const toggle = (field: Sort['field']) => setSort((s) => (s.field === field ? { field, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { field, direction: 'asc' }));
  const filtered = Object.keys(query.filters).length > 0;
  const clear = () => {
    setSearch('');
    setDepartment('');
    setMesure('');
    setEntryFrom('');
    setEntryTo('');
  };

  return (
    <section className="page list-page" aria-labelledby="catalogue-title">
      <header className="page-header row">
        <div>
          <h1 id="catalogue-title">{t('catalogue.title')}</h1>
          <p className="muted">{t('catalogue.subtitle')}</p>
        </div>
        <button type="button" className="btn" onClick={() => useNav.getState().go({ name: 'preregistrations' })}>
          {t('catalogue.myPreregistrations')}
          {myCount !== null ? <span className="nav-count">{myCount}</span> : null}
        </button>
      </header>
      <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <label className="field grow">
          <span>{t('filters.search')}</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('catalogue.searchPlaceholder')} />
        </label>
        <label className="field">
          <span>{t('catalogue.department')}</span>
          <select value={department} onChange={(e) => setDepartment(e.target.value)}>
            <option value="">{t('catalogue.allDepartments')}</option>
            {NOUVELLE_AQUITAINE_DEPARTMENTS.map((d) => (
              <option key={d.code} value={d.code}>
                {d.code} – {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('catalogue.domain')}</span>
          <select value={mesure} onChange={(e) => setMesure(e.target.value)}>
            <option value="">{t('catalogue.allDomains')}</option>
            {OFFER_MESURES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <DateField label={t('catalogue.entryFrom')} value={entryFrom} onChange={setEntryFrom} max={entryTo || undefined} />
        <DateField label={t('catalogue.entryTo')} value={entryTo} onChange={setEntryTo} min={entryFrom || undefined} />
        {filtered ? (
          <button type="button" className="btn btn-small btn-ghost filters-clear" onClick={clear}>
            {t('catalogue.clearFilters')}
          </button>
        ) : null}
      </form>
      <div className="list-toolbar">
        <span className="muted" aria-live="polite" data-testid="catalogue-total">
          {total === null ? t('app.loading') : t('sessions.total', { count: total, n: total.toLocaleString(i18n.language) })}
        </span>
        <span className="muted small">{t('catalogue.counterHelp')}</span>
      </div>
      {error ? <ErrorMessage error={toErrorData(error)} /> : null}
      <div className="vgrid sessions-grid" role="grid" aria-label={t('catalogue.gridLabel')} aria-rowcount={(total ?? 0) + 1} data-testid="catalogue-grid">
        <div className="vgrid-scroll" ref={scrollRef}>
          <div className="vgrid-head" role="row" aria-rowindex={1}>
            {columns.map((c) => (
              <div key={c.label} role="columnheader" className={c.className} title={c.label} aria-sort={c.field && sort.field === c.field ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.field ? (
                  <button type="button" className="sort-button" onClick={() => toggle(c.field!)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-arrow">{sort.field === c.field ? (sort.direction === 'asc' ? '▲' : '▼') : ''}</span>
                  </button>
                ) : (
                  c.label
                )}
              </div>
            ))}
          </div>
          <div className="vgrid-inner" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} className="vgrid-row" data-testid={row ? `catalogue-${row.carifNumber}` : undefined} style={{ transform: `translateY(${item.start - HEAD_HEIGHT}px)`, height: ROW_HEIGHT }}>
                  {row ? (
                    <>
                      <div role="gridcell" className="k-title">
                        <button type="button" className="link-button strong ellipsis" title={row.actionTitle} onClick={() => useNav.getState().go({ name: 'catalogueSession', id: row.id })}>
                          {row.actionTitle}
                        </button>
                        <span className="small muted ellipsis" title={`${row.organisme} · ${row.mesure}`}>
                          {t('list.carif')} {row.carifNumber} · {row.organisme} · {row.mesure}
                        </span>
                      </div>
                      <div role="gridcell" className="k-city" title={`${row.city} (${row.department})`}>
                        {row.city} ({row.department})
                      </div>
                      <div role="gridcell" className="k-date">
                        <DeadlineText deadline={row.deadline} marketStart={row.marketStart} marketEnd={row.marketEnd} />
                      </div>
                      <div role="gridcell" className="k-apps">
                        <span className="k-counter">
                          <CounterText counter={row.counter} />
                        </span>
                        <ApplicationsBadge applications={row.applications} />
                      </div>
                      <div role="gridcell" className="k-action">
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={!row.applications.open}
                          title={row.applications.open ? undefined : t(`applications.why.${row.applications.reason}`)}
                          onClick={() => useNav.getState().go({ name: 'preregistrations', sessionId: row.id })}
                        >
                          {t('catalogue.preregister')}
                        </button>
                      </div>
                    </>
                  ) : (
                    <div role="gridcell" className="row-loading">{t('app.loading')}</div>
                  )}
                </div>
              );
            })}
          </div>
          {total === 0 ? <p className="empty">{t('catalogue.empty')}</p> : null}
        </div>
      </div>
    </section>
  );
}
