// Database rows → protocol rows (shared/protocol/entities.ts), as seen from one structure.
import type { Action, Candidature, EntryPoint, PreRegistration, Session } from '../../shared/protocol/entities';
import type { OrgRole } from '../../shared/domain/vocabulary';
import type { CounterTally } from '../../shared/domain/entry-point-counter';
import type * as schema from '../db/schema';

type ActionRow = typeof schema.actions.$inferSelect;
type SessionRow = typeof schema.sessions.$inferSelect;
type EntryPointRow = typeof schema.entryPoints.$inferSelect;
type CandidatureRow = typeof schema.candidatures.$inferSelect;
type PreRegistrationRow = typeof schema.preRegistrations.$inferSelect;

export function toAction(row: ActionRow, responsibleStructureName: string): Action {
  return {
    id: row.id,
    reference: row.reference,
    type: row.type as Action['type'],
    moduleCount: row.moduleCount,
    title: row.title,
    financing: row.financing as Action['financing'],
    highlight: row.highlight,
    webLink: row.webLink,
    responsibleStructureName,
    version: row.version,
  };
}

export function toSession(row: SessionRow, orgRole: OrgRole | null): Session {
  return {
    id: row.id,
    actionId: row.actionId,
    carifNumber: row.carifNumber,
    publishedOn: row.publishedOn,
    marketStart: row.marketStart,
    marketEnd: row.marketEnd,
    city: row.city,
    department: row.department,
    trainingPlace: row.trainingPlace,
    cpfEligible: row.cpfEligible,
    fixedDates: row.fixedDates,
    contact: row.contact as Session['contact'],
    disabilityReferent: (row.disabilityReferent ?? null) as Session['disabilityReferent'],
    status: row.status as Session['status'],
    endDate: row.endDate,
    orgRole,
    version: row.version,
  };
}

/** An entry point row with its counter tallies (server/sync/entry-point-tallies.ts computes them). */
export function toEntryPoint(row: EntryPointRow, tally: CounterTally): EntryPoint {
  return { id: row.id, sessionId: row.sessionId, date: row.date, places: row.places, bis: row.bis, version: row.version, ...tally };
}

export function toCandidature(row: CandidatureRow): Candidature {
  return {
    id: row.id,
    sessionId: row.sessionId,
    candidate: row.candidate as Candidature['candidate'],
    origin: row.origin as Candidature['origin'],
    prescriberStructureName: row.prescriberStructureName,
    createdAt: row.createdAt,
    createdOn: row.createdOn,
    avisDeadline: row.avisDeadline,
    state: row.state as Candidature['state'],
    retained: (row.retained ?? null) as Candidature['retained'],
    nonRetained: (row.nonRetained ?? null) as Candidature['nonRetained'],
    avisAt: row.avisAt,
    avisOn: row.avisOn,
    avisBy: row.avisBy,
    avisReceivedAt: row.avisReceivedAt,
    avisTimeNote: row.avisTimeNote as Candidature['avisTimeNote'],
    version: row.version,
  };
}

export function toPreRegistration(row: PreRegistrationRow): PreRegistration {
  return {
    id: row.id,
    sessionId: row.sessionId,
    prescriberStructureId: row.prescriberStructureId,
    createdByUserId: row.createdByUserId,
    createdByName: row.createdByName,
    createdByProfile: row.createdByProfile as PreRegistration['createdByProfile'],
    candidate: row.candidate as PreRegistration['candidate'],
    status: row.status as PreRegistration['status'],
    candidatureId: row.candidatureId,
    createdAt: row.createdAt,
    version: row.version,
  };
}
