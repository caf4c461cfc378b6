// The sync engine's guarantees that need a misbehaving server to show: one sync per structure at a time, a refused
// batch never blocks the queue behind it, a transient failure keeps everything queued, and the scheduler backs off.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { LocalStore } from '../../../main/core/local-store';
import { ServerCallError, TolerantPushResponse, type ServerClient } from '../../../main/core/sync/server-client';
import { readPushFailure, SyncEngine, SyncScheduler } from '../../../main/core/sync/sync-engine';
import type { Mutation, PullPage, PushRequest, PushResponse } from '../../../shared/protocol/sync';

const EMPTY = { actions: [], sessions: [], entryPoints: [], candidatures: [], preRegistrations: [] };
const page = (cursor: string): PullPage => ({ cursor, hasMore: false, remaining: 0, changes: EMPTY, removed: EMPTY });
const avis = (candidatureId: string): Mutation => ({
  id: uuidv7(), kind: 'avis', baseVersion: 1, createdAt: new Date().toISOString(),
  payload: { candidatureId, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } },
});

let db: TempDatabase;
let store: LocalStore;

beforeEach(() => {
  db = openTempDatabase('engine-');
  store = new LocalStore(db.sqlite);
});
afterEach(() => db.remove());

/** An empty bootstrap snapshot: a first sync then goes on with the fake's pull. */
const emptySnapshot = async () => new Response('{"kind":"header","cursor":"0"}\n{"kind":"total","rows":0}\n{"kind":"end","rows":0}\n').body!;

function engine(client: Partial<ServerClient>) {
  const events = { settled: [] as string[], conflicts: [] as string[] };
  const e = new SyncEngine({
    store, client: { snapshot: emptySnapshot, ...client } as ServerClient, clientId: '0b8f0a52-52b1-4bd4-9d43-2a4fd0c3f3b1', clock: () => new Date(), logger: pino({ level: 'silent' }),
    events: { progress() {}, changed() {}, status() {}, conflicts: (ids) => events.conflicts.push(...ids), settled: (ids) => events.settled.push(...ids) },
  });
  return { e, events };
}

describe('SyncEngine', () => {
  it('never runs two syncs of one structure at once', async () => {
    let running = 0;
    let most = 0;
    const { e } = engine({
      pull: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return page('1');
      },
      push: async () => ({ results: [] }),
    });
    await Promise.all([e.sync('s1'), e.sync('s1'), e.sync('s1')]);
    expect(most).toBe(1);
  });

  it('a batch the server refuses as invalid is split to find the culprit; only it becomes a conflict', async () => {
    const bad = avis('bad');
    const good = [avis('c1'), avis('c2')];
    [bad, ...good].forEach((m) => store.enqueue('s1', m, 'résumé'));
    const pushed: string[][] = [];
    const { e, events } = engine({
      pull: async () => page('1'),
      push: async (_s: string, body: PushRequest): Promise<PushResponse> => {
        pushed.push(body.mutations.map((m) => m.id));
        if (body.mutations.some((m) => m.id === bad.id)) throw new ServerCallError('rejected', 'Requête invalide', 400, { code: 'VALIDATION', message: 'Requête invalide' });
        return { results: body.mutations.map((m) => ({ id: m.id, status: 'applied' as const, changes: EMPTY, removed: EMPTY })) };
      },
    });
    await e.sync('s1');
    expect(store.outboxCount()).toBe(0);
    expect(store.conflicts().map((c) => [c.id, c.code])).toEqual([[bad.id, 'INVALID']]);
    expect(pushed).toEqual([[bad.id, ...good.map((m) => m.id)], [bad.id], [good[0]!.id], [good[1]!.id]]);
    expect(events.settled.sort()).toEqual([bad, ...good].map((m) => m.id).sort());
  });

  it('a refusal that is not the API speaking (a proxy 403 or 413, a maintenance page) keeps every mutation queued', async () => {
    [avis('c1'), avis('c2')].forEach((m) => store.enqueue('s1', m, 'résumé'));
    for (const status of [403, 404, 413]) {
      const { e } = engine({ pull: async () => page('1'), push: async () => Promise.reject(new ServerCallError('rejected', `HTTP ${status}`, status)) });
      await expect(e.sync('s1')).rejects.toThrow();
      expect(store.outboxCount()).toBe(2);
      expect(store.conflictCount()).toBe(0);
    }
  });

  it('a push failing on the server does not stop the pull, and the failure is still reported', async () => {
    store.enqueue('s1', avis('c1'), 'résumé');
    let pulls = 0;
    const { e } = engine({ pull: async () => (pulls++, page('1')), push: async () => Promise.reject(new ServerCallError('server', 'Erreur du serveur (500)', 500)) });
    await expect(e.sync('s1')).rejects.toThrow('500');
    expect(pulls).toBe(1);
    expect(store.outboxCount()).toBe(1);
  });

  it('an answer that settles none of the mutations sent is an error, not an endless loop', async () => {
    store.enqueue('s1', avis('c1'), 'résumé');
    let pushes = 0;
    const { e } = engine({ pull: async () => page('1'), push: async () => (pushes++, { results: [] }) });
    await expect(e.sync('s1')).rejects.toMatchObject({ kind: 'malformed', reason: { key: 'pushWithoutResult' } });
    expect(pushes).toBe(1);
    expect(store.outboxCount()).toBe(1);
  });

  it('"resync required" is obeyed once per pull; a server that keeps asking is an error', async () => {
    let pulls = 0;
    const { e } = engine({ pull: async () => (pulls++, Promise.reject(new ServerCallError('resync', 'resync', 410))), push: async () => ({ results: [] }) });
    await expect(e.sync('s1')).rejects.toMatchObject({ reason: { key: 'resyncLoop' } });
    expect(pulls).toBe(2);
  });

  it('after a snapshot, pulls from its cursor unless its end line says the server wrote nothing meanwhile', async () => {
    const snapshotEnding = (end: string) => async () => new Response(`{"kind":"header","cursor":"c0"}\n{"kind":"total","rows":0}\n${end}\n`).body!;
    const asked: (string | null)[] = [];
    const pull = async (_s: string, cursor: string | null) => (asked.push(cursor), page('c1'));
    await engine({ snapshot: snapshotEnding('{"kind":"end","rows":0,"upToDate":true}'), pull }).e.sync('s1');
    expect(asked).toEqual([]);
    expect(store.getSyncState('s1')?.cursor).toBe('c0');
    expect(store.getSyncState('s1')?.lastSuccessAt).not.toBeNull();
    // Changes written while it streamed, or an end line that does not say (an older server): the pull follows.
    for (const [structureId, end] of [['s2', '{"kind":"end","rows":0,"upToDate":false}'], ['s3', '{"kind":"end","rows":0}']] as const) {
      await engine({ snapshot: snapshotEnding(end), pull }).e.sync(structureId);
      expect(store.getSyncState(structureId)?.cursor).toBe('c1');
    }
    expect(asked).toEqual(['c0', 'c0']);
  });

  it('a transient failure keeps every mutation queued, counts the attempt and makes no conflict', async () => {
    store.enqueue('s1', avis('c1'), 'résumé');
    const { e } = engine({ pull: async () => page('1'), push: async () => Promise.reject(new ServerCallError('server', 'server error (HTTP 503)', 503, undefined, { key: 'serverStatus', params: { status: 503 } })) });
    await expect(e.sync('s1')).rejects.toThrow('503');
    expect(store.outbox().map((o) => [o.attempts, readPushFailure(o.lastError)])).toEqual([[1, { key: 'serverStatus', params: { status: 503 } }]]);
    expect(store.conflictCount()).toBe(0);
    expect(e.online).toBe(true); // an HTTP answer proves the server is reachable
  });

  it('an unreachable server means offline; a 401 pauses sync until sign-in', async () => {
    const { e } = engine({ pull: async () => Promise.reject(new ServerCallError('unreachable', 'injoignable')), push: async () => ({ results: [] }) });
    await expect(e.sync('s1')).rejects.toThrow();
    expect(e.online).toBe(false);
    let pulls = 0;
    const { e: e2 } = engine({ pull: async () => (pulls++, Promise.reject(new ServerCallError('unauthenticated', 'expiré', 401))), push: async () => ({ results: [] }) });
    await expect(e2.sync('s1')).rejects.toThrow();
    expect(e2.needsSignIn).toBe(true);
    await e2.sync('s1');
    expect(pulls).toBe(1);
  });

  it('tells every change of its state through one event (the core publishes the app state from it), and nothing else', async () => {
    let told = 0;
    let pulls = 0;
    const e = new SyncEngine({
      store, client: { snapshot: emptySnapshot, pull: async () => (pulls++, page('1')), push: async () => ({ results: [] }) } as unknown as ServerClient,
      clientId: '0b8f0a52-52b1-4bd4-9d43-2a4fd0c3f3b1', clock: () => new Date(), logger: pino({ level: 'silent' }),
      events: { progress() {}, changed() {}, conflicts() {}, settled() {}, status: () => told++ },
    });
    e.sessionExpired();
    expect([e.needsSignIn, told]).toEqual([true, 1]);
    e.sessionExpired(); // already so: nothing to tell
    await e.sync('s1'); // paused until sign-in: no round
    expect([pulls, told]).toEqual([0, 1]);
    e.signedIn();
    expect([e.needsSignIn, e.online, told]).toEqual([false, true, 2]);
    await e.sync('s1');
    expect([pulls, told]).toEqual([1, 4]); // the round's start and end
    e.wentOffline();
    expect([e.online, told]).toEqual([false, 5]);
    await e.suspendWhile(async () => {
      expect(e.suspended).toBe(true);
      await e.sync('s1'); // a round asked for during the sign-out's wipe does not run
    });
    expect([e.suspended, pulls, told]).toEqual([false, 1, 5]);
  });

  describe('a delta page asked for ahead of its round (prefetchPull)', () => {
    /** A server whose pages continue the cursor they are asked from: `since` c1 answers cursor c2. */
    function counting() {
      const asked: (string | null)[] = [];
      const { e } = engine({
        pull: async (_s: string, since: string | null) => (asked.push(since), page(`c${asked.length}`)),
        push: async (_s: string, body: PushRequest): Promise<PushResponse> => ({
          results: body.mutations.map((m) => ({ id: m.id, status: 'applied' as const, changes: EMPTY, removed: EMPTY })),
        }),
      });
      return { e, asked };
    }

    it('leaves at once, and is the round\'s pull: one request, its cursor stored', async () => {
      const { e, asked } = counting();
      await e.sync('s1'); // snapshot (cursor 0), then the closing pull: cursor c1
      e.prefetchPull('s1');
      expect(asked).toEqual(['0', 'c1']);
      await e.sync('s1');
      expect(asked).toEqual(['0', 'c1']);
      expect(store.getSyncState('s1')?.cursor).toBe('c2');
    });

    it('is not asked for a structure never synced, nor with a decision queued (the pull must follow the push)', async () => {
      const { e, asked } = counting();
      e.prefetchPull('s1');
      expect(asked).toEqual([]);
      await e.sync('s1');
      store.enqueue('s1', avis('c1'), 'résumé');
      e.prefetchPull('s1');
      expect(asked).toEqual(['0']);
    });

    it('is not used after a push in its round, nor once dropped: the round asks again', async () => {
      const { e, asked } = counting();
      await e.sync('s1');
      e.prefetchPull('s1');
      store.enqueue('s1', avis('c1'), 'résumé'); // decided while the page travelled: its answer is newer than the page
      await e.sync('s1');
      expect(asked).toEqual(['0', 'c1', 'c1']);
      expect(store.getSyncState('s1')?.cursor).toBe('c3');
      e.prefetchPull('s1');
      e.dropPrefetched();
      await e.sync('s1');
      expect(asked).toEqual(['0', 'c1', 'c1', 'c3', 'c3']);
      expect(store.getSyncState('s1')?.cursor).toBe('c5');
    });

    it('a failed one fails its round like a pull would, and nothing is left unhandled', async () => {
      const { e } = engine({ pull: async () => page('c1'), push: async () => ({ results: [] }) });
      await e.sync('s1');
      const failing = engine({ pull: async () => Promise.reject(new ServerCallError('unreachable', 'down')), push: async () => ({ results: [] }) }).e;
      failing.prefetchPull('s1');
      await expect(failing.sync('s1')).rejects.toMatchObject({ kind: 'unreachable' });
      failing.prefetchPull('s1');
      failing.dropPrefetched(); // never awaited: its rejection must not surface as unhandled
      await new Promise((r) => setTimeout(r, 10));
      expect(store.getSyncState('s1')?.cursor).toBe('c1');
    });
  });
});

describe('SyncScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('backs off exponentially while the server fails, then returns to its interval', async () => {
    let fail = true;
    const calls: number[] = [];
    const scheduler = new SyncScheduler(async () => {
      calls.push(Date.now());
      if (fail) throw new Error('down');
    }, { intervalMs: 60_000, pushDelayMs: 500, maxBackoffMs: 30_000 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(120_000);
    const gaps = calls.slice(1).map((t, i) => t - calls[i]!);
    expect(gaps.length).toBeGreaterThan(3);
    // Each gap is the capped exponential delay with jitter between 50 % and 100 %.
    gaps.forEach((gap, i) => {
      const full = Math.min(30_000, 1000 * 2 ** (i + 1));
      expect(gap).toBeGreaterThanOrEqual(full / 2);
      expect(gap).toBeLessThanOrEqual(full);
    });
    fail = false;
    await vi.advanceTimersByTimeAsync(30_000); // the next retry succeeds
    const recovered = calls.length;
    const last = calls.at(-1)!;
    await vi.advanceTimersByTimeAsync(last + 59_999 - Date.now());
    expect(calls.length).toBe(recovered);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.length).toBe(recovered + 1);
    scheduler.stop();
  });

  /**
   * A scheduler whose rounds take 300 ms each, started: its first round is running. `rounds` counts the rounds
   * started, `mostAtOnce` the most that ran at the same time; `onEnd` runs as round `n` ends.
   */
  function slowRounds(onEnd: (n: number, scheduler: SyncScheduler) => void = () => undefined) {
    const seen = { rounds: 0, running: 0, mostAtOnce: 0, starts: [] as number[] };
    const scheduler: SyncScheduler = new SyncScheduler(async () => {
      const n = ++seen.rounds;
      seen.starts.push(Date.now());
      seen.mostAtOnce = Math.max(seen.mostAtOnce, ++seen.running);
      await new Promise((r) => setTimeout(r, 300));
      seen.running--;
      onEnd(n, scheduler);
    }, { intervalMs: 60_000, pushDelayMs: 500 });
    scheduler.start();
    return { scheduler, seen };
  }

  it('a command queued during a long round is pushed right after it, not at the next interval', async () => {
    const { scheduler, seen } = slowRounds();
    await vi.advanceTimersByTimeAsync(100);
    scheduler.poke(); // while the first round runs
    await vi.advanceTimersByTimeAsync(200 + 500);
    expect(seen.rounds).toBe(2);
    scheduler.stop();
  });

  it('« Synchroniser » during a round runs the next round after it, and keeps what that round asked for', async () => {
    // The round asked for by the click ends by asking for another, as a round does for a decision still in its undo
    // window.
    const { scheduler, seen } = slowRounds((n, s) => n === 2 && s.poke(1000));
    await vi.advanceTimersByTimeAsync(100); // the first round runs
    const clicked = scheduler.now();
    await vi.advanceTimersByTimeAsync(200); // the first round ends
    await vi.advanceTimersByTimeAsync(300); // the clicked one
    await clicked;
    expect(seen.mostAtOnce).toBe(1);
    expect(seen.starts[1]).toBeGreaterThanOrEqual(seen.starts[0]! + 300);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.rounds).toBe(3); // asked for by the second round, not left to the interval
    scheduler.stop();
  });

  it('asked again and again during a round, runs one more round after it, not one per ask', async () => {
    const { scheduler, seen } = slowRounds();
    await vi.advanceTimersByTimeAsync(100);
    const asked = [scheduler.now(), scheduler.now(), scheduler.now()]; // a network that comes and goes
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(asked);
    expect(seen.rounds).toBe(2);
    scheduler.stop();
  });

  it('pushes soon after a command rather than at the next interval', async () => {
    let runs = 0;
    const scheduler = new SyncScheduler(async () => void runs++, { intervalMs: 60_000, pushDelayMs: 500 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    scheduler.poke();
    await vi.advanceTimersByTimeAsync(499);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    scheduler.stop();
  });
});

describe('TolerantPushResponse', () => {
  it('reads a rejection code it does not know as INVALID, keeping the others and the code', () => {
    const id1 = uuidv7();
    const id2 = uuidv7();
    const parsed = TolerantPushResponse.parse({
      results: [
        { id: id1, status: 'rejected', code: 'ACCOUNT_SUSPENDED', message: 'Compte suspendu' },
        { id: id2, status: 'rejected', code: 'ALREADY_DECIDED', message: 'Déjà décidée' },
      ],
    });
    expect(parsed.results).toEqual([
      { id: id1, status: 'rejected', code: 'INVALID', message: 'Compte suspendu (ACCOUNT_SUSPENDED)' },
      { id: id2, status: 'rejected', code: 'ALREADY_DECIDED', message: 'Déjà décidée' },
    ]);
    expect(TolerantPushResponse.safeParse({ results: [{ id: id1, status: 'rejected' }] }).success).toBe(false);
  });
});
