// Cap Métiers operations: reopen a non-retained candidature as retained; validate the first account of a structure.
import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { Candidature, Id } from '../../shared/protocol/entities';
import { ReopenCandidatureRequest } from '../../shared/protocol/admin';
import { RequestDecision, RequestsResponse } from '../../shared/protocol/accounts';
import { isTransitionAllowed } from '../../shared/domain/candidature-state';
import { validateDecisionContent } from '../../shared/domain/avis';
import { parisDay } from '../../shared/domain/calendar-date';
import type { ServerContext } from '../context';
import { candidatures, membershipRequests, memberships, sessions, structures, users } from '../db/schema';
import { nextSeqSql, writeTransaction } from '../db/write-transaction';
import { requireUser } from '../auth/tokens';
import { toCandidature } from '../sync/rows';
import { conflict, forbidden, invalid, notFound } from '../http/api-error';
import { toMembershipRequest } from './accounts';

async function requireAdmin(ctx: ServerContext, request: FastifyRequest) {
  const user = await requireUser(ctx, request);
  if (!user.isAdmin) throw forbidden('Opération réservée à Cap Métiers.');
  return user;
}

export function adminRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/admin/candidatures/:candidatureId/reopen',
      { schema: { tags: ['admin'], params: z.object({ candidatureId: Id }), body: ReopenCandidatureRequest, response: { 200: Candidature } } },
      async (request) => {
        const admin = await requireAdmin(ctx, request);
        const row = await writeTransaction(ctx.db, async (tx) => {
          const [c] = await tx.select().from(candidatures).where(eq(candidatures.id, request.params.candidatureId)).for('update');
          if (!c) throw notFound('Candidature introuvable.');
          if (!isTransitionAllowed(c.state as never, 'RETENUE', 'CAP_METIERS')) {
            throw conflict('Seule une candidature non retenue peut être repassée en retenue.');
          }
          const [session] = await tx.select().from(sessions).where(eq(sessions.id, c.sessionId));
          const check = validateDecisionContent({ kind: 'RETENUE', ...request.body }, session!);
          if (!check.ok) throw invalid(check.message, check.field);
          const now = ctx.clock.now();
          const [updated] = await tx
            .update(candidatures)
            .set({
              state: 'RETENUE', retained: request.body, nonRetained: null, avisAt: now.toISOString(), avisOn: parisDay(now),
              avisBy: `${admin.firstName} ${admin.lastName} (Cap Métiers)`, version: sql`${candidatures.version} + 1`, seq: nextSeqSql as unknown as number,
            })
            .where(eq(candidatures.id, c.id))
            .returning();
          return updated!;
        });
        return toCandidature(row);
      },
    );

    /** First accounts of structures that have no référent yet: Cap Métiers validates them. */
    app.get('/admin/requests', { schema: { tags: ['admin'], response: { 200: RequestsResponse } } }, async (request) => {
      await requireAdmin(ctx, request);
      const found = await ctx.db
        .select({ r: membershipRequests, u: users })
        .from(membershipRequests)
        .innerJoin(users, eq(users.id, membershipRequests.userId))
        .where(
          and(
            eq(membershipRequests.status, 'EN_ATTENTE'),
            sql`not exists (select 1 from memberships m where m.structure_id = ${membershipRequests.structureId} and m.referent)`,
          ),
        );
      return { requests: found.map(({ r, u }) => toMembershipRequest(r, u)) };
    });

    app.post(
      '/admin/requests/:requestId/decision',
      { schema: { tags: ['admin'], params: z.object({ requestId: Id }), body: RequestDecision } },
      async (request, reply) => {
        await requireAdmin(ctx, request);
        await writeTransaction(ctx.db, async (tx) => {
          const [req] = await tx.select().from(membershipRequests).where(eq(membershipRequests.id, request.params.requestId)).for('update');
          if (!req) throw notFound('Demande introuvable.');
          if (req.status !== 'EN_ATTENTE') throw conflict('Cette demande a déjà été traitée.');
          const [referent] = await tx
            .select({ one: sql`1` })
            .from(memberships)
            .where(and(eq(memberships.structureId, req.structureId), eq(memberships.referent, true)));
          if (referent) throw conflict('Cette structure a déjà un(e) référent(e) : c’est à lui ou elle de valider.');
          await tx.update(membershipRequests).set({ status: request.body.accept ? 'ACCEPTEE' : 'REFUSEE' }).where(eq(membershipRequests.id, req.id));
          if (!request.body.accept) return;
          await tx.update(structures).set({ validated: true }).where(eq(structures.id, req.structureId));
          await tx.update(users).set({ active: true }).where(eq(users.id, req.userId));
          // The first account of a structure becomes its référent.
          await tx
            .insert(memberships)
            .values({ userId: req.userId, structureId: req.structureId, profile: request.body.profile, referent: true, employer: true, parcoursPro: ['BENEFICIAIRE'] })
            .onConflictDoUpdate({ target: [memberships.userId, memberships.structureId], set: { referent: true, profile: request.body.profile } });
        });
        return reply.code(204).send();
      },
    );
  };
}
