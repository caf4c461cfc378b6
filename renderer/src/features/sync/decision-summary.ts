// A queued or refused decision in words: the core says what it is about (a name, a title), the mutation says what
// was decided; « Avis non retenu (Document manquant) pour Marie Dupont » in the user's language.
import type { TFunction } from 'i18next';
import type { DecisionSummary } from '../../../../shared/ipc/views';
import type { Mutation } from '../../../../shared/protocol/sync';

export function decisionSummary(t: TFunction, item: { mutation: Mutation; summary: DecisionSummary }): string {
  const { mutation, summary } = item;
  if ('text' in summary) return summary.text; // stored before summaries were data
  const name = summary.subject;
  switch (mutation.kind) {
    case 'avis': {
      const { decision } = mutation.payload;
      return decision.kind === 'RETENUE'
        ? t('decisionSummary.avisRetained', { name })
        : t('decisionSummary.avisNotRetained', { name, motive: t(`motive.${decision.motive}`) });
    }
    case 'action.enrich':
      return t('decisionSummary.enrich', { title: name });
    case 'preregistration.create':
      return t('decisionSummary.preRegistrationCreate', { name });
    case 'preregistration.validate':
      return t('decisionSummary.preRegistrationValidate', { name });
    case 'preregistration.delete':
      return t('decisionSummary.preRegistrationDelete', { name });
  }
}
