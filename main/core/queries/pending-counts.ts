// The outbox counted by kind, as the sync bar and the sign-out dialog name it (« 2 avis et 1 préinscription »).
import { countPendingByKind, type PendingCounts } from '../../../shared/domain/pending-kinds';
import type { MutationKind } from '../../../shared/protocol/sync';
import type { LocalStore } from '../local-store';

export function pendingCounts(store: LocalStore): PendingCounts {
  const rows = store.sqlite.prepare('select kind, count(*) as count from outbox group by kind').all() as { kind: MutationKind; count: number }[];
  return countPendingByKind(rows);
}
