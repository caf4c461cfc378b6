// One delta page into the local database, without holding the event loop: the page (already validated whole, so a
// malformed one changes nothing) is written in slices of at most SLICE_MS, between which the event loop runs (the
// core answers the window, browser mode stays responsive). The slices share one transaction, left open across the
// yields (LocalStore.bulkWrite), and the page's cursor is stored in its last slice: the page's rows and its cursor
// are committed together. Should a command be made meanwhile, its own transaction first commits the rows written so
// far, without the cursor: they are the server's newer rows, and a pull cut there takes the page again from the old
// cursor. The commit runs with synchronous = NORMAL (atomic; the next usual commit makes it durable, and a page lost
// to a power cut is pulled again), and no checkpoint runs in it: the background connection takes them.
// A candidature changed by an avis (same person, same session, same dates) is updated in place and keeps its search
// index entry (LocalStore.applyServerRows): reindexing it, and rewriting every index, was most of a delta's time.
import { performance } from 'node:perf_hooks';
import { changeSetOf, emptyChangeSet, emptyRemovals, ROW_KINDS, type ChangeSet, type PullPage, type RowKind } from '../../../shared/protocol/sync';
import type { LocalStore } from '../local-store';
import { SLICE_MS, yieldToEventLoop } from './time-slices';

/** Rows written between two looks at the clock. */
const ROWS_BETWEEN_CHECKS = 64;

/** Rows `from` to `to` of one kind of the page. */
function applySlice(store: LocalStore, structureId: string, changes: ChangeSet, kind: RowKind, from: number, to: number): number {
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
