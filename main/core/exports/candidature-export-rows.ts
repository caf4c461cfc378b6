// The rows of the candidature export: the list's own query (same filters, same order, so the file holds what the
// screen shows), completed from each candidature's synced row and from the user's unsent avis, which the file shows
// as given (« À envoyer » says it is not sent yet).
import { sql } from 'drizzle-orm';
import type { CandidatureListQuery } from '../../../shared/ipc/views';
import { Candidature, type EntryPoint } from '../../../shared/protocol/entities';
import type { Decision } from '../../../shared/protocol/sync';
import { entryPointOfCandidature } from '../../../shared/domain/candidature-entry-point';
import type { LocalStore } from '../local-store';
import type { ReadModel } from '../queries/read-model';
import type { CandidatureRow } from '../db/schema';
import { allRows, readStoredJson, valueList } from '../db/typed-sql';
import type { CandidatureExportRow } from './candidatures-csv';

/** SQLite's default limit on bound parameters is far above this; chunks keep each statement small. */
const CHUNK = 500;

export type ExportQuery = Pick<CandidatureListQuery, 'filters' | 'sort'>;

export function candidatureExportRows(o: {
  store: LocalStore;
  read: ReadModel;
  structureId: string;
  query: ExportQuery;
  today: string;
  /** Who gives the unsent avis on this machine (shown as their author). */
  userName: string | null;
}): CandidatureExportRow[] {
  const { store, read, structureId, today } = o;
  const rows = read.allCandidatures(structureId, o.query, today);

  const unsent = new Map<string, Decision>();
  for (const entry of store.outbox(structureId)) {
    if (entry.mutation.kind === 'avis') unsent.set(entry.mutation.payload.candidatureId, entry.mutation.payload.decision);
  }

  const synced = new Map<string, Candidature>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const ids = rows.slice(i, i + CHUNK).map((r) => r.id);
    const found = allRows(store.sqlite, sql<Pick<CandidatureRow, 'id' | 'data'>>`select id, data from candidatures where structure_id = ${structureId} and id in (${valueList(ids)})`);
    // Read back without zod (an export may hold every candidature): written from rows checked at the sync edge.
    for (const f of found) synced.set(f.id, readStoredJson(Candidature, f.data));
  }

  const entryPoints = new Map<string, EntryPoint[]>();
  const entryPointsOf = (sessionId: string) => {
    let eps = entryPoints.get(sessionId);
    if (!eps) entryPoints.set(sessionId, (eps = read.entryPointsOf(structureId, sessionId)));
    return eps;
  };

  return rows.map((row) => {
    const c = synced.get(row.id);
    const decision = unsent.get(row.id) ?? null;
    const retained = decision ? (decision.kind === 'RETENUE' ? decision : null) : (c?.retained ?? null);
    const nonRetained = decision ? (decision.kind === 'NON_RETENUE' ? decision : null) : (c?.nonRetained ?? null);
    const entryPoint = entryPointOfCandidature(entryPointsOf(row.sessionId), { state: row.state, createdOn: row.createdOn, avisOn: row.avisOn }, today);
    return {
      ...row,
      firstName: c?.candidate.firstName ?? '',
      lastName: c?.candidate.lastName ?? row.candidateName,
      phone: c?.candidate.phone ?? null,
      origin: c?.origin ?? (row.prescriberStructureName ? 'PRESCRIPTEUR' : 'CANDIDAT'),
      plannedEntry: retained?.plannedEntry ?? null,
      plannedExit: retained?.plannedExit ?? null,
      motive: nonRetained?.motive ?? null,
      justification: nonRetained?.justification ?? null,
      avisBy: decision ? o.userName : (c?.avisBy ?? null),
      entryPoint: entryPoint ? { date: entryPoint.date, bis: entryPoint.bis } : null,
    };
  });
}
