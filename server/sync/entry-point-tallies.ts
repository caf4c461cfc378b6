// The counter tallies carried on entry point rows (shared/domain/entry-point-counter), so that every user sees the
// server's counter whatever candidatures it holds. Computed when entry points are read, from one grouped query over
// their sessions' candidatures; kept fresh in pulls by restamping a session's entry points in the same transaction
// as anything that changes its tallies (intake, avis, validation, the deadline job, cancellation, reopening,
// entry point changes).
import { inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { tallyEntryPoints, type CounterTally } from '../../shared/domain/entry-point-counter';
import { CandidatureState } from '../../shared/domain/vocabulary';
import { EntryPoint } from '../../shared/protocol/entities';
import { rows, type Executor } from '../db/database';
import { candidatures, entryPoints } from '../db/schema';
import { nextSeqSql } from '../db/write-transaction';
import { decodeRow, entryPointJson, withTallyJson } from './rows';

/** An entry point with no candidature counted. */
export const NO_TALLY: CounterTally = { retainedInWindow: 0, sessionPending: 0 };

/** Per session: its entry points and its counted candidatures, as JSON arrays built by the database. */
const SessionTallySource = z.object({
  sessionId: z.string(),
  points: z.array(z.tuple([z.string(), z.string(), z.number().int()])),
  groups: z.array(z.tuple([CandidatureState, z.string().nullable(), z.number().int()])).nullable(),
});

/**
 * Tallies of every entry point of the given sessions (ids, or a query of them: a snapshot asks for all it shows at
 * once, one pass over the candidatures instead of one per batch of entry points), by entry point id. One row per
 * session: tens of thousands of small rows cost more to decode (PGlite does it in JavaScript) than to count.
 */
export async function talliesOf(db: Executor, sessionIds: readonly string[] | SQLWrapper): Promise<Map<string, CounterTally>> {
  const result = new Map<string, CounterTally>();
  const ids = 'getSQL' in sessionIds ? sessionIds : [...new Set(sessionIds)];
  if ('length' in ids && ids.length === 0) return result;
  const found = await rows<{ json: string }>(
    db,
    sql`with points as (
          select ${entryPoints.sessionId} as session_id,
                 json_agg(json_build_array(${entryPoints.id}, ${entryPoints.date}, ${entryPoints.places})) as points
          from ${entryPoints} where ${inArray(entryPoints.sessionId, ids)} group by 1),
        groups as (
          select session_id, json_agg(json_build_array(state, avis_on, n)) as groups
          from (select ${candidatures.sessionId} as session_id, ${candidatures.state} as state, ${candidatures.avisOn} as avis_on, count(*)::int as n
                from ${candidatures}
                where ${inArray(candidatures.sessionId, ids)} and ${inArray(candidatures.state, ['EN_ATTENTE', 'RETENUE'])}
                group by 1, 2, 3) counted
          group by session_id)
        select json_build_object('sessionId', points.session_id, 'points', points.points, 'groups', groups.groups)::text as json
        from points left join groups using (session_id)`,
  );
  for (const row of found) {
    const session = SessionTallySource.parse(JSON.parse(row.json));
    const points = session.points.map(([id, date, places]) => ({ id, date, places }));
    const groups = (session.groups ?? []).map(([state, avisOn, count]) => ({ state, avisOn, count }));
    for (const t of tallyEntryPoints(points, groups)) result.set(t.id, { retainedInWindow: t.retainedInWindow, sessionPending: t.sessionPending });
  }
  return result;
}

/**
 * The sessions' counters changed: their entry points get a new change sequence number so every client pulls the
 * new tallies. Returns the restamped rows with their tallies (an applied push result carries them, so the client
 * replaces its overlay and the server's figure in one transaction).
 */
export async function restampCounters(tx: Executor, sessionIds: readonly string[]): Promise<EntryPoint[]> {
  const ids = [...new Set(sessionIds)];
  if (ids.length === 0) return [];
  // A new version too: the row as sent has changed (its tallies), and clients tell row versions apart by it.
  const rows = await tx
    .update(entryPoints)
    .set({ seq: nextSeqSql as unknown as number, version: sql`${entryPoints.version} + 1` })
    .where(inArray(entryPoints.sessionId, ids))
    .returning({ id: entryPoints.id, json: entryPointJson });
  const tallies = await talliesOf(tx, ids);
  return rows.map((r) => decodeRow(EntryPoint, withTallyJson(r.json, tallies.get(r.id) ?? NO_TALLY)));
}
