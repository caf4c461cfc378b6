// Who may do what: the structure's role on the session × the user's profile in the active structure (docs/domain.md).
import type { ManagementProfile, OrgRole } from './vocabulary';
import { allowed, refused, type RuleResult } from './rule-result';

const CANDIDATURE_PROFILES: readonly ManagementProfile[] = ['OF_PREINSCRIPTION', 'OF_GENERAL'];
const CATALOGUE_PROFILES: readonly ManagementProfile[] = ['OF_CATALOGUE', 'OF_GENERAL'];
const PRESCRIBER_PROFILES: readonly ManagementProfile[] = ['PRESCRIPTEUR_N1', 'PRESCRIPTEUR_N2', 'PRESCRIPTEUR_N3'];

/** A structure with no role on the session (a prescriber's catalogue view) acts on it in no way. */
const NO_ROLE = refused('FORBIDDEN', "Votre structure n'a pas de rôle sur cette session.");

/** Giving an avis: profile OF_PREINSCRIPTION or OF_GENERAL, and the structure RESPONSABLE or POSITIONNEUR. */
export function canGiveAvis(profile: ManagementProfile | null, orgRole: OrgRole | null): RuleResult {
  if (orgRole === null) return NO_ROLE;
  if (profile === null || !CANDIDATURE_PROFILES.includes(profile)) {
    return refused('FORBIDDEN', "Votre profil ne permet pas de gérer les candidatures (profil « préinscription » ou « général » requis).");
  }
  if (orgRole !== 'RESPONSABLE' && orgRole !== 'POSITIONNEUR') {
    return refused('FORBIDDEN', "Votre organisme est formateur de cette session : seuls le responsable et le positionneur donnent l'avis.");
  }
  return allowed;
}

/** Whether a profile may ever enrich an action, whatever the structure's role: OF_CATALOGUE or OF_GENERAL. */
export function profileMayEnrich(profile: ManagementProfile | null): boolean {
  return profile !== null && CATALOGUE_PROFILES.includes(profile);
}

/** Action data ("le plus", "lien web"): RESPONSABLE only, with OF_CATALOGUE or OF_GENERAL. */
export function canEnrichAction(profile: ManagementProfile | null, orgRole: OrgRole | null): RuleResult {
  if (orgRole === null) return NO_ROLE;
  if (!profileMayEnrich(profile)) {
    return refused('FORBIDDEN', 'Votre profil ne permet pas de valoriser l’offre (profil « catalogue » ou « général » requis).');
  }
  if (orgRole !== 'RESPONSABLE') {
    return refused('FORBIDDEN', 'Seul l’organisme responsable de l’action peut la valoriser.');
  }
  return allowed;
}

/** An action is enriched through the structure's roles on its sessions: allowed when one of them allows it. */
export function canEnrichActionThroughRoles(profile: ManagementProfile | null, roles: readonly OrgRole[]): RuleResult {
  const results = roles.map((role) => canEnrichAction(profile, role));
  return results.find((r) => r.ok) ?? results[0] ?? canEnrichAction(profile, null);
}

/**
 * Whether a profile receives candidates' personal data (candidatures, pre-registrations). OF_CATALOGUE manages the
 * offer only (« gestion des formations », docs/domain.md) and a member with no profile has no right: neither gets any.
 */
export function seesCandidatePersonalData(profile: ManagementProfile | null): boolean {
  return profile !== null && (CANDIDATURE_PROFILES.includes(profile) || PRESCRIBER_PROFILES.includes(profile));
}

export function isPrescriberProfile(profile: ManagementProfile | null): profile is 'PRESCRIPTEUR_N1' | 'PRESCRIPTEUR_N2' | 'PRESCRIPTEUR_N3' {
  return profile !== null && PRESCRIBER_PROFILES.includes(profile);
}

/** A référent manages the rights of a structure's users but never detaches themself. */
export function canDetachMember(actor: { userId: string; referent: boolean }, targetUserId: string): RuleResult {
  if (!actor.referent) return refused('FORBIDDEN', 'Seul le ou la référent(e) de la structure peut détacher un utilisateur.');
  if (actor.userId === targetUserId) return refused('FORBIDDEN', 'Vous ne pouvez pas vous détacher vous-même de la structure.');
  return allowed;
}

export function canManageMembers(actor: { referent: boolean }): RuleResult {
  return actor.referent ? allowed : refused('FORBIDDEN', 'Seul le ou la référent(e) de la structure gère ses utilisateurs.');
}
