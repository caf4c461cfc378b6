// The two things the renderer mirrors, derived in one place: AppState (who is signed in, where) and SyncStatus (the
// sync bar). Whatever may change them (the engine's change event, a command, a sign-in) calls publish(), which
// emits each one only when it differs from what was last emitted, so a mirror never misses a change nor sees noise.
import { AppState, type SyncStatus } from '../../shared/ipc/views';
import type { CalendarDate } from '../../shared/domain/calendar-date';
import type { AccountSession } from './account-session';
import type { CoreEvents } from './core-events';
import type { LocalStore } from './local-store';
import type { Preferences } from './preferences';
import { pendingCounts } from './queries/pending-counts';
import type { ReadModel } from './queries/read-model';
import type { SyncEngine } from './sync/sync-engine';

/** The rebuilt-database notice as stored; one this version cannot read (another version's) is not shown. */
const StoredRecovery = AppState.shape.recovery.catch(null);

/** Where a rebuilt database's report waits until the user has seen it (local-database.ts). */
export const KV_RECOVERY = 'recovery';

export type StatusSources = {
  account: AccountSession;
  store: LocalStore;
  read: ReadModel;
  prefs: Preferences;
  engine: Pick<SyncEngine, 'online' | 'syncing' | 'needsSignIn' | 'lastError'>;
  events: CoreEvents;
  serverUrl: string;
  today: () => CalendarDate;
};

export class AppStatus {
  private emitted = { state: '', status: '' };

  constructor(private readonly s: StatusSources) {}

  appState(): AppState {
    const { account, engine, store } = this.s;
    return {
      signedIn: account.signedIn,
      needsSignIn: account.signedIn && (engine.needsSignIn || account.token === null),
      user: account.signedIn ? account.user : null,
      memberships: account.signedIn ? account.memberships : [],
      activeStructureId: account.signedIn ? account.activeStructureId : null,
      serverUrl: this.s.serverUrl,
      recovery: store.readKv(KV_RECOVERY, StoredRecovery),
    };
  }

  syncStatus(): SyncStatus {
    const { account, engine, store, prefs } = this.s;
    const active = account.activeStructureId;
    return {
      online: engine.online && !prefs.workOffline,
      workOffline: prefs.workOffline,
      pendingByKind: pendingCounts(store),
      syncing: engine.syncing,
      lastSuccessAt: active ? (store.getSyncState(active)?.lastSuccessAt ?? null) : null,
      lastError: engine.lastError,
      pendingCount: store.outboxCount(),
      conflictCount: store.conflictCount(),
      needsSignIn: account.signedIn && engine.needsSignIn,
      deadlineAlert: active ? this.s.read.unsentAvisNearDeadline(active, this.s.today()) : null,
    };
  }

  /** Emits 'app.state' then 'sync.status', each when it changed; returns the current AppState. */
  publish(): AppState {
    const state = this.appState();
    const status = this.syncStatus();
    const [stateJson, statusJson] = [JSON.stringify(state), JSON.stringify(status)];
    if (stateJson !== this.emitted.state) {
      this.emitted.state = stateJson;
      this.s.events.emit('app.state', state);
    }
    if (statusJson !== this.emitted.status) {
      this.emitted.status = statusJson;
      this.s.events.emit('sync.status', status);
    }
    return state;
  }
}
