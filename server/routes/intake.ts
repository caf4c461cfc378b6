// Candidature intake: a candidate applies to a session (public, as on the RafaelPro site). On a full upcoming
// entry point the candidature is recorded as REFUS_SESSION_COMPLETE, as the guide describes.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Candidature, Id } from '../../shared/protocol/entities';
import { CandidatureIntakeRequest } from '../../shared/protocol/admin';
import type { ServerContext } from '../context';
import { writeTransaction } from '../db/write-transaction';
import { makeCandidature } from '../sync/candidature-intake';
import { conflict, notFound } from '../http/api-error';

export function intakeRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/sessions/:sessionId/candidatures',
      { config: { public: true }, schema: { tags: ['intake'], params: z.object({ sessionId: Id }), body: CandidatureIntakeRequest, response: { 201: Candidature } } },
      async (request, reply) => {
        const outcome = await writeTransaction(ctx.db, (tx) =>
          makeCandidature(tx, ctx.clock.now(), request.params.sessionId, request.body.candidate, { origin: 'CANDIDAT' }, 'record'),
        );
        if (!outcome.ok) {
          if (outcome.refusal.code === 'NOT_FOUND') throw notFound('Session introuvable.');
          throw conflict(outcome.refusal.message);
        }
        return reply.code(201).send(outcome.candidature);
      },
    );
  };
}
