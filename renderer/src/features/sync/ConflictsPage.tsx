import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conflict } from '../../../../shared/ipc/views';
import type { Decision } from '../../../../shared/protocol/sync';
import { NonRetentionMotive } from '../../../../shared/domain/vocabulary';
import { motiveNeedsJustification, normalizeDecision } from '../../../../shared/domain/avis';
import { useNav } from '../../stores/nav-store';
import { invoke, reasonSentence, toErrorData } from '../../api';
import { useSync } from '../../stores/sync-store';
import { invalidateReads } from '../../query-client';
import { useIpcQuery } from '../../use-ipc-query';
import { formatDateTime } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { DateField } from '../../components/DateField';
import { decisionSummary } from './decision-summary';

export function ConflictsPage() {
  const { t } = useTranslation();
  // Read again on every data change and when the status's conflict count moves (query-client.ts).
  const conflicts = useIpcQuery('conflicts.list', {});
  const items = conflicts.data ?? null;
  const error = conflicts.error ? toErrorData(conflicts.error) : null;
  const done = () => {
    invalidateReads('conflicts.list');
    void useSync.getState().refresh().catch(() => undefined);
  };

  return (
    <section className="page" aria-labelledby="conflicts-title">
      <header className="page-header">
        <h1 id="conflicts-title">{t('conflicts.title')}</h1>
        <p className="muted">{t('conflicts.subtitle')}</p>
      </header>
      <ErrorMessage error={error} />
      {items && items.length === 0 ? <p className="empty-state">{t('conflicts.empty')}</p> : null}
      <ul className="conflict-list">
        {items?.map((c) => (
          <ConflictCard key={c.id} conflict={c} onDone={done} />
        ))}
      </ul>
    </section>
  );
}

function ConflictCard({ conflict, onDone }: { conflict: Conflict; onDone: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  // The server's refusal names a field: the form shows its message beside that field.
  const [error, setError] = useState<{ message: string; field?: string } | null>(conflict.field ? { message: conflict.message, field: conflict.field } : null);
  const fieldError = (name: string) => (error?.field === name ? error.message : null);
  const original = conflict.mutation.kind === 'avis' ? conflict.mutation.payload.decision : null;
  const [decision, setDecision] = useState<Decision | null>(original);

  async function discard() {
    setError(null);
    try {
      await invoke('conflicts.discard', { conflictId: conflict.id });
      onDone();
    } catch (e) {
      setError(toErrorData(e));
    }
  }
  async function resubmit(e?: FormEvent) {
    e?.preventDefault();
    setError(null);
    try {
      await invoke('conflicts.resubmit', { conflictId: conflict.id, ...(decision ? { decision: normalizeDecision(decision) } : {}) });
      onDone();
    } catch (err) {
      setError(toErrorData(err));
    }
  }

  return (
    <li className="card conflict" data-testid="conflict">
      <header className="conflict-head">
        <h2>{decisionSummary(t, conflict)}</h2>
        <span className="badge badge-conflict">{t(`rejection.${conflict.code}`)}</span>
      </header>
      <p className="server-reason">
        <strong>{t('conflicts.reason')}</strong> {conflict.reason ? reasonSentence(conflict.reason) : conflict.message}
      </p>
      <p className="advice">
        <strong>{t('conflicts.advice')}</strong> {t(`conflicts.adviceByCode.${conflict.code}`)}
      </p>
      {conflict.decidedBy ? (
        <p className="small" data-testid="conflict-decided-by">
          {t('conflicts.decidedBy', { name: conflict.decidedBy, when: formatDateTime(conflict.decidedAt) })}
        </p>
      ) : null}
      <p className="small muted">{t('conflicts.rejectedAt', { when: formatDateTime(conflict.rejectedAt) })}</p>
      {conflict.candidatureId ? (
        <p>
          <button type="button" className="link-button" onClick={() => useNav.getState().go({ name: 'candidatures', filters: { candidatureId: conflict.candidatureId! } })}>
            {t('conflicts.openCandidature')}
          </button>
        </p>
      ) : null}
      {editing && decision ? (
        <form className="conflict-edit" onSubmit={resubmit}>
          <label className="field">
            <span>{t('avis.conforme')}</span>
            <select
              aria-label={t('avis.conforme')}
              value={decision.kind}
              onChange={(e) =>
                setDecision(
                  e.target.value === 'RETENUE'
                    ? { kind: 'RETENUE', plannedEntry: original?.kind === 'RETENUE' ? original.plannedEntry : '', plannedExit: original?.kind === 'RETENUE' ? original.plannedExit : '' }
                    : { kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT', justification: '' },
                )
              }
            >
              <option value="RETENUE">{t('avis.yesShort')}</option>
              <option value="NON_RETENUE">{t('avis.noShort')}</option>
            </select>
          </label>
          {decision.kind === 'RETENUE' ? (
            <div className="field-row">
              <DateField label={t('avis.plannedEntry')} value={decision.plannedEntry} error={fieldError('plannedEntry')} onChange={(plannedEntry) => setDecision({ ...decision, plannedEntry })} />
              <DateField label={t('avis.plannedExit')} value={decision.plannedExit} error={fieldError('plannedExit')} onChange={(plannedExit) => setDecision({ ...decision, plannedExit })} />
            </div>
          ) : (
            <div className="field-row">
              <label className="field">
                <span>{t('avis.motive')}</span>
                <select aria-label={t('avis.motive')} value={decision.motive} onChange={(e) => setDecision({ ...decision, motive: NonRetentionMotive.parse(e.target.value) })}>
                  {NonRetentionMotive.options.map((m) => (
                    <option key={m} value={m}>
                      {t(`motive.${m}`)}
                    </option>
                  ))}
                </select>
              </label>
              {motiveNeedsJustification(decision.motive) ? (
                <label className="field grow">
                  <span>{t('avis.justification')}</span>
                  <input value={decision.justification ?? ''} aria-invalid={!!fieldError('justification')} onChange={(e) => setDecision({ ...decision, justification: e.target.value })} />
                  {fieldError('justification') ? <span className="field-error">{fieldError('justification')}</span> : null}
                </label>
              ) : null}
            </div>
          )}
          {error && !['plannedEntry', 'plannedExit', 'justification'].includes(error.field ?? '') ? <ErrorMessage error={error} /> : null}
          <div className="btn-row">
            <button type="submit" className="btn btn-primary">
              {t('conflicts.resubmit')}
            </button>
            <button type="button" className="btn" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          {error && error.message !== conflict.message ? <ErrorMessage error={error} /> : null}
          <div className="btn-row">
            {conflict.canResubmit ? (
              <button type="button" className="btn btn-primary" onClick={() => (original ? setEditing(true) : void resubmit())}>
                {original ? t('conflicts.editResubmit') : t('conflicts.resubmit')}
              </button>
            ) : null}
            <button type="button" className="btn btn-danger-outline" onClick={() => void discard()}>
              {t('conflicts.discard')}
            </button>
          </div>
        </>
      )}
    </li>
  );
}
