// The counter tallies carried on entry point rows (shared/domain/entry-point-counter), so that every user sees the
// server's counter whatever candidatures it holds. Computed when entry points are read, from one grouped query over
// their sessions' candidatures; kept fresh in pulls by restamping a session's entry points in the same transaction
// as anything that changes its tallies (intake, avis, validation, the deadline job, cancellation, reopening,
// entry point changes).
import { and, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { tallyEntryPoints, type CounterTally, type CountedGroup } from '../../shared/domain/entry-point-counter';
import type { EntryPoint } from '../../shared/protocol/entities';
import type { Executor } from '../db/database';
import { candidatures, entryPoints } from '../db/schema';
import { nextSeqSql } from '../db/write-transaction';
import { toEntryPoint } from './rows';

type EntryPointRow = typeof entryPoints.$inferSelect;

/** An entry point with no candidature counted. */
export const NO_TALLY: CounterTally = { retainedInWindow: 0, sessionPending: 0 };

/**
 * Tallies of every entry point of the given sessions (ids, or a query of them: a snapshot asks for all it shows at
 * once, one pass over the candidatures instead of one per batch of entry points), by entry point id.
 */
export async function talliesOf(db: Executor, sessionIds: readonly string[] | SQLWrapper): Promise<Map<string, CounterTally>> {
  const result = new Map<string, CounterTally>();
  const ids = 'getSQL' in sessionIds ? sessionIds : [...new Set(sessionIds)];
  if ('length' in ids && ids.length === 0) return result;
  // Sequential on purpose: one connection, one query at a time (node-postgres does not multiplex).
  const points = await db
    .select({ id: entryPoints.id, sessionId: entryPoints.sessionId, date: entryPoints.date, places: entryPoints.places })
    .from(entryPoints)
    .where(inArray(entryPoints.sessionId, ids));
  const groups = await db
    .select({ sessionId: candidatures.sessionId, state: candidatures.state, avisOn: candidatures.avisOn, count: sql<number>`count(*)::int` })
    .from(candidatures)
    .where(and(inArray(candidatures.sessionId, ids), inArray(candidatures.state, ['EN_ATTENTE', 'RETENUE'])))
    .groupBy(candidatures.sessionId, candidatures.state, candidatures.avisOn);
  const bySession = new Map<string, CountedGroup[]>();
  for (const g of groups) {
    const list = bySession.get(g.sessionId) ?? [];
    list.push({ state: g.state as CountedGroup['state'], avisOn: g.avisOn, count: Number(g.count) });
    bySession.set(g.sessionId, list);
  }
  const pointsBySession = new Map<string, typeof points>();
  for (const p of points) pointsBySession.set(p.sessionId, [...(pointsBySession.get(p.sessionId) ?? []), p]);
  for (const [sessionId, list] of pointsBySession) {
    for (const t of tallyEntryPoints(list, bySession.get(sessionId) ?? [])) {
      result.set(t.id, { retainedInWindow: t.retainedInWindow, sessionPending: t.sessionPending });
    }
  }
  return result;
}

/** Entry point rows as the protocol sends them, tallies included. */
export async function withTallies(db: Executor, rows: readonly EntryPointRow[]): Promise<EntryPoint[]> {
  const tallies = await talliesOf(db, rows.map((r) => r.sessionId));
  return rows.map((r) => toEntryPoint(r, tallies.get(r.id) ?? NO_TALLY));
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
    .returning();
  return withTallies(tx, rows);
}
