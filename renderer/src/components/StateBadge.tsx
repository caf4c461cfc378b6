import { useTranslation } from 'react-i18next';
import type { CandidatureState } from '../../../shared/domain/vocabulary';

/** The one colour of each state, used the same way everywhere (see styles.css .state-*). */
export function StateBadge({ state, pending, conflicted }: { state: CandidatureState; pending?: boolean; conflicted?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="badge-group">
      {/* Titles carry the full words wherever a narrow column wraps or cuts a badge. */}
      <span className={`badge state-${state}`} title={t(`state.${state}`)}>{t(`state.${state}`)}</span>
      {pending ? <span className="badge badge-pending" title={`${t('list.pending')} — ${t('list.pendingHint')}`}>{t('list.pending')}</span> : null}
      {conflicted ? <span className="badge badge-conflict" title={t('list.conflicted')}>{t('list.conflicted')}</span> : null}
    </span>
  );
}
