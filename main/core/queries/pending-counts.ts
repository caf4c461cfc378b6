// The outbox counted by kind, as the sync bar and the sign-out dialog name it (« 2 avis et 1 préinscription »).
import { countPendingByKind, type PendingCounts } from '../../../shared/domain/pending-kinds';
import { sql } from 'drizzle-orm';
import type { LocalStore } from '../local-store';
import type { OutboxRow } from '../db/schema';
import { allRows } from '../db/typed-sql';

export function pendingCounts(store: LocalStore): PendingCounts {
  const rows = allRows(store.sqlite, sql<Pick<OutboxRow, 'kind'> & { count: number }>`select kind, count(*) as count from outbox group by kind`);
  return countPendingByKind(rows);
}
