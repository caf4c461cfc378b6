// The daily deadline reminder on the page side. Browser mode: ask the core now and then (it answers once a day),
// show the browser's notification, or, when the browser will not, a line in the sync bar. Electron: the shell shows
// the notification and sends `reminders.open` when it is clicked. Either way the list opens on those candidatures.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadlineReminder } from '../../../../shared/ipc/views';
import { invoke, onEvent } from '../../api';
import { formatDay } from '../../format';
import { useAuth } from '../../stores/auth-store';
import { useNav } from '../../stores/nav-store';
import { pageNotifier } from '../../platform';

const FIRST_CHECK_MS = 5_000;
const CHECK_EVERY_MS = 15 * 60_000;

export async function openReminderList(reminder: DeadlineReminder): Promise<void> {
  if (useAuth.getState().state?.activeStructureId !== reminder.structureId) await useAuth.getState().setActive(reminder.structureId);
  useNav.getState().go({ name: 'candidatures', filters: reminder.filters });
}

export function DeadlineReminders() {
  const { t } = useTranslation();
  const [shownHere, setShownHere] = useState<DeadlineReminder | null>(null);

  const open = useCallback((reminder: DeadlineReminder) => {
    setShownHere(null);
    void openReminderList(reminder).catch(() => undefined);
  }, []);

  useEffect(() => onEvent('reminders.open', open), [open]);

  useEffect(() => {
    const notifier = pageNotifier();
    if (!notifier) return;
    let live = true;
    const check = async () => {
      const reminder = await invoke('reminders.due', {}).catch(() => null);
      if (!reminder || !live) return;
      const content = {
        title: t('reminders.title', { count: reminder.count }),
        body: t('reminders.body', { structure: reminder.structureName, date: formatDay(reminder.earliestDeadline) }),
      };
      const shown = await notifier.show(content, () => open(reminder)).catch(() => false);
      if (!shown && live) setShownHere(reminder);
    };
    const first = setTimeout(() => void check(), FIRST_CHECK_MS);
    const every = setInterval(() => void check(), CHECK_EVERY_MS);
    return () => {
      live = false;
      clearTimeout(first);
      clearInterval(every);
    };
  }, [open, t]);

  if (!shownHere) return null;
  return (
    <span className="sync-reminder" role="status" data-testid="deadline-reminder">
      <button type="button" className="link-button" onClick={() => open(shownHere)} title={t('reminders.body', { structure: shownHere.structureName, date: formatDay(shownHere.earliestDeadline) })}>
        {t('reminders.title', { count: shownHere.count })}
      </button>
      <button type="button" className="chip-remove" aria-label={t('reminders.dismiss')} onClick={() => setShownHere(null)}>
        ×
      </button>
    </span>
  );
}
