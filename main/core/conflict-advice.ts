// What a manager can do about each rejection, in French, shown beside the server's reason in the conflicts inbox.
import type { RejectionCode } from '../../shared/domain/vocabulary';

const ADVICE: Record<RejectionCode, string> = {
  CAPACITY_REACHED: "La session est complète : il n'est plus possible d'ajouter une candidature à ce point d'entrée. Abandonnez, ou renvoyez plus tard si une place se libère.",
  ALREADY_DECIDED: "Quelqu'un a déjà rendu un avis sur cette candidature. Consultez son état actuel puis abandonnez votre avis.",
  FORBIDDEN: "Vos droits ont changé : demandez au référent de votre structure de vérifier votre profil.",
  SESSION_CANCELLED: 'La session a été annulée : aucun avis ne peut plus être donné. Abandonnez cette décision.',
  DEADLINE_PASSED: "Le délai d'avis est dépassé : la candidature est passée en avis non transmis. Abandonnez cette décision.",
  NOT_FOUND: "L'élément n'existe plus ou n'est plus visible par votre structure. Abandonnez cette décision.",
  INVALID: 'La décision a été refusée comme invalide : corrigez-la puis renvoyez-la.',
  VERSION_CONFLICT: "La fiche a été modifiée entre-temps : relisez-la, corrigez puis renvoyez.",
  APPLICATIONS_CLOSED: "Les candidatures sont fermées pour cette session. Abandonnez cette décision.",
};

export function conflictAdvice(code: string): string {
  return ADVICE[code as RejectionCode] ?? 'Corrigez puis renvoyez, ou abandonnez.';
}

/** Codes for which editing and resubmitting can succeed. */
export function canResubmit(code: string): boolean {
  return code === 'INVALID' || code === 'VERSION_CONFLICT' || code === 'CAPACITY_REACHED';
}
