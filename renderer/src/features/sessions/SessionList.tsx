import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SessionListQuery } from '../../../../shared/ipc/views';
import { formatCounter } from '../../../../shared/domain/entry-point-counter';
import { toErrorData } from '../../api';
import { useNav } from '../../stores/nav-store';
import { formatDay } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { usePagedQuery } from '../../use-paged-query';

type Sort = SessionListQuery['sort'];
const ROW_HEIGHT = 56;
const HEAD_HEIGHT = 40;

export function SessionList() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [organisme, setOrganisme] = useState('');
  const [marketNumber, setMarketNumber] = useState('');
  const [carifNumber, setCarifNumber] = useState('');
  const [sort, setSort] = useState<Sort>({ field: 'deadline', direction: 'asc' });
  const [debounced, setDebounced] = useState({ search, organisme, marketNumber, carifNumber });
  useEffect(() => {
    const timer = setTimeout(() => setDebounced({ search, organisme, marketNumber, carifNumber }), 250);
    return () => clearTimeout(timer);
  }, [search, organisme, marketNumber, carifNumber]);
  const query = useMemo(() => {
    const filters: SessionListQuery['filters'] = {};
    for (const [k, v] of Object.entries(debounced) as [keyof typeof debounced, string][]) if (v.trim()) filters[k] = v.trim();
    return { filters, sort };
  }, [debounced, sort]);
  const { total, rowAt, ensureRange, error } = usePagedQuery('sessions.list', query);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12, scrollMargin: HEAD_HEIGHT });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    if (items.length) ensureRange(items[0]!.index, items[items.length - 1]!.index);
  }, [items, ensureRange]);

  const columns: { field: Sort['field'] | null; label: string; className: string }[] = [
    { field: 'actionTitle', label: t('sessions.col.title'), className: 's-title' },
    { field: 'carifNumber', label: t('sessions.col.carif'), className: 's-carif' },
    { field: 'city', label: t('sessions.col.city'), className: 's-city' },
    { field: 'deadline', label: t('sessions.col.deadline'), className: 's-date' },
    { field: null, label: t('sessions.col.counter'), className: 's-counter' },
    { field: 'pending', label: t('sessions.col.pending'), className: 's-num' },
    { field: null, label: t('sessions.col.role'), className: 's-role' },
  ];
  const toggle = (field: Sort['field']) => setSort((s) => (s.field === field ? { field, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { field, direction: 'asc' }));

  return (
    <section className="page list-page" aria-labelledby="sessions-title">
      <header className="page-header">
        <h1 id="sessions-title">{t('sessions.title')}</h1>
        <p className="muted">{t('sessions.subtitle')}</p>
      </header>
      <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <label className="field grow">
          <span>{t('filters.search')}</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('sessions.searchPlaceholder')} />
        </label>
        <label className="field">
          <span>{t('filters.organisme')}</span>
          <input value={organisme} onChange={(e) => setOrganisme(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('filters.marketNumber')}</span>
          <input value={marketNumber} onChange={(e) => setMarketNumber(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('filters.carifNumber')}</span>
          <input value={carifNumber} onChange={(e) => setCarifNumber(e.target.value)} />
        </label>
      </form>
      <div className="list-toolbar">
        <span className="muted" aria-live="polite">{total === null ? t('app.loading') : t('sessions.total', { count: total, n: total.toLocaleString(i18n.language) })}</span>
      </div>
      {error ? <ErrorMessage error={toErrorData(error)} /> : null}
      <div className="vgrid sessions-grid" role="grid" aria-label={t('sessions.gridLabel')} aria-rowcount={(total ?? 0) + 1}>
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
                <div key={item.key} role="row" aria-rowindex={item.index + 2} className="vgrid-row" style={{ transform: `translateY(${item.start - HEAD_HEIGHT}px)`, height: ROW_HEIGHT }}>
                  {row ? (
                    <>
                      <div role="gridcell" className="s-title">
                        <span className="s-title-line">
                          {/* A cancelled or archived session says so before its title, where there is room for the words. */}
                          {row.status !== 'PUBLISHED' ? <span className="badge badge-muted" title={t(`sessionStatus.${row.status}`)}>{t(`sessionStatus.${row.status}`)}</span> : null}
                          <button type="button" className="link-button strong ellipsis" title={row.actionTitle} onClick={() => useNav.getState().go({ name: 'session', id: row.id })}>
                            {row.actionTitle}
                          </button>
                        </span>
                        <span className="small muted" title={`${row.organisme} · ${t('sessions.market')} ${row.marketNumber}`}>
                          {row.organisme} · {t('sessions.market')} {row.marketNumber}
                        </span>
                      </div>
                      <div role="gridcell" className="s-carif">{row.carifNumber}</div>
                      <div role="gridcell" className="s-city" title={`${row.city} (${row.department})`}>
                        {row.city} ({row.department})
                      </div>
                      <div role="gridcell" className="s-date">
                        {row.deadline ? formatDay(row.deadline) : t('sessions.marketDates', { start: formatDay(row.marketStart), end: formatDay(row.marketEnd) })}
                      </div>
                      <div role="gridcell" className="s-counter">
                        {row.counter ? <span className={row.counter.full ? 'counter full' : 'counter'}>{formatCounter(row.counter)}</span> : '—'}
                      </div>
                      <div role="gridcell" className="s-num">
                        <span className="badge state-EN_ATTENTE">{row.counts.EN_ATTENTE ?? 0}</span>
                      </div>
                      <div role="gridcell" className="s-role" title={row.orgRole ? t(`role.${row.orgRole}`) : undefined}>{row.orgRole ? t(`role.${row.orgRole}`) : '—'}</div>
                    </>
                  ) : (
                    <div role="gridcell" className="row-loading">{t('app.loading')}</div>
                  )}
                </div>
              );
            })}
          </div>
          {total === 0 ? <p className="empty">{t('sessions.empty')}</p> : null}
        </div>
      </div>
    </section>
  );
}
