// Pull and push for one structure of the signed-in user.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Id } from '../../shared/protocol/entities';
import { PullPage, PullQuery, PushRequest, PushResponse } from '../../shared/protocol/sync';
import type { ServerContext } from '../context';
import { requireUser } from '../auth/tokens';
import { requireMembership } from '../auth/memberships';
import { pullPage } from '../sync/pull';
import { openSnapshot, snapshotEncoding } from '../sync/snapshot';
import type { Viewer } from '../sync/visibility';
import { SNAPSHOT_CONTENT_TYPE } from '../../shared/protocol/snapshot';
import { applyMutations } from '../sync/push';
import { seesCandidatePersonalData } from '../../shared/domain/rights';

const StructureParams = z.object({ structureId: Id });

/**
 * Pull pages are built from typed rows (server/sync/rows.ts) and checked against PullPage by the tests
 * (test/integration/server/sync-pull.test.ts): encoding each 1000-row page through zod again cost ~20 ms a page.
 * The schema stays on the route for the OpenAPI document.
 */
const plainJson = () => (data: unknown) => JSON.stringify(data);

/** What a member's structure sees: the same for pull pages and snapshots. */
const viewerOf = (member: Awaited<ReturnType<typeof requireMembership>>): Viewer => ({
  structureId: member.structure.id,
  isPrescriber: member.structure.kind === 'PRESCRIPTEUR',
  seesCandidates: seesCandidatePersonalData(member.profile),
});

export function syncRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/structures/:structureId/changes',
      { schema: { tags: ['sync'], params: StructureParams, querystring: PullQuery, response: { 200: PullPage } }, serializerCompiler: plainJson },
      async (request) => {
        const user = await requireUser(ctx, request);
        const member = await requireMembership(ctx.db, user, request.params.structureId);
        return pullPage(ctx, viewerOf(member), request.query.since, request.query.limit);
      },
    );

    app.get(
      '/structures/:structureId/snapshot',
      {
        schema: {
          tags: ['sync'],
          params: StructureParams,
          description:
            'Everything the structure sees, for a first sync or a resync: NDJSON (brotli or gzip, as accepted), a header line with ' +
            'the cursor taken at the snapshot\'s instant, one line per row with a total line (the row count) before the first ' +
            'candidature, an end line with the count sent and ' +
            'whether anything was written meanwhile (upToDate). See shared/protocol/snapshot.ts.',
        },
      },
      async (request, reply) => {
        const user = await requireUser(ctx, request);
        const member = await requireMembership(ctx.db, user, request.params.structureId);
        const encoding = snapshotEncoding(request.headers['accept-encoding']);
        const { body } = await openSnapshot(ctx, viewerOf(member), { encoding });
        reply.header('content-type', `${SNAPSHOT_CONTENT_TYPE}; charset=utf-8`).header('cache-control', 'no-store').header('vary', 'accept-encoding');
        if (encoding) reply.header('content-encoding', encoding);
        return reply.send(body);
      },
    );

    app.post(
      '/structures/:structureId/mutations',
      { schema: { tags: ['sync'], params: StructureParams, body: PushRequest, response: { 200: PushResponse } } },
      async (request) => {
        const user = await requireUser(ctx, request);
        const member = await requireMembership(ctx.db, user, request.params.structureId);
        return { results: await applyMutations(ctx, member, request.body.mutations) };
      },
    );
  };
}
