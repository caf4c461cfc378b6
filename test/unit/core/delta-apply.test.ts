// A large delta page goes into the local database in several commits, the event loop free between them, so that no
// single commit holds the core for long; its cursor goes in with its last commit, so a page cut anywhere is pulled
// again from the old cursor, and applying it again stores the same rows once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database';
import type { Sqlite } from '../../../main/core/db/open-database';
import { LocalStore } from '../../../main/core/local-store';
import { applyPageInSlices } from '../../../main/core/sync/delta-apply';
import { CommitSize, COMMIT_TARGET_MS } from '../../../main/core/sync/commit-size';
import { emptyChangeSet, emptyRemovals, type PullPage } from '../../../shared/protocol/sync';
import type { Candidature, EntryPoint } from '../../../shared/protocol/entities';
import { action, candidature, session } from './store-rows';

const S = 'of-demo';
const CANDIDATURES = 1500;
const ENTRY_POINTS = 400;
let db: TempDatabase;
let sqlite: Sqlite;
let store: LocalStore;

const page = (): Pick<PullPage, 'changes' | 'removed'> => ({
  changes: {
    ...emptyChangeSet(),
    actions: [action],
    sessions: [session],
    entryPoints: Array.from({ length: ENTRY_POINTS }, (_, i): EntryPoint => ({
      id: `e${i}`, sessionId: session.id, date: `2027-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`, places: 12, bis: false, version: 1,
      retainedInWindow: 0, sessionPending: CANDIDATURES,
    })),
    candidatures: Array.from({ length: CANDIDATURES }, (_, i): Candidature => ({
      ...candidature, id: `c${i}`, candidate: { ...candidature.candidate, lastName: `Nom${i}`, email: `c${i}@example.fr` },
    })),
  },
  removed: emptyRemovals(),
});

const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table} where structure_id = ?`).get(S) as { n: number }).n;
const cursor = () => store.getSyncState(S)?.cursor ?? null;

beforeEach(() => {
  db = openTempDatabase('delta-apply-');
  sqlite = db.sqlite;
  store = new LocalStore(sqlite);
});
afterEach(() => db.remove());

/** Each commit of the store: the candidatures it had written by then, and whether the cursor was in it. */
function watchCommits() {
  const commits: { candidatures: number; withCursor: boolean }[] = [];
  let cursorWritten = false;
  const endBulk = store.endBulk.bind(store);
  store.endBulk = () => {
    if (sqlite.inTransaction) commits.push({ candidatures: count('candidatures'), withCursor: cursorWritten });
    endBulk();
  };
  const finish = () => {
    store.setCursor(S, 'epoch.42', '2026-12-01T10:00:00.000Z');
    cursorWritten = true;
  };
  return { commits, finish };
}

describe('a delta page into the local store', () => {
  it('commits in pieces, with turns of the event loop between them, and the cursor in the last one', async () => {
    const { commits, finish } = watchCommits();
    let turns = 0;
    let watching = true;
    const tick = () => {
      turns++;
      if (watching) setImmediate(tick);
    };
    setImmediate(tick);
    const stored = await applyPageInSlices(store, S, page(), finish);
    watching = false;

    expect(stored).toBe(2 + ENTRY_POINTS + CANDIDATURES);
    expect(count('candidatures')).toBe(CANDIDATURES);
    expect(count('entry_points')).toBe(ENTRY_POINTS);
    expect(cursor()).toBe('epoch.42');
    // Several commits, candidatures arriving across them, only the last one with the cursor.
    expect(commits.length).toBeGreaterThanOrEqual(4);
    const withCandidatures = commits.map((c) => c.candidatures).filter((n, i, all) => n > (all[i - 1] ?? 0));
    expect(withCandidatures.length).toBeGreaterThanOrEqual(3);
    expect(commits.filter((c) => c.withCursor)).toEqual([commits[commits.length - 1]]);
    expect(turns).toBeGreaterThan(commits.length);
  });

  it('cut in the middle, keeps what it committed and the old cursor; applied again, stores every row once', async () => {
    store.setCursor(S, 'epoch.7', null);
    const apply = store.applyServerRows.bind(store);
    let calls = 0;
    store.applyServerRows = (...args) => {
      if (++calls === 20) throw new Error('disk I/O error');
      return apply(...args);
    };
    await expect(applyPageInSlices(store, S, page(), () => store.setCursor(S, 'epoch.42', null))).rejects.toThrow('disk I/O error');
    expect(sqlite.inTransaction).toBe(false);
    const kept = count('candidatures');
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(CANDIDATURES);
    expect(cursor()).toBe('epoch.7');

    store.applyServerRows = apply;
    await applyPageInSlices(store, S, page(), () => store.setCursor(S, 'epoch.42', null));
    expect(count('candidatures')).toBe(CANDIDATURES);
    expect(count('entry_points')).toBe(ENTRY_POINTS);
    expect(cursor()).toBe('epoch.42');
  });
});

describe('the size of the next commit', () => {
  it('starts as told, then follows the last commit’s rate toward the target, growing at most by half, within bounds', () => {
    const size = new CommitSize({ first: 250, min: 50, max: 2000 });
    expect(size.rows).toBe(250);
    size.learn(250, COMMIT_TARGET_MS * 2); // twice too slow: half as many
    expect(size.rows).toBe(125);
    size.learn(125, COMMIT_TARGET_MS / 10); // far quicker than the target: half as many again, no more
    expect(size.rows).toBe(188);
    size.learn(188, COMMIT_TARGET_MS * 100);
    expect(size.rows).toBe(50);
    for (let i = 0; i < 20; i++) size.learn(size.rows, 0.1);
    expect(size.rows).toBe(2000);
    size.learn(0, 50); // nothing committed: nothing learned
    expect(size.rows).toBe(2000);
  });
});
