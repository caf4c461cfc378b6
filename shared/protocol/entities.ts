// The rows the server syncs to a client, as seen from one structure. They are the single source of types for the
// HTTP protocol, the local database rows (main/core maps columns to these) and the views the renderer shows.
import { z } from 'zod';
import { CalendarDate, Instant } from '../domain/calendar-date';
import {
  ActionType,
  CandidatureOrigin,
  CandidatureState,
  DecisionTimeNote,
  ManagementProfile,
  NonRetentionMotive,
  OrgRole,
  ParcoursProProfile,
  PreRegistrationStatus,
  SessionStatus,
  StructureKind,
} from '../domain/vocabulary';
import { isValidSiret } from '../domain/siret';
import { SAFE_TEXT, safeText } from './text';

export const Id = safeText(64).min(1);
/** Optimistic-concurrency version of a server row; a mutation names the version it was made on. */
export const Version = z.number().int().nonnegative();

export const Siret = safeText(14).refine(isValidSiret, { message: 'SIRET invalide (14 chiffres, clé de Luhn)' });

export const Structure = z.object({
  id: Id,
  siret: Siret,
  name: safeText(200).min(1), // raison sociale
  acronym: safeText(50).nullable(),
  kind: StructureKind,
  city: safeText(100).nullable(),
});
export type Structure = z.infer<typeof Structure>;

/**
 * A phone number as people type it (spaces, dots, dashes, brackets allowed): a French number of 10 digits starting
 * with 0, or an international one (+ or 00, then 8 to 15 digits).
 */
export const PHONE_PATTERN = /^(?:0\d{9}|(?:\+|00)\d{8,15})$/;
export const Phone = safeText(30)
  .refine((value) => PHONE_PATTERN.test(value.replace(/[\s.\-()]/g, '')), { message: 'téléphone : 10 chiffres attendus (ex. 06 12 34 56 78) ou un numéro international (+33 6 12 34 56 78)' });

export const Person = z.object({
  firstName: safeText(100).trim().min(1, { message: 'prénom obligatoire' }),
  lastName: safeText(100).trim().min(1, { message: 'nom obligatoire' }),
  email: z.email({ message: 'e-mail invalide (ex. prenom.nom@exemple.fr)' }).max(254),
  phone: Phone.nullable(),
});
export type Person = z.infer<typeof Person>;

export const Contact = z.object({
  name: safeText(200),
  email: safeText(254).nullable(),
  phone: safeText(30).nullable(),
});
export type Contact = z.infer<typeof Contact>;

export const Financing = z.object({
  financeur: safeText(200), // e.g. "Région Nouvelle-Aquitaine"
  marketNumber: safeText(200), // n° de marché
  dispositif: safeText(200), // e.g. "Habilitation de service public"
  mesure: safeText(200), // e.g. "HSP SOCLE", "PRF"
});
export type Financing = z.infer<typeof Financing>;

export const WebLink = z
  .url({ protocol: /^https?$/, message: 'lien web : adresse http(s) attendue' })
  .max(2048)
  .check(SAFE_TEXT);

export const Action = z.object({
  id: Id,
  reference: safeText(64).min(1), // e.g. 202404234195
  type: ActionType,
  moduleCount: z.number().int().positive().nullable(), // n modules when MODULAIRE
  title: safeText(500).min(1), // intitulé
  financing: Financing,
  highlight: safeText(4000).nullable(), // "le plus de cette formation"
  webLink: WebLink.nullable(), // "lien web"
  /** Name of the RESPONSABLE structure (porteur), shown to formateurs and positionneurs. */
  responsibleStructureName: safeText(200),
  version: Version,
});
export type Action = z.infer<typeof Action>;

export const Session = z.object({
  id: Id,
  actionId: Id,
  carifNumber: safeText(64).min(1), // numéro Carif, e.g. 00498943
  publishedOn: CalendarDate,
  marketStart: CalendarDate,
  marketEnd: CalendarDate,
  city: safeText(100), // BAYONNE
  department: safeText(20), // 64
  trainingPlace: safeText(300), // lieu de formation
  cpfEligible: z.boolean(),
  fixedDates: z.boolean(), // entrée / sortie à date fixe (else permanent)
  contact: Contact,
  disabilityReferent: Contact.nullable(), // référent travailleur handicapé
  status: SessionStatus,
  /** The session's own end (sent by EOS when known): a retained avis's planned exit defaults to it. */
  endDate: CalendarDate.nullable().default(null),
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
  // The server's counter tallies (shared/domain/entry-point-counter): public figures, no personal data, restamped
  // whenever they change, so every user sees the server's counter whatever candidatures it holds.
  /** RETENUE candidatures whose avis day falls after the previous entry point and on or before this one. */
  retainedInWindow: z.number().int().nonnegative().default(0),
  /**
   * The session's EN_ATTENTE candidatures (they count toward whichever entry point is upcoming). Kept up to date on
   * entry points dated from pendingReadFrom(today) on: an earlier one's is never read (shared/domain/entry-point-counter).
   */
  sessionPending: z.number().int().nonnegative().default(0),
});
export type EntryPoint = z.infer<typeof EntryPoint>;

export const RetainedDetails = z.object({
  plannedEntry: CalendarDate,
  plannedExit: CalendarDate,
});
export type RetainedDetails = z.infer<typeof RetainedDetails>;

export const NonRetainedDetails = z.object({
  motive: NonRetentionMotive,
  justification: safeText(2000).nullable(),
});
export type NonRetainedDetails = z.infer<typeof NonRetainedDetails>;

export const Candidature = z.object({
  id: Id,
  sessionId: Id,
  candidate: Person,
  origin: CandidatureOrigin,
  prescriberStructureName: safeText(200).nullable(),
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
  avisBy: safeText(300).nullable(), // display name of who gave it
  /** When the avis reached the server (avisAt is when the user gave it, possibly offline). */
  avisReceivedAt: Instant.nullable().default(null),
  /** Set when the server dated the avis by its own clock, and why (shared/domain/decision-time). */
  avisTimeNote: DecisionTimeNote.nullable().default(null),
  version: Version,
});
export type Candidature = z.infer<typeof Candidature>;

export const PreRegistration = z.object({
  id: Id,
  sessionId: Id,
  prescriberStructureId: Id,
  createdByUserId: Id,
  createdByName: safeText(300),
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
  firstName: safeText(100),
  lastName: safeText(100),
  phone: safeText(30).nullable(),
  /** Cap Métiers staff: no structure, the admin operations (reopen, first accounts) instead. */
  isAdmin: z.boolean().optional(),
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
