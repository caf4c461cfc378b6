// Cap Métiers operations: reopen a non-retained candidature as retained; validate the first account of a structure.
import { restampCounters } from '../sync/entry-point-tallies';
import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { Candidature, Id } from '../../shared/protocol/entities';
import { AdminCandidatureSearch, AdminCandidatureSearchResponse, AdminRequestsResponse, ReopenCandidatureRequest } from '../../shared/protocol/admin';
import { RequestDecision } from '../../shared/protocol/accounts';
import { isTransitionAllowed } from '../../shared/domain/candidature-state';
import { validateDecisionContent } from '../../shared/domain/avis';
import { parisDay } from '../../shared/domain/calendar-date';
import type { StructureKind } from '../../shared/domain/vocabulary';
import type { ServerContext } from '../context';
import { actions, candidatures, entryPoints, membershipRequests, memberships, sessions, structures, users } from '../db/schema';
import { nextSeqSql, writeTransaction } from '../db/write-transaction';
import { requireUser } from '../auth/tokens';
import { candidatureJson, decodeRow } from '../sync/rows';
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
              state: 'RETENUE', retained: request.body, nonRetained: null, avisAt: now.toISOString(), avisOn: parisDay(now), avisReceivedAt: now.toISOString(), avisTimeNote: null,
              avisBy: `${admin.firstName} ${admin.lastName} (Cap Métiers)`, version: sql`${candidatures.version} + 1`, seq: nextSeqSql as unknown as number,
            })
            .where(eq(candidatures.id, c.id))
            .returning({ json: candidatureJson });
          await restampCounters(tx, [c.sessionId], parisDay(now));
          return updated!;
        });
        return decodeRow(Candidature, row.json);
      },
    );

    /** The non-retained candidatures a name, an e-mail or a Carif number finds: what Cap Métiers may reopen. */
    app.get(
      '/admin/candidatures',
      { schema: { tags: ['admin'], querystring: AdminCandidatureSearch, response: { 200: AdminCandidatureSearchResponse } } },
      async (request) => {
        await requireAdmin(ctx, request);
        const like = `%${request.query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        const today = parisDay(ctx.clock.now());
        const found = await ctx.db
          .select({ json: candidatureJson, s: sessions, title: actions.title, organisme: structures.name })
          .from(candidatures)
          .innerJoin(sessions, eq(sessions.id, candidatures.sessionId))
          .innerJoin(actions, eq(actions.id, sessions.actionId))
          .innerJoin(structures, eq(structures.id, actions.responsibleStructureId))
          .where(
            and(
              eq(candidatures.state, 'NON_RETENUE'),
              sql`((${candidatures.candidate}->>'firstName') || ' ' || (${candidatures.candidate}->>'lastName') ilike ${like}
                or (${candidatures.candidate}->>'lastName') || ' ' || (${candidatures.candidate}->>'firstName') ilike ${like}
                or ${candidatures.candidate}->>'email' ilike ${like} or ${sessions.carifNumber} like ${like})`,
            ),
          )
          .orderBy(sql`${candidatures.avisAt} desc nulls last`, candidatures.id)
          .limit(50);
        const upcoming = new Map<string, string>();
        for (const sessionId of new Set(found.map((f) => f.s.id))) {
          const [next] = await ctx.db
            .select({ date: entryPoints.date })
            .from(entryPoints)
            .where(and(eq(entryPoints.sessionId, sessionId), sql`${entryPoints.date} >= ${today}`))
            .orderBy(entryPoints.date)
            .limit(1);
          if (next) upcoming.set(sessionId, next.date);
        }
        return {
          candidatures: found.map(({ json, s, title, organisme }) => ({
            candidature: decodeRow(Candidature, json), actionTitle: title, carifNumber: s.carifNumber, city: s.city, department: s.department, organisme,
            marketStart: s.marketStart, marketEnd: s.marketEnd, upcomingEntry: upcoming.get(s.id) ?? null,
          })),
        };
      },
    );

    /** First accounts of structures that have no référent yet: Cap Métiers validates them. */
    app.get('/admin/requests', { schema: { tags: ['admin'], response: { 200: AdminRequestsResponse } } }, async (request) => {
      await requireAdmin(ctx, request);
      const found = await ctx.db
        .select({ r: membershipRequests, u: users, st: structures })
        .from(membershipRequests)
        .innerJoin(users, eq(users.id, membershipRequests.userId))
        .innerJoin(structures, eq(structures.id, membershipRequests.structureId))
        .where(
          and(
            eq(membershipRequests.status, 'EN_ATTENTE'),
            sql`not exists (select 1 from memberships m where m.structure_id = ${membershipRequests.structureId} and m.referent)`,
          ),
        );
      return {
        requests: found.map(({ r, u, st }) => ({
          ...toMembershipRequest(r, u), phone: u.phone,
          structure: { name: st.name, acronym: st.acronym, siret: st.siret, kind: st.kind as StructureKind, city: st.city },
        })),
      };
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
