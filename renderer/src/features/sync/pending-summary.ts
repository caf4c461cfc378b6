// « 2 avis et 1 préinscription » in the user's language: each kind with its i18next plural, joined as the language
// joins a list (Intl.ListFormat: « a, b et c » in French, « a, b, and c » in English).
import type { TFunction } from 'i18next';
import { PENDING_KINDS, type PendingCounts } from '../../../../shared/domain/pending-kinds';

export function pendingItems(t: TFunction, language: string, counts: PendingCounts): string {
  const items = PENDING_KINDS.filter((k) => counts[k] > 0).map((k) => t(`sync.pendingKind.${k}`, { count: counts[k] }));
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}

/** The sync bar's link to the outbox: « 2 avis et 1 préinscription à envoyer », or « Rien à envoyer ». */
export function pendingSummary(t: TFunction, language: string, counts: PendingCounts): string {
  const items = pendingItems(t, language, counts);
  return items ? t('sync.pendingSummary', { items }) : t('sync.pendingNone');
}
