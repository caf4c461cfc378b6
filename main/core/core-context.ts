// What the core's feature modules share, built once by createCore: the local data, the account, the server client,
// the sync engine and its scheduler, the outgoing events and the one place that publishes the app's state.
import type { Logger } from 'pino';
import type { CalendarDate } from '../../shared/domain/calendar-date';
import type { AccountSession } from './account-session';
import type { AppStatus } from './app-status';
import type { Commands } from './commands';
import type { CoreEvents } from './core-events';
import type { LocalStore } from './local-store';
import type { OutboxJournal } from './outbox-journal';
import type { Preferences } from './preferences';
import type { ReadModel } from './queries/read-model';
import type { ServerClient } from './sync/server-client';
import type { SyncEngine, SyncScheduler } from './sync/sync-engine';

/** This installation's id, sent with every push; it outlives sign-outs and users. */
export const KV_CLIENT_ID = 'clientId';

export type CoreContext = {
  dataDir: string;
  clock: () => Date;
  /** Today in Paris: every deadline is counted in Paris calendar days. */
  today: () => CalendarDate;
  logger: Logger;
  clientId: string;
  store: LocalStore;
  journal: OutboxJournal;
  read: ReadModel;
  prefs: Preferences;
  commands: Commands;
  account: AccountSession;
  client: ServerClient;
  engine: SyncEngine;
  scheduler: SyncScheduler;
  events: CoreEvents;
  status: AppStatus;
  /** How long after a command its push is due: the push delay, or just past the undo window when that is longer. */
  pushAfterCommandMs: number;
};
