// The sync engine when things go wrong: a connection lost in the middle of the first sync, a malformed page or
// snapshot line, a server that can no longer serve the client's cursor.
import { afterEach, describe, expect, it } from 'vitest';
import { login, eos, snapshot } from '../server/harness';
import { useReferenceServer, startSignedIn, serverCandidatures, startCore, decidable, decideOnServer, UNREACHABLE, type CoreUnderTest } from './core-harness';

const OF = 'of-demo';
const ref = useReferenceServer();
let t: CoreUnderTest;

afterEach(async () => t?.dispose());


const ALL = { filters: {}, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1 } as const;

/** Every entry point the client holds, through the screens that show them. */
async function localEntryPoints(under: CoreUnderTest): Promise<string[]> {
  const sessions = await under.call('sessions.list', { filters: { includeArchived: true }, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 1000 });
  const details = await Promise.all(sessions.rows.map((s) => under.call('sessions.get', { id: s.id })));
  return details.flatMap((d) => d.entryPoints.map((e) => e.entryPoint.id));
}

describe('sync robustness', () => {
  it('an initial sync cut midway never passes for complete, survives a restart and starts over cleanly', { timeout: 90_000 }, async () => {
    // The load takes the path of a large one: indexes dropped while rows go in, built at the end (or at restart).
    t = await startCore(ref.server, { dropIndexesFromRows: 0 });
    t.proxy.mode = 'offline';
    await expect(t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' })).rejects.toMatchObject({ code: 'OFFLINE' });
    t.proxy.mode = 'online';
    // The snapshot is cut among its entry points (they come last for an OF), and the network is gone after that.
    const full = await snapshot(ref.server, (await login(ref.server, 'manager@demo.test')).token, OF);
    const entryPointLines = full.lines.filter((line) => line.kind === 'entryPoints').length;
    expect(full.lines.at(-2)?.kind).toBe('entryPoints');
    t.proxy.cutSnapshotAfterLines = full.lines.length - 1 - Math.floor(entryPointLines / 2);
    const unsubscribe = t.core.onEvent((event) => {
      if (event === 'sync.progress') t.proxy.mode = 'offline';
    });
    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
    const cut = await t.core.syncNow();
    unsubscribe();
    expect(cut.online).toBe(false);
    expect(cut.lastSuccessAt).toBeNull();
    const expected = (await serverCandidatures(ref.server, OF)).size;
    expect((await t.call('candidatures.list', ALL)).total).toBe(expected); // they came before the cut
    const partial = (await localEntryPoints(t)).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(entryPointLines);

    // While the app is closed, the server removes an entry point the cut load had stored.
    await t.restart();
    expect((await t.core.syncNow()).lastSuccessAt).toBeNull(); // still offline: nothing passes for synced
    const sessions = await t.call('sessions.list', { filters: {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 200 });
    let removed: string | null = null;
    for (const s of sessions.rows) {
      const detail = await t.call('sessions.get', { id: s.id });
      const future = detail.entryPoints.filter((e) => detail.upcoming && e.entryPoint.date > detail.upcoming.date);
      if (future.length) {
        removed = future.at(-1)!.entryPoint.id;
        break;
      }
    }
    expect(removed).not.toBeNull();
    expect((await eos(ref.server, 'DELETE', `/entry-points/${removed}`)).status).toBe(204);

    t.proxy.mode = 'online';
    const done = await t.core.syncNow();
    expect(done).toMatchObject({ online: true, lastError: null });
    expect(done.lastSuccessAt).not.toBeNull();
    expect((await t.call('candidatures.list', ALL)).total).toBe(expected);
    expect(await localEntryPoints(t)).toHaveLength(entryPointLines - 1); // all of them, but the one removed meanwhile
    const details = await Promise.all(sessions.rows.map((s) => t.call('sessions.get', { id: s.id })));
    expect(details.flatMap((d) => d.entryPoints.map((e) => e.entryPoint.id))).not.toContain(removed);
    // It started over from a new snapshot; no paged pull ever started from scratch.
    expect(t.proxy.requests.filter((r) => r.path.includes('/snapshot'))).toHaveLength(2);
    expect(t.proxy.requests.filter((r) => r.path.includes('/changes') && !r.path.includes('since='))).toHaveLength(0);
  });

  it('a malformed snapshot line is refused with its line and field named, and the structure stays unsynced', { timeout: 60_000 }, async () => {
    t = await startCore(ref.server);
    t.proxy.tamperSnapshot = (line) => {
      if (line.kind === 'candidatures') (line.row as { state: string }).state = 'BOGUS';
      return line;
    };
    await t.call('auth.signIn', { email: 'manager@demo.test', password: 'demo' });
    const refused = await t.core.syncNow();
    // The snapshot reader names the line and the field (bootstrap-loader); the renderer words it.
    expect(refused.lastError).toMatchObject({ key: 'snapshotLine', params: { line: expect.any(Number), detail: expect.stringMatching(/^row\.state/) } });
    expect(refused.lastSuccessAt).toBeNull();

    t.proxy.tamperSnapshot = () => '{"kind":"header"'; // not even JSON
    expect((await t.core.syncNow()).lastError).toMatchObject({ key: 'snapshotLineUnreadable', params: { line: 1 } });

    t.proxy.tamperSnapshot = null;
    const healed = await t.core.syncNow();
    expect(healed).toMatchObject({ lastError: null });
    expect(healed.lastSuccessAt).not.toBeNull();
    expect((await t.call('candidatures.list', ALL)).total).toBe((await serverCandidatures(ref.server, OF)).size);
  });

  it('a server that stops answering mid-sync times out: offline, nothing lost, the next sync completes', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager@demo.test', { pageSize: 50, httpTimeoutMs: 1000 });
    const [target] = await decidable(t, 1);
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    const before = await t.call('dashboard.get', {});
    t.proxy.mode = 'hang';
    const stalled = await t.core.syncNow();
    expect(stalled).toMatchObject({ online: false, pendingCount: 1 });
    expect(stalled.lastError).toEqual({ key: 'serverTimeout' });
    expect(await t.call('dashboard.get', {})).toEqual(before);
    t.proxy.mode = 'online';
    expect(await t.core.syncNow()).toMatchObject({ online: true, pendingCount: 0, conflictCount: 0, lastError: null });
  });

  it('a malformed page is refused with the field named and changes nothing', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager@demo.test');
    const [target] = await decidable(t, 1);
    await decideOnServer(ref.server, 'manager2@demo.test', target!.id);
    const dashboardBefore = await t.call('dashboard.get', {});

    t.proxy.tamperPull = (page) => {
      const changes = page.changes as { candidatures: { state: string }[] };
      if (changes.candidatures[0]) changes.candidatures[0].state = 'BOGUS';
      return page;
    };
    const refused = await t.core.syncNow();
    expect(refused.lastError).toMatchObject({ key: 'serverMalformed', params: { detail: expect.stringContaining('changes.candidatures.0.state') } });
    expect(await t.call('dashboard.get', {})).toEqual(dashboardBefore);
    expect((await t.call('candidatures.get', { id: target!.id })).candidature.state).toBe('EN_ATTENTE');

    t.proxy.tamperPull = null;
    const healed = await t.core.syncNow();
    expect(healed.lastError).toBeNull();
    expect((await t.call('candidatures.get', { id: target!.id })).candidature.state).toBe('NON_RETENUE');
  });

  it('"resync required" rebuilds from scratch, keeps conflicts and unsent decisions, and drops what the server removed', { timeout: 90_000 }, async () => {
    t = await startSignedIn(ref.server, 'manager@demo.test');
    const [contested, mine] = await decidable(t, 2);
    // A conflict from before the resync.
    await decideOnServer(ref.server, 'manager2@demo.test', contested!.id);
    await t.call('avis.give', { candidatureId: contested!.id, decision: UNREACHABLE });
    await t.core.syncNow();
    expect(await t.call('conflicts.list', {})).toHaveLength(1);

    // A future entry point removed while the server forgets its tombstones: the old cursor can't be served.
    const sessions = await t.call('sessions.list', { filters: {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 200 });
    let removed: string | null = null;
    for (const s of sessions.rows) {
      const detail = await t.call('sessions.get', { id: s.id });
      const future = detail.entryPoints.filter((e) => detail.upcoming && e.entryPoint.date > detail.upcoming.date);
      if (future.length) {
        removed = future.at(-1)!.entryPoint.id;
        break;
      }
    }
    expect(removed).not.toBeNull();
    expect((await eos(ref.server, 'DELETE', `/entry-points/${removed}`)).status).toBe(204);
    await ref.server.pruneTombstones();

    t.proxy.mode = 'offline';
    await t.call('avis.give', { candidatureId: mine!.id, decision: UNREACHABLE });
    t.proxy.mode = 'online';
    const after = await t.core.syncNow();
    expect(after).toMatchObject({ lastError: null, pendingCount: 0, conflictCount: 1 });
    // The first sync and the resync each loaded a snapshot.
    expect(t.proxy.requests.filter((r) => r.path.includes('/snapshot')).length).toBe(2);
    expect((await t.call('candidatures.list', ALL)).total).toBe((await serverCandidatures(ref.server, OF)).size);
    expect((await t.call('candidatures.get', { id: mine!.id })).candidature.state).toBe('NON_RETENUE');
    const stillThere = await Promise.all(sessions.rows.map((s) => t.call('sessions.get', { id: s.id })));
    expect(stillThere.flatMap((d) => d.entryPoints.map((e) => e.entryPoint.id))).not.toContain(removed);
  });
});
