// The counter tallies carried on entry point rows (shared/domain/entry-point-counter), so that every user sees the
// server's counter whatever candidatures it holds. Counted from one grouped query over a session's candidatures by
// whatever changes them (intake, avis, validation, the deadline job, cancellation, reopening, entry point changes),
// in the same transaction, which stores them on the session's entry points and restamps those whose tallies changed
// (restampCounters): pulls and snapshots read them as stored (counting them on each read was ~40 ms of a 1 000-avis
// delta at 100k candidatures, and half a second of the snapshot).
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { pendingReadFrom, tallyEntryPoints, type CounterTally } from '../../shared/domain/entry-point-counter';
import type { CalendarDate } from '../../shared/domain/calendar-date';
import { CandidatureState } from '../../shared/domain/vocabulary';
import { EntryPoint } from '../../shared/protocol/entities';
import { rows, type Executor } from '../db/database';
import { candidatures, entryPoints, meta } from '../db/schema';
import { nextSeqSql } from '../db/write-transaction';
import { decodeRow, entryPointJson } from './rows';

/** Per session: its entry points and its counted candidatures, as JSON arrays built by the database. */
const SessionTallySource = z.object({
  sessionId: z.string(),
  points: z.array(z.tuple([z.string(), z.string(), z.number().int()])),
  groups: z.array(z.tuple([CandidatureState, z.string().nullable(), z.number().int()])).nullable(),
});

/**
 * Tallies of every entry point of the given sessions, by entry point id. One row per session: tens of thousands of
 * small rows cost more to decode (PGlite does it in JavaScript) than to count.
 */
async function talliesOf(db: Executor, ids: readonly string[]): Promise<Map<string, CounterTally>> {
  const result = new Map<string, CounterTally>();
  if (ids.length === 0) return result;
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
 * The update that stores tallies on their entry points (counting all of them again, without restamping). The tallies
 * go as one JSON parameter: one per value would exceed PostgreSQL's limit at a seed's size.
 */
function storeTallies(tallies: ReadonlyMap<string, CounterTally>) {
  return sql`update ${entryPoints} set retained_in_window = t.r, session_pending = t.p
    from ${talliesRecordset(tallies)} where ${entryPoints.id} = t.id`;
}

function talliesRecordset(tallies: ReadonlyMap<string, CounterTally>) {
  const json = JSON.stringify([...tallies].map(([id, t]) => ({ id, r: t.retainedInWindow, p: t.sessionPending })));
  return sql`json_to_recordset(${json}::json) as t(id text, r int, p int)`;
}

/**
 * The sessions' counters may have changed: their entry points whose tallies did get them with a new change sequence
 * number and version (the row as sent has changed, and clients tell row versions apart by it), so every client pulls
 * them. A past entry point's `sessionPending` is not kept (pendingReadFrom): nobody reads it. Returns the restamped
 * rows (an applied push result carries them, so the client replaces its overlay and the server's figure in one
 * transaction).
 */
export async function restampCounters(tx: Executor, sessionIds: readonly string[], today: CalendarDate): Promise<EntryPoint[]> {
  const ids = [...new Set(sessionIds)];
  if (ids.length === 0) return [];
  const tallies = await talliesOf(tx, ids);
  const found = await rows<{ json: string }>(
    tx,
    sql`update ${entryPoints} set seq = ${nextSeqSql}, version = ${entryPoints.version} + 1, retained_in_window = t.r, session_pending = t.p
      from ${talliesRecordset(tallies)}
      where ${entryPoints.id} = t.id
        and (${entryPoints.retainedInWindow} <> t.r or (${entryPoints.sessionPending} <> t.p and ${entryPoints.date} >= ${pendingReadFrom(today)}))
      returning ${entryPointJson} as json`,
  );
  return found.map((r) => decodeRow(EntryPoint, r.json));
}

/** One entry point as pulls send it. */
export async function entryPointRow(tx: Executor, id: string): Promise<EntryPoint> {
  const [row] = await rows<{ json: string }>(tx, sql`select ${entryPointJson} as json from ${entryPoints} where ${entryPoints.id} = ${id}`);
  if (!row) throw new Error(`entry point ${id}: no such row`);
  return decodeRow(EntryPoint, row.json);
}

/** Sessions counted per statement by recountAllTallies. */
const RECOUNT_SESSIONS = 2000;
/** Left by migration 0002: the entry points' stored tallies are still to be counted. */
const RECOUNT_MARK = 'entry_point_tallies_recount';

/**
 * Counts and stores the tallies of every entry point, without restamping: after seeding, and once on a database
 * whose entry points predate the stored tallies (migration 0002 leaves a mark for it). The figures are those every
 * client already holds, so nobody needs to pull them again.
 */
export async function recountAllTallies(db: Executor): Promise<void> {
  const sessionIds = (await db.selectDistinct({ id: entryPoints.sessionId }).from(entryPoints)).map((r) => r.id);
  for (let i = 0; i < sessionIds.length; i += RECOUNT_SESSIONS) {
    await db.execute(storeTallies(await talliesOf(db, sessionIds.slice(i, i + RECOUNT_SESSIONS))));
  }
  await db.delete(meta).where(eq(meta.key, RECOUNT_MARK));
}

/** At start: counts the stored tallies if migration 0002 asked for it (a database from before them). */
export async function recountTalliesIfMarked(db: Executor): Promise<void> {
  const [mark] = await db.select().from(meta).where(eq(meta.key, RECOUNT_MARK));
  if (mark) await recountAllTallies(db);
}
