// A sync round refreshes the account (memberships, rights) and pulls the active structure's changes. The two round
// trips travel together, so a field connection's latency is paid once; the page is still applied only after the
// refresh, and only if the user still sees the structure.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, login } from '../server/harness';
import { DB_FILE, openDatabase } from '../../../main/core/db/open-database';
import { SECRET_DB_KEY } from '../../../main/core/platform';
import { decidable, decideOnServer, startCore, startSignedIn, useReferenceServer, type CoreUnderTest } from './core-harness';

const OF = 'of-demo';
const ref = useReferenceServer();
let t: CoreUnderTest;

afterEach(async () => t?.dispose());

const isMe = (p: string) => /\/auth\/me$/.test(p);
const isPage = (p: string) => /\/changes(\?|$)/.test(p);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a sync round', () => {
  it('asks for its delta page while the account refreshes: one page request, applied', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server);
    const [target] = await decidable(t, 1);
    await decideOnServer(ref.server, 'manager2@demo.test', target!.id);
    const from = t.proxy.requests.length;
    let pageWhileMeHeld = false;
    t.proxy.beforeForward = async ({ path: p }) => {
      if (!isMe(p)) return;
      // Held until the page's request arrives; a round that waits for the account first never sends it meanwhile.
      for (let i = 0; i < 60 && !pageWhileMeHeld; i++) {
        await sleep(50);
        pageWhileMeHeld = t.proxy.requests.slice(from).some((r) => isPage(r.path));
      }
    };
    const status = await t.core.syncNow();
    expect(status.lastError).toBeNull();
    expect(pageWhileMeHeld).toBe(true);
    expect(t.proxy.requests.slice(from).filter((r) => isPage(r.path))).toHaveLength(1);
    expect((await t.call('candidatures.get', { id: target!.id })).candidature.state).toBe('NON_RETENUE');
  });

  it('a first sync on a server that wrote nothing while the snapshot streamed asks for no delta page', { timeout: 60_000 }, async () => {
    // A server restored from its template starts its change sequence past its last row's (PostgreSQL logs sequence
    // numbers ahead), which reads as a change after any snapshot: one write first, as any server in use has made.
    const other = await startSignedIn(ref.server, 'manager2@demo.test');
    const [target] = await decidable(other, 1);
    await other.dispose();
    await decideOnServer(ref.server, 'manager@demo.test', target!.id);
    t = await startCore(ref.server);
    const isSnapshot = (p: string) => /\/snapshot$/.test(p);
    const loaded = new Promise<void>((resolve) => {
      const off = t.core.onEvent((event, payload) => {
        // The status after sign-in (before the round) says not syncing too: wait for the round's end.
        if (event !== 'sync.status' || (payload as { syncing: boolean }).syncing || !t.proxy.requests.some((r) => isSnapshot(r.path))) return;
        off();
        resolve();
      });
    });
    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
    await loaded;
    expect(t.proxy.requests.filter((r) => isSnapshot(r.path))).toHaveLength(1);
    expect(t.proxy.requests.filter((r) => isPage(r.path))).toEqual([]);
    const status = await t.call('sync.getStatus', {});
    expect(status.lastError).toBeNull();
    expect(status.lastSuccessAt).not.toBeNull();
    expect((await t.call('candidatures.list', { filters: {}, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1 })).total).toBeGreaterThan(0);
  });

  // Last in this file: it detaches a demo user on the file's server.
  it('drops the page it asked for when the refreshed account no longer sees the structure', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager2@demo.test');
    const [target] = await decidable(t, 1);
    await decideOnServer(ref.server, 'manager@demo.test', target!.id); // the page will bring this change
    const referent = await login(ref.server, 'manager@demo.test');
    const members = await call<{ members: { userId: string; email: string }[] }>(ref.server, 'GET', `/structures/${OF}/members`, { token: referent.token });
    const manager2 = members.body.members.find((m) => m.email === 'manager2@demo.test')!;
    const from = t.proxy.requests.length;
    t.proxy.beforeForward = async ({ path: p }) => {
      if (!isMe(p)) return;
      // The page is answered while the user is still a member; the account, asked after, says they are not.
      for (let i = 0; i < 60 && !t.proxy.requests.slice(from).some((r) => isPage(r.path)); i++) await sleep(50);
      await sleep(300);
      expect((await call(ref.server, 'DELETE', `/structures/${OF}/members/${manager2.userId}`, { token: referent.token })).status).toBe(204);
    };
    await t.core.syncNow();
    const state = await t.call('app.getState', {});
    expect(state.memberships.map((m) => m.structure.id)).not.toContain(OF);
    const key = (await t.secrets.get(SECRET_DB_KEY))!;
    const { sqlite } = openDatabase({ file: path.join(t.dataDir, DB_FILE), key });
    try {
      for (const table of ['candidatures', 'sessions', 'entry_points', 'sync_state']) {
        expect((sqlite.prepare(`select count(*) as n from ${table} where structure_id = ?`).get(OF) as { n: number }).n, table).toBe(0);
      }
    } finally {
      sqlite.close();
    }
  });
});
