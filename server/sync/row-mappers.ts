// Database rows → protocol entities (shared/protocol/entities), as one structure sees them.
import type { Action, Candidature, EntryPoint, PreRegistration, Session } from '../../shared/protocol/entities';
import type * as s from '../db/schema';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];

export function toAction(row: Row<typeof s.actions>, responsibleStructureName: string): Action {
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

export function toSession(row: Row<typeof s.sessions>, orgRole: Session['orgRole']): Session {
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
    disabilityReferent: row.disabilityReferent as Session['disabilityReferent'],
    status: row.status as Session['status'],
    orgRole,
    version: row.version,
  };
}

export function toEntryPoint(row: Row<typeof s.entryPoints>): EntryPoint {
  return { id: row.id, sessionId: row.sessionId, date: row.date, places: row.places, bis: row.bis, version: row.version };
}

export function toCandidature(row: Row<typeof s.candidatures>): Candidature {
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
    retained: row.retained as Candidature['retained'],
    nonRetained: row.nonRetained as Candidature['nonRetained'],
    avisAt: row.avisAt,
    avisOn: row.avisOn,
    avisBy: row.avisBy,
    version: row.version,
  };
}

export function toPreRegistration(row: Row<typeof s.preRegistrations>): PreRegistration {
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
