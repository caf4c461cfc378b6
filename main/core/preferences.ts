// The user's choices that outlive a restart, kept in the local database's key-value table (so they go with the
// user's data at sign-out): « Travailler hors connexion » and the daily deadline reminder.
import { z } from 'zod';
import type { LocalStore } from './local-store';

const KV_WORK_OFFLINE = 'prefs.workOffline';
const KV_DEADLINE_REMINDERS = 'prefs.deadlineReminders';
const KV_REMINDED_ON = 'reminders.lastOn.';

export class Preferences {
  private readonly stored;

  constructor(private readonly store: LocalStore) {
    this.stored = { workOffline: store.kvValue(KV_WORK_OFFLINE, z.boolean()), deadlineReminders: store.kvValue(KV_DEADLINE_REMINDERS, z.boolean()) };
  }

  /** While true, the core makes no network call at all (the server client refuses them before they leave). */
  get workOffline(): boolean {
    return this.stored.workOffline.get() === true;
  }
  set workOffline(value: boolean) {
    this.store.setKv(KV_WORK_OFFLINE, value);
  }

  /** On unless the user turned it off. */
  get deadlineReminders(): boolean {
    return this.stored.deadlineReminders.get() !== false;
  }
  set deadlineReminders(value: boolean) {
    this.store.setKv(KV_DEADLINE_REMINDERS, value);
  }

  /** The day the deadline reminder was last given for a structure (once a day per structure). */
  lastRemindedOn(structureId: string): string | null {
    return this.store.readKv(KV_REMINDED_ON + structureId, z.string());
  }
  remindedOn(structureId: string, day: string): void {
    this.store.setKv(KV_REMINDED_ON + structureId, day);
  }
}
