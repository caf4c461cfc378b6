// Decisions recovered into a rebuilt database are sent by their author only: another user signing in on the same
// computer is refused until the author has sent them.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_DB_KEY } from '../../../main/core/platform';
import { useReferenceServer, startSignedIn, decidable, UNREACHABLE, type CoreUnderTest } from './core-harness';

const ref = useReferenceServer();
let t: CoreUnderTest;
afterEach(async () => t?.dispose());

describe('recovered decisions', () => {
  it('only their author can send them', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager@demo.test');
    t.proxy.mode = 'offline';
    const [target] = await decidable(t, 1);
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    await t.secrets.set(SECRET_DB_KEY, randomBytes(32).toString('hex')); // the database can no longer be read
    await t.restart();
    expect(t.core.recovery).toMatchObject({ requeued: 1 });

    t.proxy.mode = 'online';
    await expect(t.call('auth.signIn', { email: 'manager2@demo.test', password: 'demo' })).rejects.toMatchObject({ code: 'OUTBOX_NOT_EMPTY' });
    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
    expect(await t.core.syncNow()).toMatchObject({ pendingCount: 0, conflictCount: 0 });
  });
});
