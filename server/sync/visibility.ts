// Which rows a structure sees (docs/architecture.md, « Reference server »). A training organisation sees every session
// where it has an org role, their actions, entry points and candidatures (plus actions it is responsible for); a
// prescriber sees the catalogue (sessions, actions, entry points, with no org role) plus its own pre-registrations and
// the candidatures born from them. Each query reads the rows changed after `since`, in change order.
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, or, exists, sql, count, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../db/database';
import { actions, candidatures, entryPoints, preRegistrations, removals, sessionRoles, sessions, structures } from '../db/schema';
import { actionJson, candidatureJson, entryPointJson, preRegistrationJson, sessionJson } from './rows';
import type { RowKind } from '../../shared/protocol/sync';

/**
 * Who pulls: the structure, its kind, and whether the member's profile receives candidates' personal data (no
 * candidatures nor pre-registrations otherwise: shared/domain/rights seesCandidatePersonalData).
 */
export type Viewer = { structureId: string; isPrescriber: boolean; seesCandidates: boolean };

/**
 * The epoch a viewer's cursors carry. A view without candidates is another stream of the same database: its cursors
 * get a derived epoch, so after a profile change the old cursor is refused (410) and the client resyncs into the new
 * view (gaining the candidatures it never got, or sweeping the ones it may no longer hold).
 */
export function viewEpoch(epoch: string, viewer: Viewer): string {
  if (viewer.seesCandidates) return epoch;
  const h = createHash('sha256').update(`${epoch}:offre-seule`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * A changed row as the protocol sends it: its JSON text, built by the database (server/sync/rows.ts), which the
 * snapshot streams as it is and a pull page parses into its change set.
 */
export type PulledRow = { kind: RowKind; seq: number; id: string; json: string };
export type PulledItem = PulledRow | { kind: 'removal'; seq: number; removedKind: string; rowId: string };

const roleOf = (viewer: Viewer, sessionIdColumn: typeof sessions.id | typeof entryPoints.sessionId | typeof candidatures.sessionId) =>
  and(eq(sessionRoles.sessionId, sessionIdColumn), eq(sessionRoles.structureId, viewer.structureId));

function actionVisible(db: Executor, viewer: Viewer) {
  if (viewer.isPrescriber) return sql`true`;
  return or(
    eq(actions.responsibleStructureId, viewer.structureId),
    exists(
      db
        .select({ one: sql`1` })
        .from(sessions)
        .innerJoin(sessionRoles, roleOf(viewer, sessions.id))
        .where(eq(sessions.actionId, actions.id)),
    ),
  )!;
}

/**
 * A kind's rows changed after a sequence number, in change order, as an unrun query: its columns are `seq`, `id` and
 * `json`. A pull page runs it (rowsSince); a snapshot runs it inside an aggregate that returns a whole batch as one
 * text (server/sync/snapshot.ts).
 */
export type RowsQuery = PromiseLike<{ seq: number; id: string; json: string }[]> & SQLWrapper;
type RowsQueryOf = (db: Executor, viewer: Viewer, since: number, limit: number) => RowsQuery | null;

const actionsQuery: RowsQueryOf = (db, viewer, since, limit) =>
  db
    .select({ seq: actions.seq, id: actions.id, json: actionJson(structures.name).as('json') })
    .from(actions)
    .innerJoin(structures, eq(structures.id, actions.responsibleStructureId))
    .where(and(gt(actions.seq, since), actionVisible(db, viewer)))
    .orderBy(asc(actions.seq))
    .limit(limit);

const sessionsQuery: RowsQueryOf = (db, viewer, since, limit) => {
  const base = db.select({ seq: sessions.seq, id: sessions.id, json: sessionJson(viewer.isPrescriber ? sql`null` : sessionRoles.role).as('json') }).from(sessions);
  const joined = viewer.isPrescriber ? base : base.innerJoin(sessionRoles, roleOf(viewer, sessions.id));
  return joined.where(gt(sessions.seq, since)).orderBy(asc(sessions.seq)).limit(limit);
};

const entryPointsQuery: RowsQueryOf = (db, viewer, since, limit) => {
  const base = db.select({ seq: entryPoints.seq, id: entryPoints.id, json: entryPointJson.as('json') }).from(entryPoints);
  const joined = viewer.isPrescriber ? base : base.innerJoin(sessionRoles, roleOf(viewer, entryPoints.sessionId));
  return joined.where(gt(entryPoints.seq, since)).orderBy(asc(entryPoints.seq)).limit(limit);
};

const candidaturesQuery: RowsQueryOf = (db, viewer, since, limit) => {
  if (!viewer.seesCandidates) return null;
  const base = db.select({ seq: candidatures.seq, id: candidatures.id, json: candidatureJson.as('json') }).from(candidatures);
  // A prescriber sees the candidatures born from its pre-registrations; an organisation, those of its sessions.
  const joined = viewer.isPrescriber ? base : base.innerJoin(sessionRoles, roleOf(viewer, candidatures.sessionId));
  const own = viewer.isPrescriber ? eq(candidatures.prescriberStructureId, viewer.structureId) : undefined;
  return joined.where(and(gt(candidatures.seq, since), own)).orderBy(asc(candidatures.seq)).limit(limit);
};

const preRegistrationsQuery: RowsQueryOf = (db, viewer, since, limit) => {
  if (!viewer.seesCandidates) return null;
  return db
    .select({ seq: preRegistrations.seq, id: preRegistrations.id, json: preRegistrationJson.as('json') })
    .from(preRegistrations)
    .where(and(gt(preRegistrations.seq, since), eq(preRegistrations.prescriberStructureId, viewer.structureId)))
    .orderBy(asc(preRegistrations.seq))
    .limit(limit);
};

/** Each kind's query. */
export const ROWS_QUERIES: Record<RowKind, RowsQueryOf> = {
  actions: actionsQuery,
  sessions: sessionsQuery,
  entryPoints: entryPointsQuery,
  candidatures: candidaturesQuery,
  preRegistrations: preRegistrationsQuery,
};

/** A kind's rows changed after `since`, in change order (none when the viewer does not see the kind). */
export async function rowsSince(kind: RowKind, db: Executor, viewer: Viewer, since: number, limit: number): Promise<PulledItem[]> {
  const query = ROWS_QUERIES[kind](db, viewer, since, limit);
  return query ? (await query).map((row) => ({ kind, ...row })) : [];
}

export async function removalsSince(db: Executor, viewer: Viewer, since: number, limit: number): Promise<PulledItem[]> {
  const found = await db
    .select()
    .from(removals)
    .where(and(gt(removals.seq, since), or(eq(removals.structureId, viewer.structureId), sql`${removals.structureId} is null`)))
    .orderBy(asc(removals.seq))
    .limit(limit);
  return found.map((r) => ({ kind: 'removal', seq: r.seq, removedKind: r.kind, rowId: r.rowId }));
}



/**
 * How many visible rows changed after `since` (the `remaining` estimate of a pull, and a snapshot's size when
 * `removals` is false). One query at a time: they share the caller's connection and transaction.
 */
export async function countSince(db: Executor, viewer: Viewer, since: number, options: { removals?: boolean } = {}): Promise<number> {
  const queries: PromiseLike<{ n: number }[]>[] = [
    db.select({ n: count() }).from(actions).where(and(gt(actions.seq, since), actionVisible(db, viewer))),
    viewer.isPrescriber
      ? db.select({ n: count() }).from(sessions).where(gt(sessions.seq, since))
      : db.select({ n: count() }).from(sessions).innerJoin(sessionRoles, roleOf(viewer, sessions.id)).where(gt(sessions.seq, since)),
    viewer.isPrescriber
      ? db.select({ n: count() }).from(entryPoints).where(gt(entryPoints.seq, since))
      : db.select({ n: count() }).from(entryPoints).innerJoin(sessionRoles, roleOf(viewer, entryPoints.sessionId)).where(gt(entryPoints.seq, since)),
  ];
  if (viewer.seesCandidates) {
    queries.push(
      viewer.isPrescriber
        ? db.select({ n: count() }).from(candidatures).where(and(gt(candidatures.seq, since), eq(candidatures.prescriberStructureId, viewer.structureId)))
        : db.select({ n: count() }).from(candidatures).innerJoin(sessionRoles, roleOf(viewer, candidatures.sessionId)).where(gt(candidatures.seq, since)),
      db.select({ n: count() }).from(preRegistrations).where(and(gt(preRegistrations.seq, since), eq(preRegistrations.prescriberStructureId, viewer.structureId))),
    );
  }
  if (options.removals !== false) {
    queries.push(db.select({ n: count() }).from(removals).where(and(gt(removals.seq, since), or(eq(removals.structureId, viewer.structureId), sql`${removals.structureId} is null`))));
  }
  let total = 0;
  for (const query of queries) {
    const [row] = await query;
    total += Number(row?.n ?? 0);
  }
  return total;
}
