import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { keepPreviousData } from '@tanstack/react-query';
import { CandidatureState, ORG_ROLES, type OrgRole } from '../../../../shared/domain/vocabulary';
import type { CandidatureFilters, CandidatureListQuery, CandidatureListRow } from '../../../../shared/ipc/views';
import { normalizeDecision, validateDecisionContent } from '../../../../shared/domain/avis';
import { useUndo } from '../../stores/undo-store';
import { invoke, toErrorData } from '../../api';
import { useReview } from '../../stores/review-store';
import { downloadFile, formatDay } from '../../format';
import { StateBadge } from '../../components/StateBadge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { usePagedQuery } from '../../use-paged-query';
import { useIpcQuery } from '../../use-ipc-query';
import { defaultSortFor, toggledSort } from './list-sort';
import { moveIndex, reviewCommand } from '../review/keymap';
import { AvisPanel } from '../review/AvisPanel';
import { KeyboardHelp } from '../review/KeyboardHelp';

type SortField = CandidatureListQuery['sort']['field'];
type Sort = { field: SortField; direction: 'asc' | 'desc' };

// Two lines of text and a little air: at 1280×720 about nine rows show beside the avis panel.
const ROW_HEIGHT = 48;
const HEAD_HEIGHT = 40;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function CandidatureList({ initialFilters, embedded = false }: { initialFilters: CandidatureFilters; embedded?: boolean }) {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<CandidatureFilters>(initialFilters);
  // The user's own sort (a column header); until then the list's default, which follows its filters.
  const [chosenSort, setChosenSort] = useState<Sort | null>(null);
  const sort = chosenSort ?? defaultSortFor(filters);
  const [exportError, setExportError] = useState<{ message: string } | null>(null);
  const debouncedFilters = useDebounced(filters, 250);
  const query = useMemo(() => ({ filters: cleanFilters(debouncedFilters), sort }), [debouncedFilters, sort]);
  const key = JSON.stringify(query);

  useEffect(() => {
    setFilters(initialFilters);
    setChosenSort(null);
  }, [initialFilters]);

  // The selected row's page stays read while the list scrolls away from it: the panel keeps its candidature.
  const selectedIndex = useReview((s) => s.selectedIndex);
  const { total, rowAt, indexOf, ensureRange, error } = usePagedQuery('candidatures.list', query, { pinnedIndex: selectedIndex });

  const scrollRef = useRef<HTMLDivElement>(null);
  // The sticky header sits inside the scroll box (so columns align): rows start below it.
  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12, scrollMargin: HEAD_HEIGHT, scrollPaddingStart: HEAD_HEIGHT });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    if (items.length) ensureRange(items[0]!.index, items[items.length - 1]!.index);
  }, [items, ensureRange]);

  // Review state: a new list starts with nothing selected.
  const draft = useReview((s) => s.draft);
  useEffect(() => useReview.getState().select(null), [key]);
  // Opened on one candidature (from the outbox or a conflict): it is selected, its panel open.
  useEffect(() => {
    if (query.filters.candidatureId && total === 1 && useReview.getState().selectedIndex === null) useReview.getState().select(0);
  }, [query.filters.candidatureId, total]);
  const selectedRow = selectedIndex !== null ? rowAt(selectedIndex) : undefined;
  const selectedId = selectedRow?.id ?? null;
  // While the next candidature's detail is read, the panel keeps showing the one before (no flash of the empty panel
  // at each j); nothing acts on it: the commands below wait for the selected candidature's own detail.
  const detailQuery = useIpcQuery('candidatures.get', { id: selectedId ?? '' }, { enabled: selectedId !== null, placeholderData: keepPreviousData });
  const shownDetail = selectedId !== null ? (detailQuery.data ?? null) : null;
  const detail = shownDetail?.candidature.id === selectedId ? shownDetail : null;
  const detailError = selectedId !== null && detailQuery.error ? toErrorData(detailQuery.error) : null;
  // The list changed under the selection (a sync brought or removed rows above it): the selection follows its
  // candidature to its new row. Gone from the rows at hand, the row now there is shown instead, and a
  // form opened for the one before closes.
  const indexOfRef = useRef(indexOf);
  indexOfRef.current = indexOf;
  useEffect(() => {
    const review = useReview.getState();
    const before = review.selectedIndex;
    const find = (id: string) => indexOfRef.current(id);
    if (selectedId === null && selectedIndex !== null && total !== null && selectedIndex >= total) review.pastEnd(find);
    else review.reconcile(selectedId, find);
    const after = useReview.getState().selectedIndex;
    if (after !== null && after !== before) {
      // Kept in view if it was in view: a reviewer who scrolled elsewhere is not brought back.
      const shown = virtualizer.range;
      if (before !== null && shown && before >= shown.startIndex && before <= shown.endIndex) virtualizer.scrollToIndex(after, { align: 'auto' });
    } else if (selectedId !== null) review.showing(selectedId);
  }, [selectedIndex, selectedId, total, virtualizer]);

  const gridRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);

  const focusGrid = () => gridRef.current?.focus();

  const submit = useCallback(async () => {
    const { draft: current } = useReview.getState();
    if (!current || !detail || busy || current.candidatureId !== detail.candidature.id) return;
    // Only what the form shows is sent: a justification typed before switching to « personne injoignable » is hidden.
    const decision = normalizeDecision(
      current.kind === 'RETENUE'
        ? ({ kind: 'RETENUE', plannedEntry: current.plannedEntry, plannedExit: current.plannedExit } as const)
        : ({ kind: 'NON_RETENUE', motive: current.motive, justification: current.justification } as const),
    );
    if (decision.kind === 'RETENUE' && (!decision.plannedEntry || !decision.plannedExit)) {
      return useReview.getState().setError({ message: t('avis.datesRequired'), field: decision.plannedEntry ? 'plannedExit' : 'plannedEntry' });
    }
    // Instant feedback with the shared rule; the core and the server check again.
    const check = validateDecisionContent(decision, detail.session);
    if (!check.ok) return useReview.getState().setError({ message: check.message, ...(check.field ? { field: check.field } : {}) });
    setBusy(true);
    try {
      const { mutationId } = current.editing
        ? await invoke('outbox.edit', { id: current.editing, decision })
        : await invoke('avis.give', { candidatureId: detail.candidature.id, decision });
      const name = `${detail.candidature.candidate.firstName} ${detail.candidature.candidate.lastName}`;
      useUndo.getState().show(mutationId, detail.candidature.id, t(decision.kind === 'RETENUE' ? 'undo.retained' : 'undo.notRetained', { name }));
      // The selection stays on the row: in a list filtered on « en attente » the next candidature slides into
      // place (and is then the one followed); elsewhere the decided row shows its new state and j moves on.
      useReview.getState().decided(detail.candidature.id);
      focusGrid();
    } catch (e) {
      const data = toErrorData(e);
      useReview.getState().setError({ message: data.message, ...(data.field ? { field: data.field.replace(/^decision\./, '') } : {}) });
    } finally {
      setBusy(false);
    }
  }, [detail, busy, t]);

  const openDraft = useCallback(
    (kind: 'yes' | 'no') => {
      // Where the rules refuse an avis, the panel already says why: the keys do nothing else.
      if (!detail || !detail.canGiveAvis.allowed) return;
      useReview
        .getState()
        .openDraft(
          kind === 'yes'
            ? { candidatureId: detail.candidature.id, kind: 'RETENUE', plannedEntry: detail.suggestedEntry ?? '', plannedExit: detail.suggestedExit ?? '' }
            : { candidatureId: detail.candidature.id, kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT', justification: '' },
        );
    },
    [detail],
  );

  const editPending = useCallback(() => {
    const m = detail?.pending?.mutation;
    if (!detail || !m || m.kind !== 'avis' || !detail.pending?.changeable.allowed) return;
    const d = m.payload.decision;
    useReview.getState().openDraft(
      d.kind === 'RETENUE'
        ? { candidatureId: detail.candidature.id, kind: 'RETENUE', plannedEntry: d.plannedEntry, plannedExit: d.plannedExit, editing: m.id }
        : { candidatureId: detail.candidature.id, kind: 'NON_RETENUE', motive: d.motive, justification: d.justification ?? '', editing: m.id },
    );
  }, [detail]);

  const cancelPending = useCallback(async () => {
    const id = detail?.pending?.id;
    if (!id) return;
    try {
      await invoke('outbox.cancel', { id });
      useUndo.getState().dismiss(id);
      focusGrid();
    } catch (e) {
      useReview.getState().setError(toErrorData(e));
    }
  }, [detail]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const review = useReview.getState();
      const inPanel = event.target instanceof Element && !!event.target.closest('[data-avis-form]');
      const inField = isField(event.target);
      if (review.helpOpen) {
        if (event.key === 'Escape' || event.key === '?') {
          event.preventDefault();
          review.setHelp(false);
        }
        return;
      }
      if (review.draft && inField && !inPanel) return;
      // A date field's calendar handles its own keys (Esc closes it, Enter picks a day).
      if (event.target instanceof Element && event.target.closest('.date-popover')) return;
      const command = reviewCommand(event.key, {
        mode: review.draft ? 'form' : 'browse',
        inField,
        inTextArea: event.target instanceof HTMLTextAreaElement,
        shift: event.shiftKey,
        ctrlOrMeta: event.ctrlKey || event.metaKey,
        alt: event.altKey,
      });
      if (!command) return;
      if (command === 'confirm' && event.target instanceof HTMLButtonElement && !event.target.closest('[data-avis-form]')) return;
      event.preventDefault();
      switch (command) {
        case 'next':
        case 'previous': {
          const next = moveIndex(review.selectedIndex, total ?? 0, command);
          review.select(next);
          if (next !== null) virtualizer.scrollToIndex(next, { align: 'auto' });
          focusGrid();
          break;
        }
        case 'yes':
          openDraft('yes');
          break;
        case 'no':
          openDraft('no');
          break;
        case 'confirm':
          void submit();
          break;
        case 'cancel':
          if (review.draft) {
            review.cancel();
            focusGrid();
          } else review.setError(null);
          break;
        case 'help':
          review.setHelp(true);
          break;
      }
    }
    // Capture phase: react-aria's date segments stop the keys they see, and Enter must still confirm from them.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [total, virtualizer, openDraft, submit]);

  async function exportCsv() {
    setExportError(null);
    try {
      downloadFile(await invoke('candidatures.exportCsv', { filters: cleanFilters(filters), sort }));
    } catch (e) {
      setExportError(toErrorData(e));
    }
  }

  function toggleSort(field: SortField) {
    setChosenSort(toggledSort(sort, field));
  }

  const columns: { field: SortField | null; label: string; className: string }[] = [
    { field: 'candidateName', label: t('list.col.candidate'), className: 'c-candidate' },
    { field: 'state', label: t('list.col.state'), className: 'c-state' },
    { field: 'actionTitle', label: t('list.col.session'), className: 'c-session' },
    { field: 'createdOn', label: t('list.col.createdOn'), className: 'c-date' },
    { field: 'avisDeadline', label: t('list.col.deadline'), className: 'c-date' },
  ];

  return (
    <section className={embedded ? 'list-page embedded' : 'page list-page'} aria-labelledby={embedded ? undefined : 'cand-title'}>
      {embedded ? null : (
        <header className="page-header row">
          <div>
            <h1 id="cand-title">{t('list.title')}</h1>
            <p className="muted">{t('list.subtitle')}</p>
          </div>
          <button type="button" className="btn btn-ghost" onClick={() => useReview.getState().setHelp(true)} aria-keyshortcuts="?">
            {t('help.button')}
          </button>
        </header>
      )}
      <Filters filters={filters} onChange={setFilters} embedded={embedded} />
      <div className="list-toolbar">
        <span className="muted" aria-live="polite" data-testid="list-total">
          {total === null ? t('app.loading') : t('list.total', { count: total, n: total.toLocaleString(i18n.language) })}
        </span>
        <span className="small muted">{t('list.keyboardHint')}</span>
        <button type="button" className="btn btn-small" onClick={() => void exportCsv()}>
          {t('list.exportCsv')}
        </button>
      </div>
      <ErrorMessage error={exportError} />
      {error ? <ErrorMessage error={toErrorData(error)} /> : null}
      <div className="list-and-panel">
        <div
          className="vgrid"
          role="grid"
          aria-label={t('list.gridLabel')}
          aria-rowcount={(total ?? 0) + 1}
          aria-activedescendant={selectedIndex !== null ? `cand-row-${selectedIndex}` : undefined}
          tabIndex={0}
          ref={gridRef}
          data-testid="candidature-grid"
        >
          <div className="vgrid-scroll" ref={scrollRef}>
            <div className="vgrid-head" role="row" aria-rowindex={1}>
              {columns.map((c) => (
                <div key={c.label} role="columnheader" className={c.className} title={c.label} aria-sort={c.field && sort.field === c.field ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {c.field ? (
                    <button type="button" className="sort-button" onClick={() => toggleSort(c.field!)}>
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
                const selected = item.index === selectedIndex;
                return (
                  <div
                    key={item.key}
                    id={`cand-row-${item.index}`}
                    role="row"
                    aria-rowindex={item.index + 2}
                    aria-selected={selected}
                    className={selected ? 'vgrid-row selected' : 'vgrid-row'}
                    style={{ transform: `translateY(${item.start - HEAD_HEIGHT}px)`, height: ROW_HEIGHT }}
                    onClick={() => useReview.getState().select(item.index)}
                    data-testid={row ? `cand-${row.id}` : undefined}
                  >
                    {row ? (
                      <>
                        <div role="gridcell" className="c-candidate">
                          <strong title={row.candidateName}>{row.candidateName}</strong>
                          <span className="small muted" title={row.candidateEmail}>{row.candidateEmail}</span>
                        </div>
                        <div role="gridcell" className="c-state">
                          <StateBadge state={row.state} pending={row.pending} conflicted={row.conflicted} />
                        </div>
                        <div role="gridcell" className="c-session">
                          <span className="ellipsis" title={row.actionTitle}>{row.actionTitle}</span>
                          <SessionLine row={row} />
                        </div>
                        <div role="gridcell" className="c-date">{formatDay(row.createdOn)}</div>
                        <div role="gridcell" className="c-date">{row.state === 'EN_ATTENTE' ? formatDay(row.avisDeadline) : '—'}</div>
                      </>
                    ) : (
                      <div role="gridcell" className="row-loading">{t('app.loading')}</div>
                    )}
                  </div>
                );
              })}
            </div>
            {total === 0 ? <p className="empty">{t('list.empty')}</p> : null}
          </div>
        </div>
        <AvisPanel detail={selectedRow ? shownDetail : null} error={detailError} draft={draft} busy={busy} onSubmit={() => void submit()} onOpen={openDraft} onCancel={() => (useReview.getState().cancel(), focusGrid())} onEditPending={editPending} onCancelPending={() => void cancelPending()} />
      </div>
      <KeyboardHelp />
    </section>
  );
}

function cleanFilters(filters: CandidatureFilters): CandidatureFilters {
  const out: CandidatureFilters = {};
  if (filters.states?.length) out.states = filters.states;
  if (filters.roles?.length) out.roles = filters.roles;
  if (filters.sessionId) out.sessionId = filters.sessionId;
  if (filters.candidatureId) out.candidatureId = filters.candidatureId;
  if (filters.deadlineSoon) out.deadlineSoon = true;
  for (const k of ['search', 'organisme', 'marketNumber', 'carifNumber'] as const) {
    const v = filters[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

function Filters({ filters, onChange, embedded }: { filters: CandidatureFilters; onChange: (f: CandidatureFilters) => void; embedded: boolean }) {
  const { t } = useTranslation();
  const set = (patch: Partial<CandidatureFilters>) => onChange({ ...filters, ...patch });
  const state = filters.states?.length === 1 ? filters.states[0]! : '';
  const role = filters.roles?.length === 1 ? filters.roles[0]! : '';
  return (
    <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <label className="field grow">
        <span>{t('filters.search')}</span>
        <input type="search" value={filters.search ?? ''} placeholder={t('filters.searchPlaceholder')} onChange={(e) => set({ search: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('filters.state')}</span>
        <select aria-label={t('filters.state')} value={state} onChange={(e) => set({ states: e.target.value ? [CandidatureState.parse(e.target.value)] : [] })}>
          <option value="">{t('filters.all')}</option>
          {CandidatureState.options.map((s) => (
            <option key={s} value={s}>
              {t(`state.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {embedded ? null : (
        <label className="field">
          <span>{t('filters.role')}</span>
          <select aria-label={t('filters.role')} value={role} onChange={(e) => set({ roles: e.target.value ? [e.target.value as OrgRole] : [] })}>
            <option value="">{t('filters.all')}</option>
            {ORG_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field check">
        <input type="checkbox" checked={!!filters.deadlineSoon} onChange={(e) => set({ deadlineSoon: e.target.checked })} />
        <span>{t('filters.deadlineSoon')}</span>
      </label>
      {embedded ? null : (
        <>
          <label className="field">
            <span>{t('filters.organisme')}</span>
            <input value={filters.organisme ?? ''} onChange={(e) => set({ organisme: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('filters.marketNumber')}</span>
            <input value={filters.marketNumber ?? ''} onChange={(e) => set({ marketNumber: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('filters.carifNumber')}</span>
            <input value={filters.carifNumber ?? ''} onChange={(e) => set({ carifNumber: e.target.value })} />
          </label>
        </>
      )}
      {filters.sessionId && !embedded ? (
        <span className="chip">
          {t('filters.oneSession')}
          <button type="button" className="chip-remove" aria-label={t('filters.removeSession')} onClick={() => set({ sessionId: undefined })}>
            ×
          </button>
        </span>
      ) : null}
      {filters.candidatureId ? (
        <span className="chip">
          {t('filters.oneCandidature')}
          <button type="button" className="chip-remove" aria-label={t('filters.removeCandidature')} onClick={() => set({ candidatureId: undefined })}>
            ×
          </button>
        </span>
      ) : null}
    </form>
  );
}

/** « Carif 00498064 · BORDEAUX (33) · Responsable », with its full text on hover when the column cuts it. */
function SessionLine({ row }: { row: CandidatureListRow }) {
  const { t } = useTranslation();
  const text = `${t('list.carif')} ${row.carifNumber} · ${row.city} (${row.department})${row.orgRole ? ` · ${t(`role.${row.orgRole}`)}` : ''}`;
  return (
    <span className="small muted" title={text}>
      {text}
    </span>
  );
}
