// Candidature states and who may move a candidature from one to another (docs/domain.md, « Candidature states »).
import type { CandidatureState } from './vocabulary';
import { allowed, refused, type RuleResult } from './rule-result';

/** Who causes a transition: a manager's avis, Cap Métiers staff, or the server itself (deadline job, EOS feed). */
export type TransitionActor = 'MANAGER' | 'CAP_METIERS' | 'SYSTEM';

type Transition = { from: CandidatureState; to: CandidatureState; by: TransitionActor };

/** Every allowed transition. Anything not listed is refused. */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'EN_ATTENTE', to: 'RETENUE', by: 'MANAGER' },
  { from: 'EN_ATTENTE', to: 'NON_RETENUE', by: 'MANAGER' },
  { from: 'NON_RETENUE', to: 'RETENUE', by: 'CAP_METIERS' },
  { from: 'EN_ATTENTE', to: 'AVIS_NON_TRANSMIS', by: 'SYSTEM' },
  { from: 'EN_ATTENTE', to: 'REFUS_SESSION_ANNULEE', by: 'SYSTEM' },
];

export function isTransitionAllowed(from: CandidatureState, to: CandidatureState, by: TransitionActor): boolean {
  return TRANSITIONS.some((t) => t.from === from && t.to === to && t.by === by);
}

/** Whether a manager may still give an avis on a candidature in this state, with the reason when not. */
export function checkAvisOpen(state: CandidatureState): RuleResult {
  switch (state) {
    case 'EN_ATTENTE':
      return allowed;
    case 'RETENUE':
      return refused(
        'ALREADY_DECIDED',
        'Cette candidature est retenue : ce choix est définitif ici. Un désistement se gère dans EOS.',
      );
    case 'NON_RETENUE':
      return refused(
        'ALREADY_DECIDED',
        'Cette candidature est non retenue. Pour la passer en retenue, contactez Cap Métiers (offre@cap-metiers.pro).',
      );
    case 'AVIS_NON_TRANSMIS':
      return refused('DEADLINE_PASSED', "Le délai pour donner l'avis est dépassé : la candidature est passée en avis non transmis.");
    case 'REFUS_SESSION_COMPLETE':
      return refused('ALREADY_DECIDED', 'Cette candidature a été refusée : la session était complète.');
    case 'REFUS_SESSION_ANNULEE':
      return refused('SESSION_CANCELLED', 'Cette candidature a été refusée : la session a été annulée.');
  }
}

/** States that are final for a manager (nothing more to do in this tool). */
export function isDecided(state: CandidatureState): boolean {
  return state !== 'EN_ATTENTE';
}
