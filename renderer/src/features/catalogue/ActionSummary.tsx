// An action's identity as the guide's table gives it: Référence, Type (SIMPLE, MODULAIRE n modules), Intitulé,
// Financement (financeur, n° de marché, dispositif, mesure). Everything here comes from EOS and is read-only.
import { useTranslation } from 'react-i18next';
import type { Action } from '../../../../shared/protocol/entities';

export function useActionText() {
  const { t } = useTranslation();
  return {
    type: (action: Action) => (action.type === 'MODULAIRE' ? t('session.modular', { count: action.moduleCount ?? 0 }) : t('session.simple')),
    financing: (action: Action) =>
      t('formations.financingText', {
        financeur: action.financing.financeur,
        market: action.financing.marketNumber,
        dispositif: action.financing.dispositif,
        mesure: action.financing.mesure,
      }),
  };
}

export function ActionSummary({ action }: { action: Action }) {
  const { t } = useTranslation();
  const text = useActionText();
  return (
    <dl className="facts">
      <dt>{t('session.reference')}</dt>
      <dd>{action.reference}</dd>
      <dt>{t('session.type')}</dt>
      <dd>{text.type(action)}</dd>
      <dt>{t('session.financing')}</dt>
      <dd>{text.financing(action)}</dd>
      <dt>{t('formations.responsible')}</dt>
      <dd>{action.responsibleStructureName}</dd>
    </dl>
  );
}
