// « Mon compte » → Rappels: the daily deadline reminder, on by default, kept on this machine with the user's data.
// Works offline (a local preference). In browser mode, also where the browser's permission is asked for.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LAST_DAYS_BEFORE_DEADLINE } from '../../../../shared/domain/avis-deadline';
import { invoke, toErrorData } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAuth } from '../../stores/auth-store';
import { workspaceOf } from '../../workspace';

type Permission = 'default' | 'denied' | 'granted' | 'electron' | 'unsupported';

function browserPermission(): Permission {
  if (window.rafael) return 'electron';
  const api = (window as unknown as { Notification?: { permission: 'default' | 'denied' | 'granted' } }).Notification;
  return api ? api.permission : 'unsupported';
}

/** Only those who give avis get reminders (shared/domain/deadline-reminder), so only they see the setting. */
export function ReminderSettings() {
  const workspace = useAuth((s) => workspaceOf(s.state));
  return workspace === 'OF_GENERAL' || workspace === 'OF_PREINSCRIPTION' ? <ReminderSettingsCard /> : null;
}

function ReminderSettingsCard() {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [permission, setPermission] = useState<Permission>(browserPermission);
  const [error, setError] = useState<{ message: string } | null>(null);

  useEffect(() => {
    invoke('preferences.get', {})
      .then((p) => setEnabled(p.deadlineReminders))
      .catch((e) => setError(toErrorData(e)));
  }, []);

  async function toggle(next: boolean) {
    setError(null);
    try {
      setEnabled((await invoke('preferences.set', { deadlineReminders: next })).deadlineReminders);
    } catch (e) {
      setError(toErrorData(e));
    }
  }

  async function allowBrowser() {
    const api = (window as unknown as { Notification?: { requestPermission(): Promise<'default' | 'denied' | 'granted'> } }).Notification;
    if (api) setPermission(await api.requestPermission());
  }

  return (
    <section className="card form-narrow" aria-labelledby="reminders-title" data-testid="reminder-settings">
      <h2 id="reminders-title">{t('reminders.settingsTitle')}</h2>
      <label className="field check">
        <input type="checkbox" checked={enabled ?? false} disabled={enabled === null} onChange={(e) => void toggle(e.target.checked)} />
        <span>{t('reminders.setting')}</span>
      </label>
      <p className="small muted">{t('reminders.settingHint', { days: LAST_DAYS_BEFORE_DEADLINE })}</p>
      {enabled && permission === 'default' ? (
        <button type="button" className="btn btn-small" onClick={() => void allowBrowser()}>
          {t('reminders.allowBrowser')}
        </button>
      ) : null}
      {enabled && (permission === 'denied' || permission === 'unsupported') ? <p className="notice small">{t('reminders.browserDenied')}</p> : null}
      <ErrorMessage error={error} />
    </section>
  );
}
