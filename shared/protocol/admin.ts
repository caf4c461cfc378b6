// Cap Métiers admin operations and the public candidature intake.
import { z } from 'zod';
import { CalendarDate } from '../domain/calendar-date';
import { Id, Person } from './entities';

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
