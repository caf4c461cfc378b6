// The sync bar and the user's own settings: status, « Synchroniser », « Travailler hors connexion », the deadline
// reminders and their preference.
import type { IpcHandlers } from '../../../shared/ipc/contract';
import type { CoreContext } from '../core-context';
import { claimDeadlineReminder } from '../queries/deadline-reminder-query';
import { requireSignedIn } from './guards';

type SyncChannel = 'sync.getStatus' | 'sync.setWorkOffline' | 'sync.now' | 'preferences.get' | 'preferences.set' | 'reminders.due';

export function syncHandlers({ account, prefs, scheduler, status, store, today }: CoreContext): Pick<IpcHandlers, SyncChannel> {
  const reminderPreferences = () => ({ deadlineReminders: prefs.deadlineReminders });
  return {
    'sync.getStatus': async () => status.syncStatus(),
    'sync.setWorkOffline': async ({ workOffline }) => {
      requireSignedIn(account);
      prefs.workOffline = workOffline;
      status.publish();
      // Back online: catch up at once rather than at the next periodic round.
      if (!workOffline) await scheduler.now();
      return status.syncStatus();
    },
    'sync.now': async () => {
      requireSignedIn(account);
      await scheduler.now();
      return status.syncStatus();
    },

    'preferences.get': async () => {
      requireSignedIn(account);
      return reminderPreferences();
    },
    'preferences.set': async ({ deadlineReminders }) => {
      requireSignedIn(account);
      if (deadlineReminders !== undefined) prefs.deadlineReminders = deadlineReminders;
      return reminderPreferences();
    },
    // Polled by the platform whatever the user is doing: never an error, just nothing when nothing is due.
    'reminders.due': async () => {
      const membership = account.signedIn ? account.activeMembership : null;
      if (!membership) return null;
      return claimDeadlineReminder({ store, prefs, structure: membership.structure, profile: membership.profile, today: today() });
    },
  };
}
