// How a session's applications read everywhere a prescriber or a catalogue manager meets them: the counter
// « pris/places » of the upcoming entry point, the date limite, and « ouvertes » or « fermées » with the reason.
import { useTranslation } from 'react-i18next';
import type { ApplicationsView, CounterView } from '../../../../shared/ipc/views';
import { formatCounter } from '../../../../shared/domain/entry-point-counter';
import { formatDay } from '../../format';

export function ApplicationsBadge({ applications }: { applications: ApplicationsView }) {
  const { t } = useTranslation();
  const text = applications.open ? t('applications.open') : t(`applications.closed.${applications.reason}`);
  return (
    <span className={applications.open ? 'badge badge-open' : 'badge badge-closed'} title={text} data-testid="applications-state">
      {text}
    </span>
  );
}

export function CounterText({ counter }: { counter: CounterView | null }) {
  const { t } = useTranslation();
  if (!counter) return <span className="muted">—</span>;
  return (
    <span className={counter.full ? 'counter full' : 'counter'} title={t('applications.counterHint', { taken: counter.taken, places: counter.places })}>
      {formatCounter(counter)}
    </span>
  );
}

/** « Date limite : 25/11/2024 », or the market dates when no entry point is coming (seed 004). */
export function DeadlineText({ deadline, marketStart, marketEnd }: { deadline: string | null; marketStart: string; marketEnd: string }) {
  const { t } = useTranslation();
  return deadline ? (
    <span>{formatDay(deadline)}</span>
  ) : (
    <span className="muted small">{t('applications.marketOnly', { start: formatDay(marketStart), end: formatDay(marketEnd) })}</span>
  );
}
