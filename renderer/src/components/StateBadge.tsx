import { useTranslation } from 'react-i18next';
import type { CandidatureState } from '../../../shared/domain/vocabulary';

/** The one colour of each state, used the same way everywhere (see styles.css .state-*). */
export function StateBadge({ state, pending, conflicted }: { state: CandidatureState; pending?: boolean; conflicted?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="badge-group">
      <span className={`badge state-${state}`}>{t(`state.${state}`)}</span>
      {pending ? <span className="badge badge-pending" title={t('list.pendingHint')}>{t('list.pending')}</span> : null}
      {conflicted ? <span className="badge badge-conflict">{t('list.conflicted')}</span> : null}
    </span>
  );
}
