// One pull page: the smallest `limit` changes (rows and removals) after the cursor, in change-sequence order.
// Runs under the shared write lock, so every sequence number drawn so far is committed: the page's cursor never
// steps over a row that a concurrent writer would commit later with a smaller number. Its queries run one after
// the other on the transaction's connection.
//
// `remaining` is counted once per sync, on its first page, then carried in the cursor of the pages that have more
// (`epoch.seq.remaining`) and decreased by each page's size: a page's work is proportional to the page, not to what
// is left. The estimate is counted again only if it runs out while rows remain (writes during the sync).
import { eq, sql } from 'drizzle-orm';
import { emptyChangeSet, emptyRemovals, ROW_KINDS, type PullPage } from '../../shared/protocol/sync';
import type { ServerContext } from '../context';
import { rows, type Executor } from '../db/database';
import { meta } from '../db/schema';
import { readTransaction, writeTransaction } from '../db/write-transaction';
import { ApiHttpError, invalid } from '../http/api-error';
import { countSince, removalsSince, rowsSince, viewEpoch, type PulledItem, type Viewer } from './visibility';

export const PRUNED_THROUGH_KEY = 'tombstones_pruned_through';

/** Fits the 64 characters of a Cursor with a 36-character epoch and an 18-digit sequence. */
const MAX_CARRIED_REMAINING = 99_999_999;

export function formatCursor(epoch: string, seq: number, remaining?: number): string {
  return remaining === undefined ? `${epoch}.${seq}` : `${epoch}.${seq}.${Math.min(remaining, MAX_CARRIED_REMAINING)}`;
}

const resyncRequired = () =>
  new ApiHttpError(410, 'RESYNC_REQUIRED', 'Votre copie locale ne peut plus être mise à jour pas à pas : une synchronisation complète est nécessaire.');

export async function highWatermark(db: Executor): Promise<number> {
  const [row] = await rows<{ last_value: string; is_called: boolean }>(db, sql`select last_value, is_called from change_seq`);
  return row && row.is_called ? Number(row.last_value) : 0;
}

async function prunedThrough(db: Executor): Promise<number> {
  const [row] = await db.select().from(meta).where(eq(meta.key, PRUNED_THROUGH_KEY));
  return row ? Number(row.value) : 0;
}

type ParsedCursor = { seq: number; remaining: number | null };

function parseCursor(epoch: string, since: string | undefined): ParsedCursor {
  if (since === undefined || since === '') return { seq: 0, remaining: null };
  const match = /^([A-Za-z0-9-]+)\.(\d{1,18})(?:\.(\d{1,8}))?$/.exec(since);
  if (!match) throw invalid('Curseur de synchronisation illisible.', 'since');
  if (match[1] !== epoch) throw resyncRequired();
  return { seq: Number(match[2]), remaining: match[3] === undefined ? null : Number(match[3]) };
}

export async function pullPage(ctx: ServerContext, viewer: Viewer, since: string | undefined, limit: number): Promise<PullPage> {
  const epoch = viewEpoch(ctx.epoch, viewer);
  const { seq: from, remaining: carried } = parseCursor(epoch, since);
  return readTransaction(ctx.db, async (tx) => {
    const watermark = await highWatermark(tx);
    // A cursor ahead of this database (restored from a backup) or behind pruned tombstones cannot be served.
    if (from > watermark) throw resyncRequired();
    if (from > 0 && from < (await prunedThrough(tx))) throw resyncRequired();

    const fetched: PulledItem[] = [];
    for (const kind of ROW_KINDS) fetched.push(...(await rowsSince(kind, tx, viewer, from, limit + 1)));
    fetched.push(...(await removalsSince(tx, viewer, from, limit + 1)));
    fetched.sort((a, b) => a.seq - b.seq);
    const hasMore = fetched.length > limit;
    const page = fetched.slice(0, limit);
    const cursorSeq = hasMore ? page[page.length - 1]!.seq : Math.max(from, watermark);
    let remaining = 0;
    if (hasMore) {
      const estimate = carried === null ? 0 : carried - page.length;
      remaining = estimate > 0 ? estimate : Math.max(1, await countSince(tx, viewer, cursorSeq));
    }

    const result: PullPage = {
      cursor: hasMore ? formatCursor(epoch, cursorSeq, remaining) : formatCursor(epoch, cursorSeq),
      hasMore,
      remaining,
      changes: emptyChangeSet(),
      removed: emptyRemovals(),
    };
    const changedIds = new Set<string>();
    for (const item of page) {
      if (item.kind === 'removal') continue;
      changedIds.add(`${item.kind}:${item.id}`);
      (result.changes[item.kind] as unknown[]).push(JSON.parse(item.json));
    }
    for (const item of page) {
      if (item.kind !== 'removal') continue;
      const kind = item.removedKind as keyof PullPage['removed'];
      // A row removed then visible again in the same page: the later row wins, the removal is stale.
      if (!(kind in result.removed) || changedIds.has(`${kind}:${item.rowId}`)) continue;
      result.removed[kind].push(item.rowId);
    }
    return result;
  });
}

/**
 * Forget tombstones up to `through` (default: the current watermark); cursors older than that then get
 * RESYNC_REQUIRED. The pruned-through mark only moves forward.
 */
export async function pruneTombstones(ctx: ServerContext, through?: number): Promise<void> {
  await writeTransaction(ctx.db, async (tx) => {
    const watermark = Math.max(through ?? (await highWatermark(tx)), await prunedThrough(tx));
    await tx.execute(sql`delete from removals where seq <= ${watermark}`);
    await tx
      .insert(meta)
      .values({ key: PRUNED_THROUGH_KEY, value: String(watermark) })
      .onConflictDoUpdate({ target: meta.key, set: { value: String(watermark) } });
  });
}
