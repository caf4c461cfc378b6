// The EOS feed: system-to-system import of actions, sessions (with the org roles of each structure) and entry
// points, and session cancellation. Authenticated by the x-api-key header.
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { Id, EntryPoint } from '../../shared/protocol/entities';
import { EosActionsUpsert, EosCancelResponse, EosEntryPointCreate, EosSessionsUpsert, EosUpsertResponse } from '../../shared/protocol/eos';
import { canDeleteEntryPoint } from '../../shared/domain/entry-point-window';
import { isTransitionAllowed } from '../../shared/domain/candidature-state';
import { parisDay } from '../../shared/domain/calendar-date';
import type { ServerContext } from '../context';
import type { Tx } from '../db/database';
import { actions, candidatures, entryPoints, sessionRoles, sessions, structures } from '../db/schema';
import { nextSeqSql, writeTransaction } from '../db/write-transaction';
import { addRemoval, removeSessionTreeFor, touchSessionTree } from '../sync/change-log';
import { entryPointRow, restampCounters } from '../sync/entry-point-tallies';
import { conflict, invalid, notFound, unauthenticated } from '../http/api-error';

const seqNow = () => nextSeqSql as unknown as number;

function requireEosKey(ctx: ServerContext, request: FastifyRequest): void {
  const given = Buffer.from(String(request.headers['x-api-key'] ?? ''));
  const expected = Buffer.from(ctx.eosApiKey);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthenticated('Clé d’API EOS invalide.');
}

async function actionVisibleTo(tx: Tx, structureId: string, actionId: string): Promise<boolean> {
  const [a] = await tx.select({ r: actions.responsibleStructureId }).from(actions).where(eq(actions.id, actionId));
  if (a?.r === structureId) return true;
  const [other] = await tx
    .select({ one: sql`1` })
    .from(sessionRoles)
    .innerJoin(sessions, eq(sessions.id, sessionRoles.sessionId))
    .where(and(eq(sessions.actionId, actionId), eq(sessionRoles.structureId, structureId)))
    .limit(1);
  return !!other;
}

async function requireStructures(tx: Tx, ids: string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.select({ id: structures.id }).from(structures).where(inArray(structures.id, ids));
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) throw invalid(`Structure inconnue : ${missing[0]}`, field);
}

export function eosRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRoute', (route) => {
      // The EOS feed is system-to-system: its API key replaces the bearer token.
      route.config = { ...route.config, public: true };
    });
    app.addHook('onRequest', async (request) => {
      requireEosKey(ctx, request);
    });

    app.put('/eos/actions', { schema: { tags: ['eos'], body: EosActionsUpsert, response: { 200: EosUpsertResponse } } }, async (request) => {
      await writeTransaction(ctx.db, async (tx) => {
        await requireStructures(tx, [...new Set(request.body.actions.map((a) => a.responsibleStructureId))], 'actions.responsibleStructureId');
        for (const a of request.body.actions) {
          const values = { reference: a.reference, type: a.type, moduleCount: a.moduleCount, title: a.title, financing: a.financing, responsibleStructureId: a.responsibleStructureId };
          const [previous] = await tx.select({ owner: actions.responsibleStructureId }).from(actions).where(eq(actions.id, a.id));
          await tx
            .insert(actions)
            .values({ id: a.id, ...values, seq: seqNow() })
            .onConflictDoUpdate({ target: actions.id, set: { ...values, version: sql`${actions.version} + 1`, seq: seqNow() } });
          // The former responsible structure may no longer see the action at all: tell it so.
          if (previous && previous.owner !== a.responsibleStructureId && !(await actionVisibleTo(tx, previous.owner, a.id))) {
            await addRemoval(tx, previous.owner, 'actions', a.id);
          }
        }
      });
      return { upserted: request.body.actions.length };
    });

    app.put('/eos/sessions', { schema: { tags: ['eos'], body: EosSessionsUpsert, response: { 200: EosUpsertResponse } } }, async (request) => {
      await writeTransaction(ctx.db, async (tx) => {
        const body = request.body.sessions;
        await requireStructures(tx, [...new Set(body.flatMap((s) => s.roles.map((r) => r.structureId)))], 'sessions.roles.structureId');
        for (const s of body) {
          const [action] = await tx.select({ id: actions.id }).from(actions).where(eq(actions.id, s.actionId));
          if (!action) throw invalid(`Action inconnue : ${s.actionId}`, 'sessions.actionId');
          const { roles, id, ...fields } = s;
          await tx
            .insert(sessions)
            .values({ id, ...fields, seq: seqNow() })
            .onConflictDoUpdate({ target: sessions.id, set: { ...fields, version: sql`${sessions.version} + 1`, seq: seqNow() } });
          const before = await tx.select().from(sessionRoles).where(eq(sessionRoles.sessionId, id));
          const lost = before.filter((b) => !roles.some((r) => r.structureId === b.structureId));
          const gained = roles.filter((r) => !before.some((b) => b.structureId === r.structureId && b.role === r.role));
          for (const l of lost) await tx.delete(sessionRoles).where(and(eq(sessionRoles.sessionId, id), eq(sessionRoles.structureId, l.structureId)));
          for (const r of roles) {
            await tx.insert(sessionRoles).values({ sessionId: id, structureId: r.structureId, role: r.role }).onConflictDoUpdate({
              target: [sessionRoles.sessionId, sessionRoles.structureId],
              set: { role: r.role },
            });
          }
          // A structure that lost its role gets removals; one that gained (or changed) a role re-pulls the tree.
          for (const l of lost) await removeSessionTreeFor(tx, l.structureId, id, await actionVisibleTo(tx, l.structureId, s.actionId));
          if (gained.length > 0) await touchSessionTree(tx, id);
        }
      });
      return { upserted: request.body.sessions.length };
    });

    app.post(
      '/eos/sessions/:sessionId/entry-points',
      { schema: { tags: ['eos'], params: z.object({ sessionId: Id }), body: EosEntryPointCreate, response: { 201: EntryPoint } } },
      async (request, reply) => {
        const created = await writeTransaction(ctx.db, async (tx) => {
          const [session] = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, request.params.sessionId));
          if (!session) throw notFound('Session introuvable.');
          const [existing] = await tx.select({ id: entryPoints.id }).from(entryPoints).where(eq(entryPoints.id, request.body.id));
          if (existing) throw conflict("Ce point d'entrée existe déjà : supprimez-le avant sa date puis recréez-le.");
          const [row] = await tx.insert(entryPoints).values({ ...request.body, sessionId: session.id, seq: seqNow() }).returning();
          // A new entry point moves the windows of the others: those whose tallies change are sent again. The new
          // one is sent anyway (its insert drew a sequence number), restamped or not.
          const restamped = await restampCounters(tx, [session.id], parisDay(ctx.clock.now()));
          return restamped.find((e) => e.id === row!.id) ?? (await entryPointRow(tx, row!.id));
        });
        return reply.code(201).send(created);
      },
    );

    app.delete('/eos/entry-points/:entryPointId', { schema: { tags: ['eos'], params: z.object({ entryPointId: Id }) } }, async (request, reply) => {
      await writeTransaction(ctx.db, async (tx) => {
        const [point] = await tx.select().from(entryPoints).where(eq(entryPoints.id, request.params.entryPointId)).for('update');
        if (!point) throw notFound("Point d'entrée introuvable.");
        if (!canDeleteEntryPoint(point, parisDay(ctx.clock.now()))) throw conflict("Un point d'entrée ne se supprime qu'avant sa date.");
        await tx.delete(entryPoints).where(eq(entryPoints.id, point.id));
        await addRemoval(tx, null, 'entryPoints', point.id);
        await restampCounters(tx, [point.sessionId], parisDay(ctx.clock.now()));
      });
      return reply.code(204).send();
    });

    app.post(
      '/eos/sessions/:sessionId/cancel',
      { schema: { tags: ['eos'], params: z.object({ sessionId: Id }), response: { 200: EosCancelResponse } } },
      async (request) => {
        const refused = await writeTransaction(ctx.db, async (tx) => {
          const [session] = await tx.select().from(sessions).where(eq(sessions.id, request.params.sessionId)).for('update');
          if (!session) throw notFound('Session introuvable.');
          await tx
            .update(sessions)
            .set({ status: 'CANCELLED', version: sql`${sessions.version} + 1`, seq: seqNow() })
            .where(and(eq(sessions.id, session.id), ne(sessions.status, 'CANCELLED')));
          if (!isTransitionAllowed('EN_ATTENTE', 'REFUS_SESSION_ANNULEE', 'SYSTEM')) return 0;
          const changed = await tx
            .update(candidatures)
            .set({ state: 'REFUS_SESSION_ANNULEE', version: sql`${candidatures.version} + 1`, seq: seqNow() })
            .where(and(eq(candidatures.sessionId, session.id), eq(candidatures.state, 'EN_ATTENTE')))
            .returning({ id: candidatures.id });
          await restampCounters(tx, [session.id], parisDay(ctx.clock.now()));
          return changed.length;
        });
        return { refused };
      },
    );
  };
}
