// A field adviser's day: sign in and sync at the office, lose the connection, decide several candidatures,
// restart the app, come back online: every decision reaches the server exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { login, push, call } from '../server/harness';
import { DB_FILE, openDatabase } from '../../../main/core/db/open-database';
import { SECRET_DB_KEY, SECRET_TOKEN } from '../../../main/core/platform';
import { useReferenceServer, startSignedIn, serverCandidatures, startCore, decidable, UNREACHABLE, type CoreUnderTest } from './core-harness';

const OF = 'of-demo';
const ref = useReferenceServer();
let t: CoreUnderTest;

afterEach(async () => t?.dispose());

async function onServer(ids: string[]) {
  const latest = await serverCandidatures(ref.server, OF);
  return ids.map((id) => latest.get(id)!);
}

describe('offline review', () => {
  it('decisions taken offline survive a restart and are applied once when back online', { timeout: 90_000 }, async () => {
    t = await startCore(ref.server);
    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
    const first = await t.core.syncNow();
    expect(first).toMatchObject({ online: true, pendingCount: 0 });
    expect(Math.max(...t.eventsOf('sync.progress').map((p) => p.done))).toBeGreaterThan(100);

    t.proxy.mode = 'offline';
    expect((await t.core.syncNow()).online).toBe(false);
    const targets = await decidable(t, 3);
    const detail = await t.call('candidatures.get', { id: targets[0]!.id });
    const before = await onServer(targets.map((x) => x.id));
    await t.call('avis.give', { candidatureId: targets[0]!.id, decision: { kind: 'RETENUE', plannedEntry: detail.suggestedEntry!, plannedExit: detail.suggestedExit! } });
    await t.call('avis.give', { candidatureId: targets[1]!.id, decision: { kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT', justification: 'Pièce d’identité absente' } });
    await t.call('avis.give', { candidatureId: targets[2]!.id, decision: UNREACHABLE });
    expect((await t.core.syncNow()).pendingCount).toBe(3);

    await t.restart();
    expect((await t.call('app.getState', {})).signedIn).toBe(true);
    const queued = await t.call('outbox.list', {});
    // Each line names its candidate; what was decided comes with the mutation (the renderer words both).
    expect(queued.map((q) => q.summary)).toEqual([
      { subject: `${detail.candidature.candidate.firstName} ${detail.candidature.candidate.lastName}` },
      { subject: expect.any(String) },
      { subject: expect.any(String) },
    ]);
    expect(queued.map((q) => (q.mutation.kind === 'avis' ? q.mutation.payload.decision : null))).toMatchObject([
      { kind: 'RETENUE' },
      { kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT' },
      { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE' },
    ]);
    // Reads show the pending decisions, and the counters use them.
    const pendingRows = await t.call('candidatures.list', { filters: { states: ['RETENUE', 'NON_RETENUE'] }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1000 });
    expect(pendingRows.rows.filter((r) => r.pending).map((r) => r.id).sort()).toEqual(targets.map((x) => x.id).sort());

    t.proxy.mode = 'online';
    const after = await t.core.syncNow();
    expect(after).toMatchObject({ online: true, pendingCount: 0, conflictCount: 0, lastError: null });
    const pushes = t.proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/mutations'));
    expect(pushes).toHaveLength(1); // one batch

    const now = await onServer(targets.map((x) => x.id));
    expect(now.map((c) => c.state)).toEqual(['RETENUE', 'NON_RETENUE', 'NON_RETENUE']);
    expect(now.map((c, i) => c.version - before[i]!.version)).toEqual([1, 1, 1]);
    // Replaying the very same mutations changes nothing on the ref.server.
    const replay = await push(ref.server, (await login(ref.server, 'manager@demo.test')).token, OF, queued.map((q) => q.mutation));
    expect(replay.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect((await onServer(targets.map((x) => x.id))).map((c) => c.version)).toEqual(now.map((c) => c.version));
    // And locally, no overlay is left: the server rows are shown.
    const shown = await t.call('candidatures.get', { id: targets[0]!.id });
    expect(shown).toMatchObject({ pending: null, candidature: { state: 'RETENUE', retained: { plannedEntry: detail.suggestedEntry } } });
  });

  it('a lost push response: the mutation is sent again and applied once, without a conflict', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager@demo.test');
    const [target] = await decidable(t, 1);
    const [before] = await onServer([target!.id]);
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });

    let drops = 1;
    t.proxy.onPush = () => (drops-- > 0 ? 'drop-response' : 'forward');
    const lost = await t.core.syncNow();
    expect(lost.pendingCount).toBe(1); // the client does not know it was applied
    expect((await onServer([target!.id]))[0]!.state).toBe('NON_RETENUE');

    const retried = await t.core.syncNow();
    expect(retried).toMatchObject({ pendingCount: 0, conflictCount: 0 });
    const [after] = await onServer([target!.id]);
    expect(after!.version).toBe(before!.version + 1);
    expect((await t.call('candidatures.get', { id: target!.id })).candidature.state).toBe('NON_RETENUE');
  });

  it('a revoked token pauses sync, keeps the outbox, and asks to sign in again', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager@demo.test');
    const [target] = await decidable(t, 1);
    const revoked = await fetch(`${ref.server.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${await t.secrets.get(SECRET_TOKEN)}` } });
    expect(revoked.ok).toBe(true);
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });

    const paused = await t.core.syncNow();
    expect(paused).toMatchObject({ needsSignIn: true, pendingCount: 1 });
    expect((await t.call('app.getState', {})).needsSignIn).toBe(true);
    expect((await t.call('outbox.list', {}))[0]!.attempts).toBe(0); // refused before any push
    // Still paused: no further request is made while the token is known to be bad.
    const before = t.proxy.requests.length;
    await t.core.syncNow();
    expect(t.proxy.requests.length).toBe(before);

    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
    const resumed = await t.core.syncNow();
    expect(resumed).toMatchObject({ needsSignIn: false, pendingCount: 0, conflictCount: 0 });
    expect((await onServer([target!.id]))[0]!.state).toBe('NON_RETENUE');
  });

  it('offline re-entry: the last user opens the local data with the same password; a first sign-in needs the server', { timeout: 60_000 }, async () => {
    t = await startCore(ref.server);
    t.proxy.mode = 'offline';
    await expect(t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' })).rejects.toMatchObject({ code: 'OFFLINE' });
    t.proxy.mode = 'online';
    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
    await t.core.syncNow();
    await t.secrets.delete(SECRET_TOKEN); // the token expired or the keychain entry went
    await t.restart();
    t.proxy.mode = 'offline';
    expect(await t.call('app.getState', {})).toMatchObject({ signedIn: true, needsSignIn: true });
    await expect(t.call('auth.signIn', { email: 'manager@demo.test', password: 'wrong' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(t.call('auth.signIn', { email: 'manager2@demo.test', password: 'demo' })).rejects.toMatchObject({ code: 'OFFLINE' });
    const state = await t.call('auth.signIn', { email: 'Manager@demo.test', password: 'demo' });
    expect(state.signedIn).toBe(true);
    expect((await t.call('dashboard.get', {})).rows.length).toBe(3);
  });

  it('sign-out refuses while decisions are unsent, then wipes the local data when confirmed', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager@demo.test');
    t.proxy.mode = 'offline';
    const [target] = await decidable(t, 1);
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    await expect(t.call('auth.signOut', { discardPending: false })).rejects.toMatchObject({ code: 'OUTBOX_NOT_EMPTY' });
    expect(await t.call('outbox.list', {})).toHaveLength(1);
    const exported = await t.call('outbox.export', {});
    expect(JSON.parse(exported.content).decisions).toHaveLength(1);

    const state = await t.call('auth.signOut', { discardPending: true });
    expect(state).toMatchObject({ signedIn: false, user: null, memberships: [] });
    expect(await t.secrets.get(SECRET_TOKEN)).toBeNull();
    await expect(t.call('dashboard.get', {})).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    t.proxy.mode = 'online';
    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
    expect(await t.call('outbox.list', {})).toEqual([]);
  });
});

describe('account changes on the server', () => {
  it('signing out while the first sync runs leaves no personal data behind', { timeout: 60_000 }, async () => {
    t = await startCore(ref.server, { pageSize: 20 });
    t.proxy.pullDelayMs = 400;
    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' }); // starts the first sync
    await new Promise((r) => setTimeout(r, 200)); // a page is now on its way
    await t.call('auth.signOut', { discardPending: true });
    await new Promise((r) => setTimeout(r, 600)); // long enough for that page to land
    const key = (await t.secrets.get(SECRET_DB_KEY))!;
    const { sqlite } = openDatabase({ file: path.join(t.dataDir, DB_FILE), key });
    try {
      for (const table of ['candidatures', 'sessions', 'actions', 'entry_points', 'sync_state', 'kv where key != \'clientId\'']) {
        expect((sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n, table).toBe(0);
      }
    } finally {
      sqlite.close();
    }
  });

  // Last in this file: it detaches a demo user on the shared server.
  it('a user detached by the référent loses the structure\'s data; unsent decisions become conflicts', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager2@demo.test');
    const [target] = await decidable(t, 1);
    t.proxy.mode = 'offline';
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    const referent = await login(ref.server, 'manager@demo.test');
    const members = await call<{ members: { userId: string; email: string }[] }>(ref.server, 'GET', '/structures/of-demo/members', { token: referent.token });
    const manager2 = members.body.members.find((m) => m.email === 'manager2@demo.test')!;
    expect((await call(ref.server, 'DELETE', `/structures/of-demo/members/${manager2.userId}`, { token: referent.token })).status).toBe(204);

    t.proxy.mode = 'online';
    const status = await t.core.syncNow();
    expect(status).toMatchObject({ pendingCount: 0, conflictCount: 1 });
    const state = await t.call('app.getState', {});
    expect(state.memberships.map((m) => m.structure.id)).not.toContain('of-demo');
    expect(state.activeStructureId).not.toBe('of-demo');
    const [conflict] = await t.call('conflicts.list', {});
    expect(conflict).toMatchObject({ code: 'FORBIDDEN', id: expect.any(String), message: '', reason: { key: 'leftStructure' } });
    expect(t.eventsOf('conflicts.added').length).toBeGreaterThan(0);
    const key = (await t.secrets.get(SECRET_DB_KEY))!;
    const { sqlite } = openDatabase({ file: path.join(t.dataDir, DB_FILE), key });
    try {
      expect((sqlite.prepare("select count(*) as n from candidatures where structure_id = 'of-demo'").get() as { n: number }).n).toBe(0);
    } finally {
      sqlite.close();
    }
  });
});
