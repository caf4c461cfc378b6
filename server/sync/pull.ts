// One pull page: the smallest `limit` changes (rows and removals) after the cursor, in change-sequence order.
// Runs under the shared write lock, so every sequence number drawn so far is committed: the page's cursor never
// steps over a row that a concurrent writer would commit later with a smaller number.
import { eq, sql } from 'drizzle-orm';
import type { PullPage } from '../../shared/protocol/sync';
import type { ServerContext } from '../context';
import { rows, type Executor } from '../db/database';
import { meta } from '../db/schema';
import { readTransaction, writeTransaction } from '../db/write-transaction';
import { ApiHttpError, invalid } from '../http/api-error';
import { countSince, SOURCES, type PulledItem, type Viewer } from './visibility';

export const PRUNED_THROUGH_KEY = 'tombstones_pruned_through';

export function formatCursor(epoch: string, seq: number): string {
  return `${epoch}.${seq}`;
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

function parseCursor(ctx: ServerContext, since: string | undefined): number {
  if (since === undefined || since === '') return 0;
  const match = /^([A-Za-z0-9-]+)\.(\d{1,18})$/.exec(since);
  if (!match) throw invalid('Curseur de synchronisation illisible.', 'since');
  if (match[1] !== ctx.epoch) throw resyncRequired();
  return Number(match[2]);
}

export async function pullPage(ctx: ServerContext, viewer: Viewer, since: string | undefined, limit: number): Promise<PullPage> {
  const from = parseCursor(ctx, since);
  return readTransaction(ctx.db, async (tx) => {
    const watermark = await highWatermark(tx);
    // A cursor ahead of this database (restored from a backup) or behind pruned tombstones cannot be served.
    if (from > watermark) throw resyncRequired();
    if (from > 0 && from < (await prunedThrough(tx))) throw resyncRequired();

    const fetched: PulledItem[] = [];
    for (const source of SOURCES) fetched.push(...(await source(tx, viewer, from, limit + 1)));
    fetched.sort((a, b) => a.seq - b.seq);
    const hasMore = fetched.length > limit;
    const page = fetched.slice(0, limit);
    const cursorSeq = hasMore ? page[page.length - 1]!.seq : Math.max(from, watermark);

    const result: PullPage = {
      cursor: formatCursor(ctx.epoch, cursorSeq),
      hasMore,
      remaining: hasMore ? await countSince(tx, viewer, cursorSeq) : 0,
      changes: { actions: [], sessions: [], entryPoints: [], candidatures: [], preRegistrations: [] },
      removed: { actions: [], sessions: [], entryPoints: [], candidatures: [], preRegistrations: [] },
    };
    const changedIds = new Set<string>();
    for (const item of page) {
      if (item.kind === 'removal') continue;
      changedIds.add(`${item.kind}:${item.row.id}`);
      (result.changes[item.kind] as unknown[]).push(item.row);
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
