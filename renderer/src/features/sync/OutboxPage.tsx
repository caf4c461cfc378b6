import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingMutation } from '../../../../shared/ipc/views';
import { invoke, reasonSentence, toErrorData } from '../../api';
import { useIpcQuery } from '../../use-ipc-query';
import { downloadFile, formatDateTime } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useNav } from '../../stores/nav-store';
import { useUndo } from '../../stores/undo-store';
import { decisionSummary } from './decision-summary';

export function OutboxPage() {
  const { t } = useTranslation();
  // Read again on every data change and when the status's pending count moves (query-client.ts).
  const outbox = useIpcQuery('outbox.list', {});
  const items = outbox.data ?? null;
  const [actionError, setError] = useState<{ message: string } | null>(null);
  const error = actionError ?? (outbox.error ? toErrorData(outbox.error) : null);

  async function cancel(m: PendingMutation) {
    setError(null);
    try {
      await invoke('outbox.cancel', { id: m.id });
      useUndo.getState().dismiss(m.id);
    } catch (e) {
      setError(toErrorData(e));
    }
  }

  async function exportOutbox() {
    try {
      downloadFile(await invoke('outbox.export', {}));
    } catch (e) {
      setError(toErrorData(e));
    }
  }
  return (
    <section className="page" aria-labelledby="outbox-title">
      <header className="page-header row">
        <div>
          <h1 id="outbox-title">{t('outbox.title')}</h1>
          <p className="muted">{t('outbox.subtitle')}</p>
        </div>
        <button type="button" className="btn" onClick={() => void exportOutbox()}>
          {t('outbox.export')}
        </button>
      </header>
      <ErrorMessage error={error} />
      {items && items.length === 0 ? <p className="empty-state">{t('outbox.empty')}</p> : null}
      {items && items.length > 0 ? (
        <table className="data-table card" data-testid="outbox-table">
          <thead>
            <tr>
              <th scope="col">{t('outbox.col.summary')}</th>
              <th scope="col">{t('outbox.col.kind')}</th>
              <th scope="col">{t('outbox.col.created')}</th>
              <th scope="col">{t('outbox.col.attempts')}</th>
              <th scope="col">{t('outbox.col.error')}</th>
              <th scope="col">
                <span className="sr-only">{t('outbox.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td>{decisionSummary(t, m)}</td>
                <td>{t(`mutationKind.${m.kind}`)}</td>
                <td>{formatDateTime(m.createdAt)}</td>
                <td>{m.attempts}</td>
                <td className="small">{m.lastError ? reasonSentence(m.lastError) : '—'}</td>
                <td className="row-actions">
                  {m.candidatureId ? (
                    <button type="button" className="btn btn-small" onClick={() => useNav.getState().go({ name: 'candidatures', filters: { candidatureId: m.candidatureId! } })}>
                      {m.changeable.allowed && m.kind === 'avis' ? t('outbox.openEdit') : t('outbox.open')}
                    </button>
                  ) : null}
                  {m.changeable.allowed ? (
                    <button type="button" className="btn btn-small btn-danger-outline" onClick={() => void cancel(m)} aria-label={t('outbox.cancelLabel', { summary: decisionSummary(t, m) })}>
                      {t('outbox.cancel')}
                    </button>
                  ) : (
                    <span className="small muted" title={m.changeable.reason ? reasonSentence(m.changeable.reason) : undefined}>{t('outbox.sending')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
