// Database rows → protocol rows (shared/protocol/entities.ts), as seen from one structure.
import type { Action, Candidature, EntryPoint, PreRegistration, Session } from '../../shared/protocol/entities';
import type { OrgRole } from '../../shared/domain/vocabulary';
import type { CounterTally } from '../../shared/domain/entry-point-counter';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import * as schema from '../db/schema';

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

// ---- the same rows encoded by the database ----------------------------------------------------------------------------
// Pull pages and snapshots read their rows as JSON text built by the database: decoding ~20 columns a row into objects
// (PGlite does it in JavaScript) and encoding them again was most of the server's time in a sync. Each encoder names
// every field of its protocol entity (the `satisfies` makes a new field a compile error here), and a test compares
// both encodings over the whole demo data (test/integration/server/row-json.test.ts).

type JsonField = AnyColumn | SQL;

/** `json_build_object('key', value, ...)::text`. Keys are this file's constants, never input. */
function jsonObject(fields: Record<string, JsonField>): SQL<string> {
  const pairs = Object.entries(fields).map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`);
  return sql<string>`json_build_object(${sql.join(pairs, sql`, `)})::text`;
}

export function actionJson(responsibleStructureName: JsonField): SQL<string> {
  const a = schema.actions;
  return jsonObject({
    id: a.id,
    reference: a.reference,
    type: a.type,
    moduleCount: a.moduleCount,
    title: a.title,
    financing: a.financing,
    highlight: a.highlight,
    webLink: a.webLink,
    responsibleStructureName,
    version: a.version,
  } satisfies Record<keyof Action, JsonField>);
}

export function sessionJson(orgRole: JsonField): SQL<string> {
  const s = schema.sessions;
  return jsonObject({
    id: s.id,
    actionId: s.actionId,
    carifNumber: s.carifNumber,
    publishedOn: s.publishedOn,
    marketStart: s.marketStart,
    marketEnd: s.marketEnd,
    city: s.city,
    department: s.department,
    trainingPlace: s.trainingPlace,
    cpfEligible: s.cpfEligible,
    fixedDates: s.fixedDates,
    contact: s.contact,
    disabilityReferent: s.disabilityReferent,
    status: s.status,
    endDate: s.endDate,
    orgRole,
    version: s.version,
  } satisfies Record<keyof Session, JsonField>);
}

const e = schema.entryPoints;
/** An entry point's own fields; its tallies are counted apart (entry-point-tallies.ts) and added by withTallyJson. */
export const entryPointJson: SQL<string> = jsonObject({
  id: e.id,
  sessionId: e.sessionId,
  date: e.date,
  places: e.places,
  bis: e.bis,
  version: e.version,
} satisfies Record<Exclude<keyof EntryPoint, keyof CounterTally>, JsonField>);

/** entryPointJson's text with the tallies added (it always ends with the closing brace of a non-empty object). */
export function withTallyJson(json: string, tally: CounterTally): string {
  return `${json.slice(0, -1)},"retainedInWindow":${tally.retainedInWindow},"sessionPending":${tally.sessionPending}}`;
}

const c = schema.candidatures;
export const candidatureJson: SQL<string> = jsonObject({
  id: c.id,
  sessionId: c.sessionId,
  candidate: c.candidate,
  origin: c.origin,
  prescriberStructureName: c.prescriberStructureName,
  createdAt: c.createdAt,
  createdOn: c.createdOn,
  avisDeadline: c.avisDeadline,
  state: c.state,
  retained: c.retained,
  nonRetained: c.nonRetained,
  avisAt: c.avisAt,
  avisOn: c.avisOn,
  avisBy: c.avisBy,
  avisReceivedAt: c.avisReceivedAt,
  avisTimeNote: c.avisTimeNote,
  version: c.version,
} satisfies Record<keyof Candidature, JsonField>);

const p = schema.preRegistrations;
export const preRegistrationJson: SQL<string> = jsonObject({
  id: p.id,
  sessionId: p.sessionId,
  prescriberStructureId: p.prescriberStructureId,
  createdByUserId: p.createdByUserId,
  createdByName: p.createdByName,
  createdByProfile: p.createdByProfile,
  candidate: p.candidate,
  status: p.status,
  candidatureId: p.candidatureId,
  createdAt: p.createdAt,
  version: p.version,
} satisfies Record<keyof PreRegistration, JsonField>);
