import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Switch } from 'react-aria-components';
import { onHostConnection, type HostConnection } from '../../platform';
import { pendingSummary } from './pending-summary';
import { DeadlineReminders } from '../reminders/DeadlineReminders';
import { useSync } from '../../stores/sync-store';
import { useNav } from '../../stores/nav-store';
import { formatDateTime, formatDay, formatRelative } from '../../format';
import { reasonSentence, toErrorData } from '../../api';
import { useAuth } from '../../stores/auth-store';
import { hasStructureData } from '../../workspace';

/** Always visible: never make a manager wonder whether their work is saved. */
export function SyncBar() {
  const { t, i18n } = useTranslation();
  const status = useSync((s) => s.status);
  const lastError = status?.lastError ? reasonSentence(status.lastError) : null;
  const [host, setHost] = useState<HostConnection>('connecting');
  useEffect(() => onHostConnection(setHost), []);
  const progress = useSync((s) => s.progress);
  const structureData = useAuth((s) => hasStructureData(s.state));
  const [error, setError] = useState<string | null>(null);
  const [, tick] = useState(0);
  useEffect(() => {
    // Keeps « il y a 2 minutes » current.
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  async function syncNow() {
    setError(null);
    try {
      await useSync.getState().syncNow();
    } catch (e) {
      setError(toErrorData(e).message);
    }
  }

  async function setWorkOffline(workOffline: boolean) {
    setError(null);
    try {
      await useSync.getState().setWorkOffline(workOffline);
    } catch (e) {
      setError(toErrorData(e).message);
    }
  }

  const hostLost = host === 'lost' || host === 'refused';
  const workOffline = status?.workOffline ?? false;
  const online = !hostLost && (status?.online ?? false);
  const connectionLabel = hostLost ? t('host.status') : workOffline ? t('sync.workingOffline') : online ? t('sync.online') : t('sync.offline');
  const pct = progress && progress.expected > 0 ? Math.min(100, Math.round((progress.done / progress.expected) * 100)) : null;
  return (
    <footer className="sync-bar" aria-label={t('sync.label')}>
      <span className={online ? 'sync-dot online' : workOffline && !hostLost ? 'sync-dot by-choice' : 'sync-dot offline'} aria-hidden="true" />
      <span className="sync-online" data-testid="sync-online">{connectionLabel}</span>
      {structureData ? (
        <>
          <span className="sync-sep" aria-hidden="true">·</span>
          <span className="sync-last" title={status?.lastSuccessAt ? `${t('sync.lastSync', { when: formatRelative(status.lastSuccessAt) })} (${formatDateTime(status.lastSuccessAt)})` : t('sync.never')}>
            {status?.lastSuccessAt ? t('sync.lastSync', { when: formatRelative(status.lastSuccessAt) }) : t('sync.never')}
          </span>
          <span className="sync-sep" aria-hidden="true">·</span>
          <button type="button" className="link-button" data-testid="sync-pending" onClick={() => useNav.getState().go({ name: 'outbox' })}>
            {pendingSummary(t, i18n.language, status?.pendingByKind ?? { avis: 0, preRegistrations: 0, offer: 0 })}
          </button>
        </>
      ) : null}
      {status && status.conflictCount > 0 ? (
        <>
          <span className="sync-sep" aria-hidden="true">·</span>
          <button type="button" className="link-button conflict-link" onClick={() => useNav.getState().go({ name: 'conflicts' })}>
            {t('sync.conflicts', { count: status.conflictCount })}
          </button>
        </>
      ) : null}
      {status?.deadlineAlert ? (
        <button type="button" className="link-button sync-warning sync-deadline" role="alert" data-testid="sync-deadline-alert" onClick={() => useNav.getState().go({ name: 'outbox' })}>
          {t('sync.deadlineAlert', { count: status.deadlineAlert.count, date: formatDay(status.deadlineAlert.earliest) })}
        </button>
      ) : null}
      <DeadlineReminders />
      {status?.needsSignIn ? <span className="sync-warning">{t('sync.needsSignIn')}</span> : null}
      {lastError ? <span className="sync-warning" title={lastError}>{lastError}</span> : null}
      {error ? <span className="sync-warning" role="alert">{error}</span> : null}
      <span className="sync-spacer" />
      {status?.syncing ? (
        <span className="sync-progress">
          <span>{t('sync.syncing')}</span>
          <progress max={100} value={pct ?? undefined} aria-label={t('sync.progress')}>
            {pct ?? ''}
          </progress>
          {progress ? <span className="small">{t('sync.progressCount', { done: progress.done, expected: progress.expected })}</span> : null}
        </span>
      ) : null}
      <Switch className="work-offline" isSelected={workOffline} isDisabled={hostLost || !status} onChange={(on) => void setWorkOffline(on)} data-testid="work-offline">
        <span className="switch-track" aria-hidden="true" />
        <span title={t('sync.workOfflineHint')}>{t('sync.workOffline')}</span>
      </Switch>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void syncNow()}
        disabled={status?.syncing || workOffline || hostLost}
        title={workOffline ? t('sync.nowDisabledOffline') : undefined}
      >
        {t('sync.now')}
      </button>
    </footer>
  );
}
