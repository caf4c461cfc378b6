// The domain's closed vocabularies. One zod enum per word gives both the runtime check at every boundary
// and the TypeScript union used by the pure rules. French labels live in the renderer's i18n files.
import { z } from 'zod';

export const OrgRole = z.enum(['RESPONSABLE', 'POSITIONNEUR', 'FORMATEUR']);
export type OrgRole = z.infer<typeof OrgRole>;
/** Dashboard row order, as in the guide's table. */
export const ORG_ROLES: readonly OrgRole[] = ['RESPONSABLE', 'POSITIONNEUR', 'FORMATEUR'];

export const ManagementProfile = z.enum([
  'OF_CATALOGUE',
  'OF_PREINSCRIPTION',
  'OF_GENERAL',
  'PRESCRIPTEUR_N1',
  'PRESCRIPTEUR_N2',
  'PRESCRIPTEUR_N3',
]);
export type ManagementProfile = z.infer<typeof ManagementProfile>;

/** ParcoursPro profiles exist on accounts but belong to another platform: shown, never acted upon. */
export const ParcoursProProfile = z.enum(['BENEFICIAIRE', 'EMPLOYEUR', 'PRESTATAIRE']);
export type ParcoursProProfile = z.infer<typeof ParcoursProProfile>;

export const StructureKind = z.enum(['ORGANISME_FORMATION', 'PRESCRIPTEUR']);
export type StructureKind = z.infer<typeof StructureKind>;

export const CandidatureState = z.enum([
  'EN_ATTENTE',
  'RETENUE',
  'NON_RETENUE',
  'AVIS_NON_TRANSMIS',
  'REFUS_SESSION_COMPLETE',
  'REFUS_SESSION_ANNULEE',
]);
export type CandidatureState = z.infer<typeof CandidatureState>;

export const SessionStatus = z.enum(['PUBLISHED', 'CANCELLED', 'ARCHIVED']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const ActionType = z.enum(['SIMPLE', 'MODULAIRE']);
export type ActionType = z.infer<typeof ActionType>;

/**
 * Why a candidature is not retained (seed 004: "s'il manque un document, une condition administrative, ou que la
 * personne n'est pas joignable"). Every motive but PERSONNE_INJOIGNABLE needs a written justification.
 */
export const NonRetentionMotive = z.enum([
  'DOCUMENT_MANQUANT',
  'CONDITION_ADMINISTRATIVE_NON_REMPLIE',
  'AUTRE',
  'PERSONNE_INJOIGNABLE',
]);
export type NonRetentionMotive = z.infer<typeof NonRetentionMotive>;

export const CandidatureOrigin = z.enum(['CANDIDAT', 'PRESCRIPTEUR']);
export type CandidatureOrigin = z.infer<typeof CandidatureOrigin>;

export const PreRegistrationStatus = z.enum(['BROUILLON', 'VALIDEE']);
export type PreRegistrationStatus = z.infer<typeof PreRegistrationStatus>;

/**
 * Why the server dated an avis by its own clock rather than by when the user decided (shared/domain/decision-time):
 * the decision time was in the future, before the candidature arrived, older than the offline limit, or missing.
 */
export const DecisionTimeNote = z.enum(['FUTURE', 'BEFORE_CANDIDATURE', 'TOO_OLD', 'MISSING']);
export type DecisionTimeNote = z.infer<typeof DecisionTimeNote>;

/** Stable rejection codes of the push protocol: clients switch on these, never on messages. */
export const RejectionCode = z.enum([
  'CAPACITY_REACHED',
  'ALREADY_DECIDED',
  'FORBIDDEN',
  'SESSION_CANCELLED',
  'DEADLINE_PASSED',
  'NOT_FOUND',
  'INVALID',
  'VERSION_CONFLICT',
  'APPLICATIONS_CLOSED',
]);
export type RejectionCode = z.infer<typeof RejectionCode>;
