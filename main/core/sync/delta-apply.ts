// One delta page into the local database, without holding the event loop: the page (already validated whole, so a
// malformed one changes nothing) is written in slices of at most SLICE_MS, between which the event loop runs (the core
// answers the window, browser mode stays responsive). The slices share a transaction, left open across the yields
// (LocalStore.bulkWrite), committed in pieces sized per kind of row to take about COMMIT_TARGET_MS each
// (commit-size.ts): a commit encrypts and writes every page its rows dirtied, in one call, and the 1 000 candidatures
// and ~3 500 entry points of a 1 000-avis delta at 100k candidatures held the loop 58-83 ms committed at once. A
// candidature takes ~10 times an entry point's time to commit (its table page and the index entries its state moves are
// spread over the table; ~60 against ~5 microseconds at 100k), hence a size per kind. The page's cursor is stored in
// its last piece: rows committed before it are the server's newer rows, and a pull cut there takes the page again from
// the old cursor (rows are upserted: applying one twice is harmless). A command made meanwhile commits the rows written
// so far in the same way. Commits run with synchronous = NORMAL (atomic; the next usual commit makes them durable, and
// a page lost to a power cut is pulled again), and no checkpoint runs in them: the background connection takes them.
// A candidature changed by an avis (same person, same session, same dates) is updated in place and keeps its search
// index entry (LocalStore.applyServerRows): reindexing it, and rewriting every index, was most of a delta's time.
import { performance } from 'node:perf_hooks';
import { changeSetOf, emptyChangeSet, emptyRemovals, ROW_KINDS, type ChangeSet, type PullPage, type RowKind } from '../../../shared/protocol/sync';
import type { LocalStore } from '../local-store';
import { CommitSize } from './commit-size';
import { SLICE_MS, yieldToEventLoop } from './time-slices';

/** Rows written between two looks at the clock. */
const ROWS_BETWEEN_CHECKS = 64;

/** Rows `from` to `to` of one kind of the page. */
function applySlice(store: LocalStore, structureId: string, changes: ChangeSet, kind: RowKind, from: number, to: number): number {
  return store.applyServerRows(structureId, changeSetOf(kind, changes[kind].slice(from, to)), emptyRemovals());
}

/**
 * A commit's first size for each kind, before its rate is known: small enough for the dearest kind (250 candidatures
 * committed in 10-19 ms at 100k, the code cold), learned from there.
 */
const FIRST_COMMIT_ROWS = 250;

/**
 * Writes `page` and then, in the same transaction as its last rows, `finish` (the cursor). Rows go parents first
 * (the order applyServerRows keeps within a call), removals last. Returns the rows stored.
 */
export async function applyPageInSlices(store: LocalStore, structureId: string, page: Pick<PullPage, 'changes' | 'removed'>, finish: () => void): Promise<number> {
  let stored = 0;
  let kind = 0;
  let index = 0;
  let removalsDone = false;
  const sizes = new Map<RowKind, CommitSize>();
  const sizeOf = (k: RowKind) => sizes.get(k) ?? sizes.set(k, new CommitSize({ first: FIRST_COMMIT_ROWS, min: 50, max: 20_000 })).get(k)!;
  /** Rows written since the last commit, all of one kind (a kind's last rows are committed before the next kind's). */
  let uncommitted = 0;
  // The page's rows were checked up to now in this turn of the event loop: the writes start on a turn of their own.
  await yieldToEventLoop();
  try {
    for (;;) {
      const start = performance.now();
      let done = false;
      let commit: RowKind | null = null;
      store.bulkWrite(() => {
        while (!done && !commit && performance.now() - start < SLICE_MS) {
          // Up to ROWS_BETWEEN_CHECKS rows of the current kind, then the next kind; removals once every row is in.
          if (kind < ROW_KINDS.length) {
            const current = ROW_KINDS[kind]!;
            const size = sizeOf(current);
            const rows = Math.min(ROWS_BETWEEN_CHECKS, size.rows - uncommitted);
            const written = applySlice(store, structureId, page.changes, current, index, index + rows);
            stored += written;
            uncommitted += written;
            index += rows;
            const kindDone = index >= page.changes[current].length;
            if (kindDone) {
              kind++;
              index = 0;
            }
            if (uncommitted > 0 && (kindDone || uncommitted >= size.rows)) commit = current;
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
      if (commit) {
        // A commit gets a turn of its own: the slice that wrote its rows may have used its whole budget.
        const begin = performance.now();
        store.endBulk();
        sizeOf(commit).learn(uncommitted, performance.now() - begin);
        uncommitted = 0;
        await yieldToEventLoop();
      }
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
