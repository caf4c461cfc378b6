// The offline verifier: derived while the sign-in waits for the server (not after it, not on the event loop), and
// it opens the local data again with the same e-mail and password only.
import { afterEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from './temp-database';
import { AccountSession } from '../../../main/core/account-session';
import { LocalStore } from '../../../main/core/local-store';
import { MemorySecretStore } from '../../../main/core/platform';
import type { LoginResponse } from '../../../shared/protocol/sync';
import type { Membership } from '../../../shared/protocol/entities';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function account(): { session: AccountSession; store: LocalStore } {
  const { sqlite, remove } = openTempDatabase('account-');
  cleanups.push(remove);
  const store = new LocalStore(sqlite);
  return { session: new AccountSession(store, new MemorySecretStore()), store };
}

const response: LoginResponse = {
  token: 'a-token-of-sixteen-characters-or-more',
  expiresAt: '2026-12-01T08:00:00.000Z',
  user: { id: 'u-1', email: 'Manager@Demo.test', firstName: 'Camille', lastName: 'Durand', phone: null },
  memberships: [],
};

describe('AccountSession', () => {
  it('derives the offline verifier off the event loop, and it opens the data with that password only', async () => {
    const { session } = account();
    const order: string[] = [];
    const prepared = session.prepareVerifier('s3cret-long');
    void prepared.then(() => order.push('derived'));
    await new Promise((resolve) => setImmediate(resolve));
    order.push('event loop turned'); // a scrypt on the event loop would have finished before this
    expect(session.hasOfflineVerifier('manager@demo.test')).toBe(false); // stored only once the server said yes
    await session.signedInOnline(response, prepared);
    expect(order).toEqual(['event loop turned', 'derived']);
    expect(session.signedIn).toBe(true);
    expect(await session.verifyOffline(' manager@demo.TEST ', 's3cret-long')).toBe(true);
    expect(await session.verifyOffline('manager@demo.test', 's3cret-lonG')).toBe(false);
    expect(await session.verifyOffline('other@demo.test', 's3cret-long')).toBe(false);
  });

  it('a refresh stores the account only when it changed (every sync round refreshes it; a commit waits for the disk)', async () => {
    const { session, store } = account();
    const membership: Membership = {
      structure: { id: 'of-demo', siret: '73282932000074', name: 'OF démo', acronym: null, kind: 'ORGANISME_FORMATION', city: 'Pau' },
      profile: 'OF_GENERAL', parcoursProProfiles: [], referent: false, employer: false,
    };
    await session.signedInOnline({ ...response, memberships: [membership] }, session.prepareVerifier('s3cret-long'));
    const writes: string[] = [];
    const setKv = store.setKv.bind(store);
    store.setKv = (key, value) => (writes.push(key), setKv(key, value));

    session.refreshed({ user: response.user, memberships: [membership] });
    expect(writes).toEqual([]);
    session.refreshed({ user: response.user, memberships: [{ ...membership, profile: 'OF_CATALOGUE' }] });
    expect(writes.length).toBeGreaterThan(0);
    expect(session.activeMembership?.profile).toBe('OF_CATALOGUE');
    expect(session.activeStructureId).toBe('of-demo');
  });

});
