// Cap Métiers admin operations and the public candidature intake.
import { z } from 'zod';
import { CalendarDate } from '../domain/calendar-date';
import { StructureKind } from '../domain/vocabulary';
import { Candidature, Id, Person } from './entities';
import { safeText } from './text';
import { MembershipRequest } from './accounts';

/** Reopening a NON_RETENUE candidature as RETENUE needs the planned dates a retained avis carries. */
export const ReopenCandidatureRequest = z.object({ plannedEntry: CalendarDate, plannedExit: CalendarDate });
export type ReopenCandidatureRequest = z.infer<typeof ReopenCandidatureRequest>;

/** POST /sessions/:sessionId/candidatures: a candidate applies to a session. */
export const CandidatureIntakeRequest = z.object({ candidate: Person });
export type CandidatureIntakeRequest = z.infer<typeof CandidatureIntakeRequest>;

export const AccountRequestCreated = z.object({
  requestId: Id,
  status: z.literal('EN_ATTENTE'),
  /** Who validates it: Cap Métiers for the first account of a structure, else the structure's référent. */
  reviewer: z.enum(['CAP_METIERS', 'REFERENT']),
});
export type AccountRequestCreated = z.infer<typeof AccountRequestCreated>;

/** GET /admin/requests: a first-account request with the structure it creates (Cap Métiers checks name and SIRET). */
export const AdminRequest = MembershipRequest.extend({
  phone: safeText(30).nullable(),
  structure: z.object({ name: safeText(200), acronym: safeText(50).nullable(), siret: safeText(14), kind: StructureKind, city: safeText(100).nullable() }),
});
export type AdminRequest = z.infer<typeof AdminRequest>;
export const AdminRequestsResponse = z.object({ requests: z.array(AdminRequest) });

/** GET /admin/candidatures?q=: the non-retained candidatures matching a name, an e-mail or a Carif number. */
export const AdminCandidatureSearch = z.object({ q: safeText(100).trim().min(2) });
export const AdminCandidatureRow = z.object({
  candidature: Candidature,
  actionTitle: safeText(500),
  carifNumber: safeText(64),
  city: safeText(100),
  department: safeText(20),
  /** The RESPONSABLE structure's name. */
  organisme: safeText(200),
  marketStart: CalendarDate,
  marketEnd: CalendarDate,
  /** The session's next entry point (a sensible planned entry), or null. */
  upcomingEntry: CalendarDate.nullable(),
});
export type AdminCandidatureRow = z.infer<typeof AdminCandidatureRow>;
export const AdminCandidatureSearchResponse = z.object({ candidatures: z.array(AdminCandidatureRow) });
