// app.state and sync.status are derived and emitted in one place: the renderer mirrors them, so each change must
// reach it once, and a publish that changes nothing must not flood it.
import { afterEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from './temp-database';
import pino from 'pino';
import { AppStatus } from '../../../main/core/app-status';
import { CoreEvents } from '../../../main/core/core-events';
import { LocalStore } from '../../../main/core/local-store';
import { Preferences } from '../../../main/core/preferences';
import { ReadModel } from '../../../main/core/queries/read-model';
import type { AccountSession } from '../../../main/core/account-session';
import type { EventName } from '../../../shared/ipc/contract';
import type { SyncEngine } from '../../../main/core/sync/sync-engine';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function fixture() {
  const { sqlite, remove } = openTempDatabase('app-status-');
  cleanups.push(remove);
  const store = new LocalStore(sqlite);
  const prefs = new Preferences(store);
  const engine = { online: true, syncing: false, needsSignIn: false, lastError: null as SyncEngine['lastError'] };
  const account = { signedIn: true, token: 'token', user: null, memberships: [], activeStructureId: null } as unknown as AccountSession;
  const events = new CoreEvents(pino({ level: 'silent' }));
  const emitted: EventName[] = [];
  events.on((event) => emitted.push(event));
  const status = new AppStatus({ account, store, read: new ReadModel(store), prefs, engine, events, serverUrl: 'http://server', today: () => '2025-03-03' });
  return { status, engine, prefs, emitted };
}

describe('AppStatus', () => {
  it('emits app.state and sync.status when they change, and nothing when they did not', () => {
    const { status, engine, prefs, emitted } = fixture();
    status.publish();
    expect(emitted).toEqual(['app.state', 'sync.status']);
    status.publish();
    expect(emitted).toHaveLength(2);

    prefs.workOffline = true; // the sync bar changes, not who is signed in
    status.publish();
    expect(emitted.slice(2)).toEqual(['sync.status']);
    expect(status.syncStatus()).toMatchObject({ online: false, workOffline: true });

    engine.needsSignIn = true; // both show it
    expect(status.publish().needsSignIn).toBe(true);
    expect(emitted.slice(3)).toEqual(['app.state', 'sync.status']);
    expect(status.syncStatus().needsSignIn).toBe(true);
  });
});
