// Prescriber pre-registrations (seed 000): N1 saves and deletes its own, which an N3 validates; N2 creates,
// validates and deletes its own; N3 does all that for its own and for those of N1 and N2 users of its structure.
import type { ManagementProfile } from './vocabulary';
import { isPrescriberProfile } from './rights';
import { allowed, refused, type RuleResult } from './rule-result';

export type PrescriberActor = { userId: string; structureId: string; profile: ManagementProfile | null };
export type PreRegistrationOwner = {
  createdByUserId: string;
  createdByProfile: ManagementProfile;
  prescriberStructureId: string;
  status: 'BROUILLON' | 'VALIDEE';
};

export function canCreatePreRegistration(actor: PrescriberActor): RuleResult {
  return isPrescriberProfile(actor.profile)
    ? allowed
    : refused('FORBIDDEN', 'Un profil prescripteur (N1, N2 ou N3) est requis pour préinscrire un candidat.');
}

function isOwn(actor: PrescriberActor, pre: PreRegistrationOwner): boolean {
  return actor.userId === pre.createdByUserId;
}

function n3ReachesOthers(actor: PrescriberActor, pre: PreRegistrationOwner): boolean {
  return (
    actor.profile === 'PRESCRIPTEUR_N3' &&
    actor.structureId === pre.prescriberStructureId &&
    (pre.createdByProfile === 'PRESCRIPTEUR_N1' || pre.createdByProfile === 'PRESCRIPTEUR_N2')
  );
}

export function canValidatePreRegistration(actor: PrescriberActor, pre: PreRegistrationOwner): RuleResult {
  if (!isPrescriberProfile(actor.profile)) return refused('FORBIDDEN', 'Un profil prescripteur est requis.');
  if (pre.status === 'VALIDEE') return refused('ALREADY_DECIDED', 'Cette préinscription est déjà validée.');
  if (actor.profile === 'PRESCRIPTEUR_N1') {
    return refused('FORBIDDEN', 'Un prescripteur N1 ne valide pas : un prescripteur N3 de votre structure validera cette préinscription.');
  }
  if (isOwn(actor, pre) || n3ReachesOthers(actor, pre)) return allowed;
  return refused('FORBIDDEN', actor.profile === 'PRESCRIPTEUR_N2'
    ? 'Un prescripteur N2 ne valide que ses propres préinscriptions.'
    : 'Cette préinscription appartient à une autre structure ou à un autre prescripteur N3.');
}

export function canDeletePreRegistration(actor: PrescriberActor, pre: PreRegistrationOwner): RuleResult {
  if (!isPrescriberProfile(actor.profile)) return refused('FORBIDDEN', 'Un profil prescripteur est requis.');
  if (pre.status === 'VALIDEE') return refused('ALREADY_DECIDED', 'Une préinscription validée est devenue une candidature : elle ne se supprime plus.');
  if (isOwn(actor, pre) || n3ReachesOthers(actor, pre)) return allowed;
  return refused('FORBIDDEN', 'Vous ne pouvez supprimer que vos propres préinscriptions.');
}
