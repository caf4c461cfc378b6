// The rows the server syncs to a client, as seen from one structure. They are the single source of types for the
// HTTP protocol, the local database rows (main/core maps columns to these) and the views the renderer shows.
import { z } from 'zod';
import { CalendarDate, Instant } from '../domain/calendar-date';
import {
  ActionType,
  CandidatureOrigin,
  CandidatureState,
  ManagementProfile,
  NonRetentionMotive,
  OrgRole,
  ParcoursProProfile,
  PreRegistrationStatus,
  SessionStatus,
  StructureKind,
} from '../domain/vocabulary';
import { isValidSiret } from '../domain/siret';

export const Id = z.string().min(1).max(64);
/** Optimistic-concurrency version of a server row; a mutation names the version it was made on. */
export const Version = z.number().int().nonnegative();

export const Siret = z.string().refine(isValidSiret, { message: 'SIRET invalide (14 chiffres, clé de Luhn)' });

export const Structure = z.object({
  id: Id,
  siret: Siret,
  name: z.string().min(1), // raison sociale
  acronym: z.string().nullable(),
  kind: StructureKind,
  city: z.string().nullable(),
});
export type Structure = z.infer<typeof Structure>;

export const Person = z.object({
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  email: z.email().max(254),
  phone: z.string().max(30).nullable(),
});
export type Person = z.infer<typeof Person>;

export const Contact = z.object({
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type Contact = z.infer<typeof Contact>;

export const Financing = z.object({
  financeur: z.string(), // e.g. "Région Nouvelle-Aquitaine"
  marketNumber: z.string(), // n° de marché
  dispositif: z.string(), // e.g. "Habilitation de service public"
  mesure: z.string(), // e.g. "HSP SOCLE", "PRF"
});
export type Financing = z.infer<typeof Financing>;

export const WebLink = z
  .url({ protocol: /^https?$/, message: 'lien web : adresse http(s) attendue' })
  .max(2048);

export const Action = z.object({
  id: Id,
  reference: z.string().min(1), // e.g. 202404234195
  type: ActionType,
  moduleCount: z.number().int().positive().nullable(), // n modules when MODULAIRE
  title: z.string().min(1), // intitulé
  financing: Financing,
  highlight: z.string().max(4000).nullable(), // "le plus de cette formation"
  webLink: WebLink.nullable(), // "lien web"
  /** Name of the RESPONSABLE structure (porteur), shown to formateurs and positionneurs. */
  responsibleStructureName: z.string(),
  version: Version,
});
export type Action = z.infer<typeof Action>;

export const Session = z.object({
  id: Id,
  actionId: Id,
  carifNumber: z.string().min(1), // numéro Carif, e.g. 00498943
  publishedOn: CalendarDate,
  marketStart: CalendarDate,
  marketEnd: CalendarDate,
  city: z.string(), // BAYONNE
  department: z.string(), // 64
  trainingPlace: z.string(), // lieu de formation
  cpfEligible: z.boolean(),
  fixedDates: z.boolean(), // entrée / sortie à date fixe (else permanent)
  contact: Contact,
  disabilityReferent: Contact.nullable(), // référent travailleur handicapé
  status: SessionStatus,
  /** What the syncing structure is on this session; null for a prescriber structure (it has no role on sessions). */
  orgRole: OrgRole.nullable(),
  version: Version,
});
export type Session = z.infer<typeof Session>;

export const EntryPoint = z.object({
  id: Id,
  sessionId: Id,
  date: CalendarDate,
  places: z.number().int().nonnegative(),
  bis: z.boolean(),
  version: Version,
});
export type EntryPoint = z.infer<typeof EntryPoint>;

export const RetainedDetails = z.object({
  plannedEntry: CalendarDate,
  plannedExit: CalendarDate,
});
export type RetainedDetails = z.infer<typeof RetainedDetails>;

export const NonRetainedDetails = z.object({
  motive: NonRetentionMotive,
  justification: z.string().max(2000).nullable(),
});
export type NonRetainedDetails = z.infer<typeof NonRetainedDetails>;

export const Candidature = z.object({
  id: Id,
  sessionId: Id,
  candidate: Person,
  origin: CandidatureOrigin,
  prescriberStructureName: z.string().nullable(),
  createdAt: Instant,
  /** Paris day the candidature was made. */
  createdOn: CalendarDate,
  /** The server owns it: past it, a pending candidature becomes AVIS_NON_TRANSMIS. */
  avisDeadline: CalendarDate,
  state: CandidatureState,
  retained: RetainedDetails.nullable(),
  nonRetained: NonRetainedDetails.nullable(),
  avisAt: Instant.nullable(),
  /** Paris day the avis was given: the counter rule works on days. */
  avisOn: CalendarDate.nullable(),
  avisBy: z.string().nullable(), // display name of who gave it
  version: Version,
});
export type Candidature = z.infer<typeof Candidature>;

export const PreRegistration = z.object({
  id: Id,
  sessionId: Id,
  prescriberStructureId: Id,
  createdByUserId: Id,
  createdByName: z.string(),
  createdByProfile: ManagementProfile,
  candidate: Person,
  status: PreRegistrationStatus,
  candidatureId: Id.nullable(),
  createdAt: Instant,
  version: Version,
});
export type PreRegistration = z.infer<typeof PreRegistration>;

export const User = z.object({
  id: Id,
  email: z.email(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const Membership = z.object({
  structure: Structure,
  /** One management profile per user per structure; null while the référent has given none. */
  profile: ManagementProfile.nullable(),
  parcoursProProfiles: z.array(ParcoursProProfile),
  referent: z.boolean(),
  employer: z.boolean(),
});
export type Membership = z.infer<typeof Membership>;
