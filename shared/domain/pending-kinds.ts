// What waits to be sent, counted by what the user calls it: avis, préinscriptions (a creation, a validation or a
// deletion is one préinscription to send) and changes to the offer. « 3 avis en attente d'envoi » for an avis and two
// préinscriptions misled prescribers; the sync bar and the sign-out dialog name each kind instead.
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

const FRENCH: Record<PendingKind, [one: string, other: string]> = {
  avis: ['avis', 'avis'],
  preRegistrations: ['préinscription', 'préinscriptions'],
  offer: ["modification de l'offre", "modifications de l'offre"],
};

/** « 2 avis et 1 préinscription », « 1 avis, 2 préinscriptions et 1 modification de l'offre »; '' when nothing. */
export function frenchPendingList(counts: PendingCounts): string {
  const items = PENDING_KINDS.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${FRENCH[k][counts[k] === 1 ? 0 : 1]}`);
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}
