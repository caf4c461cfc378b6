// Accounts and the référent tools of seed 000: structure search, account and affiliation requests, "Mon compte",
// members, profiles (one management profile per user per structure), detaching, CSV export.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { and, eq, ilike, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { Id } from '../../shared/protocol/entities';
import {
  AccountRequest, AffiliationRequest, Member, MembersResponse, RequestDecision, RequestsResponse, SetProfileRequest,
  StructureSearchQuery, StructureSearchResponse, UpdateAccountRequest, type MembershipRequest,
} from '../../shared/protocol/accounts';
import { AccountRequestCreated } from '../../shared/protocol/admin';
import { MeResponse } from '../../shared/protocol/sync';
import { canDetachMember, canManageMembers, isPrescriberProfile } from '../../shared/domain/rights';
import { normalizeSiret } from '../../shared/domain/siret';
import type { ManagementProfile, ParcoursProProfile } from '../../shared/domain/vocabulary';
import type { RuleResult } from '../../shared/domain/rule-result';
import { CSV_MIME_TYPE, writeCsv, type CsvColumn } from '../../shared/exports/csv-writer';
import type { ServerContext } from '../context';
import type { Tx } from '../db/database';
import { membershipRequests, memberships, structures, users } from '../db/schema';
import { writeTransaction } from '../db/write-transaction';
import { requireUser, revokeOtherTokens } from '../auth/tokens';
import { membershipsOf, requireMembership, toStructure } from '../auth/memberships';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { toUser } from '../auth/users';
import { ApiHttpError, conflict, forbidden, notFound } from '../http/api-error';

export function toMembershipRequest(r: typeof membershipRequests.$inferSelect, u: typeof users.$inferSelect): MembershipRequest {
  return {
    id: r.id, kind: r.kind as MembershipRequest['kind'], structureId: r.structureId, userId: r.userId,
    email: u.email, firstName: u.firstName, lastName: u.lastName, createdAt: r.createdAt, status: r.status as MembershipRequest['status'],
  };
}

/**
 * OF profiles belong to training organisations, prescriber profiles to prescriber structures. Not in shared/domain
 * yet (the client only displays profiles); the référent screens get the same answer from this 400.
 */
async function requireProfileFits(ctx: ServerContext, structureId: string, profile: ManagementProfile | null): Promise<void> {
  if (profile === null) return;
  const [s] = await ctx.db.select({ kind: structures.kind }).from(structures).where(eq(structures.id, structureId));
  const fits = s?.kind === 'PRESCRIPTEUR' ? isPrescriberProfile(profile) : !isPrescriberProfile(profile);
  if (!fits) throw new ApiHttpError(400, 'VALIDATION', 'Ce profil ne correspond pas au type de la structure.', 'profile');
}

function enforce(result: RuleResult): void {
  if (!result.ok) throw forbidden(result.message);
}

const StructureParams = z.object({ structureId: Id });

/** An existing account asking (again) for a structure: one pending affiliation request, unless it has one or is a member. */
async function requestAffiliationIfNew(tx: Tx, requestId: string, userId: string, structureId: string, createdAt: string): Promise<void> {
  const [member] = await tx.select({ one: sql`1` }).from(memberships).where(and(eq(memberships.userId, userId), eq(memberships.structureId, structureId)));
  const [pending] = await tx
    .select({ one: sql`1` })
    .from(membershipRequests)
    .where(and(eq(membershipRequests.userId, userId), eq(membershipRequests.structureId, structureId), eq(membershipRequests.status, 'EN_ATTENTE')));
  if (member || pending) return;
  await tx.insert(membershipRequests).values({ id: requestId, kind: 'AFFILIATION', structureId, userId, status: 'EN_ATTENTE', createdAt });
}
const MemberParams = z.object({ structureId: Id, userId: Id });

async function listMembers(ctx: ServerContext, structureId: string): Promise<Member[]> {
  const found = await ctx.db
    .select({ m: memberships, u: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.structureId, structureId))
    .orderBy(users.lastName, users.firstName);
  return found.map(({ m, u }) => ({
    userId: u.id, email: u.email, firstName: u.firstName, lastName: u.lastName, phone: u.phone,
    profile: m.profile as ManagementProfile | null, parcoursProProfiles: m.parcoursPro as ParcoursProProfile[],
    referent: m.referent, employer: m.employer, hasRights: m.profile !== null,
  }));
}

async function requireReferent(ctx: ServerContext, request: FastifyRequest, structureId: string) {
  const user = await requireUser(ctx, request);
  const member = await requireMembership(ctx.db, user, structureId);
  enforce(canManageMembers(member));
  return member;
}

const PROFILE_LABELS: Record<ManagementProfile, string> = {
  OF_CATALOGUE: 'Catalogue', OF_PREINSCRIPTION: 'Préinscription', OF_GENERAL: 'Général',
  PRESCRIPTEUR_N1: 'Prescripteur N1', PRESCRIPTEUR_N2: 'Prescripteur N2', PRESCRIPTEUR_N3: 'Prescripteur N3',
};

const yesNo = (value: boolean) => (value ? 'Oui' : 'Non');

/** The référent's member list, through the same writer (and formula neutralisation) as the candidature export. */
const MEMBER_COLUMNS: readonly CsvColumn<Member>[] = [
  { header: 'Nom', value: (m) => m.lastName },
  { header: 'Prénom', value: (m) => m.firstName },
  { header: 'E-mail', value: (m) => m.email },
  { header: 'Téléphone', value: (m) => m.phone },
  { header: 'Profil', value: (m) => (m.profile ? PROFILE_LABELS[m.profile] : 'Aucun droit') },
  { header: 'Référent(e)', value: (m) => yesNo(m.referent) },
  { header: 'Employeur', value: (m) => yesNo(m.employer) },
];

/**
 * Requests are rate-limited like sign-in (each one hashes a password and may create a structure), per address: the
 * e-mail of an account request is the caller's to vary, so it cannot be part of the key.
 */
const perAddress = (prefix: string) => (request: FastifyRequest) => `${prefix}:${request.ip}`;

export function accountRoutes(ctx: ServerContext, requestRateLimit: { max: number; timeWindow: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/structures/search', { config: { public: true }, schema: { tags: ['accounts'], querystring: StructureSearchQuery, response: { 200: StructureSearchResponse } } }, async (request) => {
      const q = request.query.q;
      const digits = normalizeSiret(q);
      const pattern = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const found = await ctx.db
        .select()
        .from(structures)
        .where(
          and(
            eq(structures.validated, true),
            or(ilike(structures.name, pattern), ilike(structures.acronym, pattern), /^\d{3,14}$/.test(digits) ? sql`${structures.siret} like ${`${digits}%`}` : sql`false`),
          ),
        )
        .orderBy(structures.name)
        .limit(20);
      return { structures: found.map(toStructure) };
    });

    const accountRequestConfig = { public: true, rateLimit: { ...requestRateLimit, keyGenerator: perAddress('account-request') } };
    app.post('/accounts/requests', { config: accountRequestConfig, schema: { tags: ['accounts'], body: AccountRequest, response: { 201: AccountRequestCreated } } }, async (request, reply) => {
      const body = request.body;
      const email = body.email.trim().toLowerCase();
      // Hashed whether or not the e-mail is taken, so the answer costs the same either way.
      const passwordHash = await hashPassword(body.password);
      const created = await writeTransaction(ctx.db, async (tx) => {
        let structureId = body.structureId;
        if (structureId) {
          const [s] = await tx.select({ id: structures.id }).from(structures).where(and(eq(structures.id, structureId), eq(structures.validated, true)));
          if (!s) throw new ApiHttpError(400, 'VALIDATION', 'Structure inconnue.', 'structureId');
        } else {
          const proposal = body.newStructure!;
          const [dup] = await tx.select({ id: structures.id }).from(structures).where(eq(structures.siret, proposal.siret));
          if (dup) throw new ApiHttpError(409, 'CONFLICT', 'Une structure existe déjà avec ce SIRET : recherchez-la.', 'newStructure.siret');
          structureId = `str-${randomUUID()}`;
          await tx.insert(structures).values({ id: structureId, ...proposal, validated: false });
        }
        const [referent] = await tx.select({ one: sql`1` }).from(memberships).where(and(eq(memberships.structureId, structureId), eq(memberships.referent, true)));
        const requestId = `req-${randomUUID()}`;
        const answer = { requestId, status: 'EN_ATTENTE' as const, reviewer: referent ? ('REFERENT' as const) : ('CAP_METIERS' as const) };
        // The same answer whether or not the e-mail has an account (nothing tells a stranger which accounts exist).
        // An existing account gets an affiliation request instead, which its reviewer sees and follows up with the
        // owner (server/README.md); the password and names typed here are dropped.
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
        if (taken) {
          await requestAffiliationIfNew(tx, requestId, taken.id, structureId, ctx.clock.now().toISOString());
          return answer;
        }
        const userId = `user-${randomUUID()}`;
        await tx.insert(users).values({ id: userId, email, passwordHash, firstName: body.firstName, lastName: body.lastName, phone: body.phone, active: false });
        await tx.insert(membershipRequests).values({ id: requestId, kind: 'ACCOUNT', structureId, userId, status: 'EN_ATTENTE', createdAt: ctx.clock.now().toISOString() });
        return answer;
      });
      return reply.code(201).send(created);
    });

    app.patch('/me', { schema: { tags: ['accounts'], body: UpdateAccountRequest, response: { 200: MeResponse } } }, async (request) => {
      const user = await requireUser(ctx, request);
      const body = request.body;
      if ((body.email !== undefined || body.newPassword !== undefined) && !(await verifyPassword(user.passwordHash, body.currentPassword ?? ''))) {
        throw new ApiHttpError(403, 'FORBIDDEN', 'Mot de passe actuel incorrect.', 'currentPassword');
      }
      const changes: Partial<typeof users.$inferInsert> = {};
      if (body.email !== undefined) {
        const email = body.email.trim().toLowerCase();
        const [taken] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
        if (taken && taken.id !== user.id) throw new ApiHttpError(409, 'CONFLICT', 'Un compte existe déjà avec cet e-mail.', 'email');
        changes.email = email;
      }
      if (body.phone !== undefined) changes.phone = body.phone;
      if (body.newPassword !== undefined) changes.passwordHash = await hashPassword(body.newPassword);
      const [updated] = await ctx.db.transaction(async (tx) => {
        const result = Object.keys(changes).length > 0 ? await tx.update(users).set(changes).where(eq(users.id, user.id)).returning() : [user];
        // A new password ends every other session (a stolen token stops working); this one stays signed in.
        if (body.newPassword !== undefined) await revokeOtherTokens(tx, user.id, request);
        return result;
      });
      return { user: toUser(updated!), memberships: await membershipsOf(ctx.db, user.id) };
    });

    const affiliationConfig = { rateLimit: { ...requestRateLimit, keyGenerator: perAddress('affiliation') } };
    app.post('/me/affiliations', { config: affiliationConfig, schema: { tags: ['accounts'], body: AffiliationRequest } }, async (request, reply) => {
      const user = await requireUser(ctx, request);
      const id = await writeTransaction(ctx.db, async (tx) => {
        const [s] = await tx.select({ id: structures.id }).from(structures).where(and(eq(structures.id, request.body.structureId), eq(structures.validated, true)));
        if (!s) throw notFound('Structure introuvable.');
        const [already] = await tx.select({ one: sql`1` }).from(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.structureId, s.id)));
        if (already) throw conflict('Vous êtes déjà rattaché(e) à cette structure.');
        const [pending] = await tx
          .select({ id: membershipRequests.id })
          .from(membershipRequests)
          .where(and(eq(membershipRequests.userId, user.id), eq(membershipRequests.structureId, s.id), eq(membershipRequests.status, 'EN_ATTENTE')));
        if (pending) throw conflict('Une demande de rattachement est déjà en attente pour cette structure.');
        const requestId = `req-${randomUUID()}`;
        await tx.insert(membershipRequests).values({ id: requestId, kind: 'AFFILIATION', structureId: s.id, userId: user.id, status: 'EN_ATTENTE', createdAt: ctx.clock.now().toISOString() });
        return requestId;
      });
      return reply.code(201).send({ requestId: id, status: 'EN_ATTENTE' });
    });

    app.get('/structures/:structureId/members', { schema: { tags: ['referent'], params: StructureParams, response: { 200: MembersResponse } } }, async (request) => {
      await requireReferent(ctx, request, request.params.structureId);
      return { members: await listMembers(ctx, request.params.structureId) };
    });

    app.get('/structures/:structureId/members.csv', { schema: { tags: ['referent'], params: StructureParams } }, async (request, reply) => {
      const member = await requireReferent(ctx, request, request.params.structureId);
      const csv = writeCsv(MEMBER_COLUMNS, await listMembers(ctx, request.params.structureId));
      const filename = `utilisateurs-${member.structure.siret}.csv`;
      return reply
        .header('content-type', CSV_MIME_TYPE)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    });

    app.get('/structures/:structureId/requests', { schema: { tags: ['referent'], params: StructureParams, response: { 200: RequestsResponse } } }, async (request) => {
      await requireReferent(ctx, request, request.params.structureId);
      const found = await ctx.db
        .select({ r: membershipRequests, u: users })
        .from(membershipRequests)
        .innerJoin(users, eq(users.id, membershipRequests.userId))
        .where(and(eq(membershipRequests.structureId, request.params.structureId), eq(membershipRequests.status, 'EN_ATTENTE')))
        .orderBy(membershipRequests.createdAt);
      return { requests: found.map(({ r, u }) => toMembershipRequest(r, u)) };
    });

    app.post(
      '/structures/:structureId/requests/:requestId/decision',
      { schema: { tags: ['referent'], params: z.object({ structureId: Id, requestId: Id }), body: RequestDecision } },
      async (request, reply) => {
        await requireReferent(ctx, request, request.params.structureId);
        if (request.body.accept) await requireProfileFits(ctx, request.params.structureId, request.body.profile);
        await writeTransaction(ctx.db, async (tx) => {
          const [req] = await tx
            .select()
            .from(membershipRequests)
            .where(and(eq(membershipRequests.id, request.params.requestId), eq(membershipRequests.structureId, request.params.structureId)))
            .for('update');
          if (!req) throw notFound('Demande introuvable.');
          if (req.status !== 'EN_ATTENTE') throw conflict('Cette demande a déjà été traitée.');
          await tx.update(membershipRequests).set({ status: request.body.accept ? 'ACCEPTEE' : 'REFUSEE' }).where(eq(membershipRequests.id, req.id));
          if (!request.body.accept) return;
          if (req.kind === 'ACCOUNT') await tx.update(users).set({ active: true }).where(eq(users.id, req.userId));
          await tx
            .insert(memberships)
            .values({ userId: req.userId, structureId: req.structureId, profile: request.body.profile, employer: req.kind === 'ACCOUNT', parcoursPro: ['BENEFICIAIRE'] })
            .onConflictDoNothing();
        });
        return reply.code(204).send();
      },
    );

    app.put(
      '/structures/:structureId/members/:userId/profile',
      { schema: { tags: ['referent'], params: MemberParams, body: SetProfileRequest, response: { 200: Member } } },
      async (request) => {
        await requireReferent(ctx, request, request.params.structureId);
        await requireProfileFits(ctx, request.params.structureId, request.body.profile);
        // One management profile per user per structure: setting one replaces the previous one.
        const [updated] = await ctx.db
          .update(memberships)
          .set({ profile: request.body.profile })
          .where(and(eq(memberships.structureId, request.params.structureId), eq(memberships.userId, request.params.userId)))
          .returning();
        if (!updated) throw notFound('Utilisateur introuvable dans cette structure.');
        const member = (await listMembers(ctx, request.params.structureId)).find((m) => m.userId === request.params.userId);
        return member!;
      },
    );

    app.delete('/structures/:structureId/members/:userId', { schema: { tags: ['referent'], params: MemberParams } }, async (request, reply) => {
      const actor = await requireReferent(ctx, request, request.params.structureId);
      enforce(canDetachMember({ userId: actor.userId, referent: actor.referent }, request.params.userId));
      const removed = await ctx.db
        .delete(memberships)
        .where(and(eq(memberships.structureId, request.params.structureId), eq(memberships.userId, request.params.userId)))
        .returning();
      if (removed.length === 0) throw notFound('Utilisateur introuvable dans cette structure.');
      return reply.code(204).send();
    });
  };
}
