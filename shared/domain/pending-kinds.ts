// What waits to be sent, counted by what the user calls it: avis, préinscriptions (a creation, a validation or a
// deletion is one préinscription to send) and changes to the offer. « 3 avis en attente d'envoi » for an avis and two
// préinscriptions misled prescribers; the sync bar and the sign-out dialog name each kind instead (the renderer words them).
import type { MutationKind } from '../protocol/sync';

export type PendingKind = 'avis' | 'preRegistrations' | 'offer';
export type PendingCounts = Record<PendingKind, number>;
/** The order kinds are named in. */
export const PENDING_KINDS: readonly PendingKind[] = ['avis', 'preRegistrations', 'offer'];

export function pendingKindOf(kind: MutationKind): PendingKind {
  if (kind === 'avis') return 'avis';
  if (kind === 'action.enrich') return 'offer';
  return 'preRegistrations';
}

export function countPendingByKind(entries: Iterable<{ kind: MutationKind; count: number }>): PendingCounts {
  const counts: PendingCounts = { avis: 0, preRegistrations: 0, offer: 0 };
  for (const e of entries) counts[pendingKindOf(e.kind)] += e.count;
  return counts;
}
