// « Travailler hors connexion »: once switched on, no request leaves the core (sync rounds, the scheduler, account
// and référent tools), work goes on locally, the choice survives a restart, and switching back sends what waited.
import { afterEach, describe, expect, it } from 'vitest';
import { RafaelError } from '../../../shared/ipc/contract';
import { useReferenceServer, startSignedIn, decidable, UNREACHABLE, type CoreUnderTest } from './core-harness';

const ref = useReferenceServer();
let t: CoreUnderTest;
afterEach(async () => t?.dispose());

describe('working offline on purpose', () => {
  it('makes no network call until switched back, across a restart, then sends what waited', { timeout: 90_000 }, async () => {
    t = await startSignedIn(ref.server);
    const [target] = await decidable(t, 1);

    const status = await t.call('sync.setWorkOffline', { workOffline: true });
    expect(status).toMatchObject({ workOffline: true, online: false });
    t.proxy.requests.length = 0;

    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    const afterSync = await t.call('sync.now', {});
    expect(afterSync).toMatchObject({ workOffline: true, online: false, lastError: null, pendingCount: 1, pendingByKind: { avis: 1, preRegistrations: 0, offer: 0 } });
    const refused = await t.call('referent.members', { structureId: 'of-demo' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RafaelError);
    expect(refused).toMatchObject({ code: 'OFFLINE', reason: { key: 'workingOffline' } });

    await t.restart();
    await t.core.start();
    await t.core.syncNow();
    expect(await t.call('sync.getStatus', {})).toMatchObject({ workOffline: true, online: false, pendingCount: 1 });
    expect(t.proxy.requests).toEqual([]);

    const back = await t.call('sync.setWorkOffline', { workOffline: false });
    expect(back).toMatchObject({ workOffline: false, online: true, pendingCount: 0 });
    expect(t.proxy.requests.some((r) => r.method === 'POST' && r.path.endsWith('/mutations'))).toBe(true);
  });

  it('names what is pending, by kind, when sign-out is refused', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server);
    const targets = await decidable(t, 2);
    await t.call('sync.setWorkOffline', { workOffline: true });
    for (const c of targets) await t.call('avis.give', { candidatureId: c.id, decision: UNREACHABLE });
    const refused = await t.call('auth.signOut', { discardPending: false }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'OUTBOX_NOT_EMPTY', reason: { key: 'unsentBeforeSignOut', params: { avis: 2, preRegistrations: 0, offer: 0, conflicts: 0 } } });
  });
});
