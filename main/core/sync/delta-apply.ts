// One delta page into the local database, without holding the event loop: the page (already validated whole, so a
// malformed one changes nothing) is written in slices of at most SLICE_MS, between which the event loop runs (the
// core answers the window, browser mode stays responsive). The slices share one transaction, left open across the
// yields (LocalStore.bulkWrite), and the page's cursor is stored in its last slice: the page's rows and its cursor
// are committed together. Should a command be made meanwhile, its own transaction first commits the rows written so
// far, without the cursor: they are the server's newer rows, and a pull cut there takes the page again from the old
// cursor. The commit runs with synchronous = NORMAL (atomic; the next usual commit makes it durable, and a page lost
// to a power cut is pulled again), and no checkpoint runs in it: the background connection takes them.
// A candidature whose search text would not change (an avis: same person, same session) keeps its search index entry:
// reindexing it was most of a delta's writing time (1000 avis: ~800 ms against ~150 ms without, on a loaded machine).
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { Candidature } from '../../../shared/protocol/entities';
import { changeSetOf, emptyChangeSet, emptyRemovals, ROW_KINDS, type ChangeSet, type PullPage, type RowKind } from '../../../shared/protocol/sync';
import type { CandidatureRow } from '../db/schema';
import { allRows, valueList } from '../db/typed-sql';
import type { LocalStore } from '../local-store';
import { SLICE_MS, yieldToEventLoop } from './time-slices';

/** Rows written between two looks at the clock. */
const ROWS_BETWEEN_CHECKS = 64;


/**
 * Of these candidatures, the ids already stored with the same search text: same names, e-mail and session (a session
 * or action retitled comes with its own rows, and the store reindexes its candidatures then).
 */
function sameSearchText(store: LocalStore, structureId: string, rows: readonly Candidature[]): Set<string> {
  if (rows.length === 0) return new Set();
  const stored = allRows(store.sqlite, sql<Pick<CandidatureRow, 'id' | 'firstName' | 'lastName' | 'email' | 'sessionId'>>`select id, first_name as firstName,
    last_name as lastName, email, session_id as sessionId from candidatures where structure_id = ${structureId} and id in (${valueList(rows.map((r) => r.id))})`);
  const byId = new Map(stored.map((r) => [r.id, r]));
  const same = new Set<string>();
  for (const c of rows) {
    const s = byId.get(c.id);
    if (s && s.firstName === c.candidate.firstName && s.lastName === c.candidate.lastName && s.email === c.candidate.email && s.sessionId === c.sessionId) same.add(c.id);
  }
  return same;
}

/** Writes candidatures; those whose search text stays keep their search index entry. */
function applyCandidatures(store: LocalStore, structureId: string, candidatures: Candidature[]): number {
  const same = sameSearchText(store, structureId, candidatures);
  const kept = changeSetOf('candidatures', candidatures.filter((c) => same.has(c.id)));
  const reindexed = changeSetOf('candidatures', candidatures.filter((c) => !same.has(c.id)));
  return store.applyServerRows(structureId, kept, emptyRemovals(), { deferSearchIndex: true }) + store.applyServerRows(structureId, reindexed, emptyRemovals());
}

/** Rows `from` to `to` of one kind of the page. */
function applySlice(store: LocalStore, structureId: string, changes: ChangeSet, kind: RowKind, from: number, to: number): number {
  if (kind === 'candidatures') return applyCandidatures(store, structureId, changes.candidatures.slice(from, to));
  return store.applyServerRows(structureId, changeSetOf(kind, changes[kind].slice(from, to)), emptyRemovals());
}

/**
 * Writes `page` and then, in the same transaction, `finish` (the cursor). Rows go parents first (the order
 * applyServerRows keeps within a call), removals last. Returns the rows stored.
 */
export async function applyPageInSlices(store: LocalStore, structureId: string, page: Pick<PullPage, 'changes' | 'removed'>, finish: () => void): Promise<number> {
  let stored = 0;
  let kind = 0;
  let index = 0;
  let removalsDone = false;
  try {
    for (;;) {
      const start = performance.now();
      let done = false;
      store.bulkWrite(() => {
        while (!done && performance.now() - start < SLICE_MS) {
          // Up to ROWS_BETWEEN_CHECKS rows of the current kind, then the next kind; removals once every row is in.
          if (kind < ROW_KINDS.length) {
            const current = ROW_KINDS[kind]!;
            stored += applySlice(store, structureId, page.changes, current, index, index + ROWS_BETWEEN_CHECKS);
            index += ROWS_BETWEEN_CHECKS;
            if (index >= page.changes[current].length) {
              kind++;
              index = 0;
            }
          } else if (!removalsDone) {
            store.applyServerRows(structureId, emptyChangeSet(), page.removed);
            removalsDone = true;
          } else {
            finish();
            done = true;
          }
        }
      });
      if (done) break;
      await yieldToEventLoop();
    }
    store.endBulk();
  } catch (error) {
    // A write that failed: what this page wrote and nobody committed yet goes; the cursor stays where it was.
    if (store.sqlite.inTransaction) store.sqlite.exec('ROLLBACK');
    store.endBulk();
    throw error;
  }
  return stored;
}
