// Applying pushed mutations. A push batch runs in one write transaction, each mutation in a savepoint of its own:
// a rejected one rolls back what its handler wrote and leaves the others. Each is recorded by its client-made id with
// its result, and a retry of the same id gets the recorded result back with no second effect. The sessions whose
// counters the batch changed get their entry points restamped once, at the end of that same transaction, and every
// applied result touching them carries them (entry-point-tallies.ts). Every rule check is a shared/domain function:
// the server never holds a second copy of a rule.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { canEnrichAction, canGiveAvis } from '../../shared/domain/rights';
import { normalizeDecision, validateAvis } from '../../shared/domain/avis';
import { acceptedDecisionTime } from '../../shared/domain/decision-time';
import { restampCounters } from './entry-point-tallies';
import { canCreatePreRegistration, canDeletePreRegistration, canValidatePreRegistration } from '../../shared/domain/pre-registration-rights';
import { parisDay } from '../../shared/domain/calendar-date';
import type { RuleResult } from '../../shared/domain/rule-result';
import type { OrgRole, RejectionCode } from '../../shared/domain/vocabulary';
import { Action, Candidature, PreRegistration, type EntryPoint } from '../../shared/protocol/entities';
import { emptyChangeSet, emptyRemovals, type ChangeSet, type Mutation, type MutationResult, type Removals } from '../../shared/protocol/sync';
import type { ActiveMembership } from '../auth/memberships';
import type { ServerContext } from '../context';
import type { Tx } from '../db/database';
import { actions, candidatures, preRegistrations, processedMutations, sessionRoles, sessions, structures } from '../db/schema';
import { nextSeqSql, writeTransaction } from '../db/write-transaction';
import { addRemoval } from './change-log';
import { makeCandidature } from './candidature-intake';
import { actionJson, candidatureJson, decodeRow, preRegistrationJson } from './rows';

type RejectionDetails = { field?: string | undefined; decidedBy?: string | null; decidedAt?: string | null };

class Rejection extends Error {
  constructor(readonly code: RejectionCode, message: string, readonly details: RejectionDetails = {}) {
    super(message);
  }
}

function enforce(result: RuleResult, details: RejectionDetails = {}): void {
  if (!result.ok) throw new Rejection(result.code, result.message, { ...details, ...(result.field ? { field: result.field } : {}) });
}

const seqNow = () => sql`${nextSeqSql}` as unknown as number;

/** `counters`: the sessions whose entry point tallies it changed (restamped once per batch, then carried). */
type Applied = { changes: Partial<ChangeSet>; removed?: Partial<Removals>; counters?: string[] };


async function roleOn(tx: Tx, structureId: string, sessionId: string): Promise<OrgRole | null> {
  const [row] = await tx
    .select({ role: sessionRoles.role })
    .from(sessionRoles)
    .where(and(eq(sessionRoles.sessionId, sessionId), eq(sessionRoles.structureId, structureId)));
  return (row?.role as OrgRole | undefined) ?? null;
}

async function applyAvis(tx: Tx, ctx: ServerContext, member: ActiveMembership, m: Extract<Mutation, { kind: 'avis' }>): Promise<Applied> {
  const [c] = await tx.select().from(candidatures).where(eq(candidatures.id, m.payload.candidatureId)).for('update');
  const role = c ? await roleOn(tx, member.structure.id, c.sessionId) : null;
  if (!c || !role) throw new Rejection('NOT_FOUND', 'Candidature introuvable pour votre structure.');
  const [session] = await tx.select().from(sessions).where(eq(sessions.id, c.sessionId));
  const now = ctx.clock.now();
  // Rights, state and deadline are judged on the server's day (the deadline is about transmission); the window the
  // avis counts in follows the day the user gave it, within bounds (shared/domain/decision-time).
  const today = parisDay(now);
  enforce(canGiveAvis(member.profile, role));
  enforce(
    validateAvis(m.payload.decision, {
      candidature: { state: c.state as never, avisDeadline: c.avisDeadline },
      session: { status: session!.status as never, marketStart: session!.marketStart, marketEnd: session!.marketEnd },
      today,
    }),
    { decidedBy: c.avisBy, decidedAt: c.avisAt },
  );
  const d = normalizeDecision(m.payload.decision);
  const given = acceptedDecisionTime(m.decidedAt, { receivedAt: now, candidatureCreatedAt: c.createdAt });
  const [updated] = await tx
    .update(candidatures)
    .set({
      state: d.kind,
      retained: d.kind === 'RETENUE' ? { plannedEntry: d.plannedEntry, plannedExit: d.plannedExit } : null,
      nonRetained: d.kind === 'NON_RETENUE' ? { motive: d.motive, justification: d.justification } : null,
      avisAt: given.at,
      avisOn: given.day,
      avisBy: member.displayName,
      avisReceivedAt: now.toISOString(),
      avisTimeNote: given.note,
      version: sql`${candidatures.version} + 1`,
      seq: seqNow(),
    })
    .where(eq(candidatures.id, c.id))
    .returning({ json: candidatureJson });
  return { changes: { candidatures: [decodeRow(Candidature, updated!.json)] }, counters: [c.sessionId] };
}

async function applyEnrich(tx: Tx, member: ActiveMembership, m: Extract<Mutation, { kind: 'action.enrich' }>): Promise<Applied> {
  const [a] = await tx.select().from(actions).where(eq(actions.id, m.payload.actionId)).for('update');
  if (!a) throw new Rejection('NOT_FOUND', 'Action introuvable.');
  let role: OrgRole | null = a.responsibleStructureId === member.structure.id ? 'RESPONSABLE' : null;
  if (!role) {
    const [other] = await tx
      .select({ role: sessionRoles.role })
      .from(sessionRoles)
      .innerJoin(sessions, eq(sessions.id, sessionRoles.sessionId))
      .where(and(eq(sessions.actionId, a.id), eq(sessionRoles.structureId, member.structure.id)));
    if (!other && member.structure.kind === 'PRESCRIPTEUR') {
      // A prescriber sees the catalogue (so the action exists for it) but has no role on any session.
      throw new Rejection('FORBIDDEN', 'Seul l’organisme responsable de l’action peut la valoriser.');
    }
    if (!other) throw new Rejection('NOT_FOUND', 'Action introuvable pour votre structure.');
    role = other.role as OrgRole;
  }
  enforce(canEnrichAction(member.profile, role));
  if (m.baseVersion !== null && m.baseVersion !== a.version) {
    throw new Rejection('VERSION_CONFLICT', "L'action a été modifiée entre-temps par quelqu'un d'autre : rechargez-la puis refaites votre modification.");
  }
  const [updated] = await tx
    .update(actions)
    .set({ highlight: m.payload.highlight, webLink: m.payload.webLink, version: sql`${actions.version} + 1`, seq: seqNow() })
    .where(eq(actions.id, a.id))
    .returning({ json: actionJson(sql`coalesce((select ${structures.name} from ${structures} where ${structures.id} = ${actions.responsibleStructureId}), '')`) });
  return { changes: { actions: [decodeRow(Action, updated!.json)] } };
}

async function applyPreCreate(tx: Tx, ctx: ServerContext, member: ActiveMembership, m: Extract<Mutation, { kind: 'preregistration.create' }>): Promise<Applied> {
  const actor = { userId: member.userId, structureId: member.structure.id, profile: member.profile };
  enforce(canCreatePreRegistration(actor));
  const [session] = await tx.select().from(sessions).where(eq(sessions.id, m.payload.sessionId));
  if (!session) throw new Rejection('NOT_FOUND', 'Session introuvable.');
  if (session.status === 'CANCELLED') throw new Rejection('SESSION_CANCELLED', 'La session a été annulée : préinscription impossible.');
  if (session.status === 'ARCHIVED') throw new Rejection('APPLICATIONS_CLOSED', 'La session est archivée : préinscription impossible.');
  const [existing] = await tx.select({ id: preRegistrations.id }).from(preRegistrations).where(eq(preRegistrations.id, m.payload.preRegistrationId));
  if (existing) throw new Rejection('INVALID', 'Cet identifiant de préinscription existe déjà.');
  const [created] = await tx
    .insert(preRegistrations)
    .values({
      id: m.payload.preRegistrationId,
      sessionId: session.id,
      prescriberStructureId: member.structure.id,
      createdByUserId: member.userId,
      createdByName: member.displayName,
      createdByProfile: member.profile!,
      candidate: m.payload.candidate,
      status: 'BROUILLON',
      createdAt: ctx.clock.now().toISOString(),
      seq: seqNow(),
    })
    .returning({ json: preRegistrationJson });
  return { changes: { preRegistrations: [decodeRow(PreRegistration, created!.json)] } };
}

async function loadOwnPre(tx: Tx, member: ActiveMembership, id: string) {
  const [pre] = await tx.select().from(preRegistrations).where(eq(preRegistrations.id, id)).for('update');
  if (!pre || pre.prescriberStructureId !== member.structure.id) throw new Rejection('NOT_FOUND', 'Préinscription introuvable.');
  return pre;
}

const ownerOf = (pre: typeof preRegistrations.$inferSelect) => ({
  createdByUserId: pre.createdByUserId,
  createdByProfile: pre.createdByProfile as never,
  prescriberStructureId: pre.prescriberStructureId,
  status: pre.status as 'BROUILLON' | 'VALIDEE',
});

async function applyPreValidate(tx: Tx, ctx: ServerContext, member: ActiveMembership, m: Extract<Mutation, { kind: 'preregistration.validate' }>): Promise<Applied> {
  const pre = await loadOwnPre(tx, member, m.payload.preRegistrationId);
  enforce(canValidatePreRegistration({ userId: member.userId, structureId: member.structure.id, profile: member.profile }, ownerOf(pre)));
  const outcome = await makeCandidature(
    tx,
    ctx.clock.now(),
    pre.sessionId,
    pre.candidate as never,
    { origin: 'PRESCRIPTEUR', structureId: member.structure.id, structureName: member.structure.name },
    'refuse',
    { restamp: 'deferred' },
  );
  if (!outcome.ok) throw new Rejection(outcome.refusal.code, outcome.refusal.message);
  const [updated] = await tx
    .update(preRegistrations)
    .set({ status: 'VALIDEE', candidatureId: outcome.candidature.id, version: sql`${preRegistrations.version} + 1`, seq: seqNow() })
    .where(eq(preRegistrations.id, pre.id))
    .returning({ json: preRegistrationJson });
  return {
    changes: { preRegistrations: [decodeRow(PreRegistration, updated!.json)], candidatures: [outcome.candidature] },
    counters: [pre.sessionId],
  };
}

async function applyPreDelete(tx: Tx, member: ActiveMembership, m: Extract<Mutation, { kind: 'preregistration.delete' }>): Promise<Applied> {
  const pre = await loadOwnPre(tx, member, m.payload.preRegistrationId);
  enforce(canDeletePreRegistration({ userId: member.userId, structureId: member.structure.id, profile: member.profile }, ownerOf(pre)));
  await tx.delete(preRegistrations).where(eq(preRegistrations.id, pre.id));
  await addRemoval(tx, member.structure.id, 'preRegistrations', pre.id);
  return { changes: {}, removed: { preRegistrations: [pre.id] } };
}

function dispatch(tx: Tx, ctx: ServerContext, member: ActiveMembership, m: Mutation): Promise<Applied> {
  switch (m.kind) {
    case 'avis':
      return applyAvis(tx, ctx, member, m);
    case 'action.enrich':
      return applyEnrich(tx, member, m);
    case 'preregistration.create':
      return applyPreCreate(tx, ctx, member, m);
    case 'preregistration.validate':
      return applyPreValidate(tx, ctx, member, m);
    case 'preregistration.delete':
      return applyPreDelete(tx, member, m);
  }
}

/** The result recorded for a rejection: its handler's writes are rolled back (to its savepoint). */
function rejected(m: Mutation, error: Rejection): MutationResult {
  const { field, decidedBy, decidedAt } = error.details;
  return {
    id: m.id, status: 'rejected', code: error.code, message: error.message,
    ...(field ? { field } : {}),
    ...(decidedBy !== undefined && error.code === 'ALREADY_DECIDED' ? { decidedBy, decidedAt: decidedAt ?? null } : {}),
  };
}

/**
 * Applies a push batch in order (a later mutation may depend on an earlier one of the same batch: create then
 * validate) in one write transaction, each mutation in a savepoint. A mutation id already recorded (a retry, or the
 * same id twice in the batch) gets its recorded result back; one recorded for another user or structure is INVALID.
 * An error that is not a rejection rolls the whole batch back: the client sends it again, and nothing was recorded.
 */
export async function applyMutations(ctx: ServerContext, member: ActiveMembership, mutations: readonly Mutation[]): Promise<MutationResult[]> {
  if (mutations.length === 0) return [];
  return writeTransaction(ctx.db, async (tx) => {
    const ids = [...new Set(mutations.map((m) => m.id))];
    const recorded = new Map(
      (await tx.select().from(processedMutations).where(inArray(processedMutations.id, ids))).map((r) => [r.id, r]),
    );
    const fresh = new Map<string, MutationResult>();
    const results: MutationResult[] = [];
    /** Applied results with the sessions whose restamped entry points they carry. */
    const counted: { result: Extract<MutationResult, { status: 'applied' }>; sessions: string[] }[] = [];
    for (const m of mutations) {
      const done = recorded.get(m.id);
      if (done) {
        const foreign = done.structureId !== member.structure.id || done.userId !== member.userId;
        results.push(foreign ? { id: m.id, status: 'rejected', code: 'INVALID', message: 'Identifiant de modification déjà utilisé.' } : (done.result as MutationResult));
        continue;
      }
      const again = fresh.get(m.id);
      if (again) {
        results.push(again);
        continue;
      }
      let result: MutationResult;
      try {
        const applied = await tx.transaction((savepoint) => dispatch(savepoint, ctx, member, m));
        result = {
          id: m.id,
          status: 'applied',
          changes: { ...emptyChangeSet(), ...applied.changes },
          removed: { ...emptyRemovals(), ...applied.removed },
        };
        if (applied.counters?.length) counted.push({ result, sessions: applied.counters });
      } catch (error) {
        if (!(error instanceof Rejection)) throw error;
        result = rejected(m, error);
      }
      fresh.set(m.id, result);
      results.push(result);
    }
    // Counters are restamped once per session, in the same transaction as the changes, and each applied result
    // carries its sessions' restamped entry points as they stand after the batch.
    const restamped = await restampCounters(tx, counted.flatMap((c) => c.sessions), parisDay(ctx.clock.now()));
    const bySession = new Map<string, EntryPoint[]>();
    for (const e of restamped) bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);
    for (const { result, sessions } of counted) {
      result.changes.entryPoints = [...result.changes.entryPoints, ...[...new Set(sessions)].flatMap((id) => bySession.get(id) ?? [])];
    }
    if (fresh.size > 0) {
      const processedAt = new Date().toISOString();
      await tx.insert(processedMutations).values(
        [...fresh.values()].map((result) => ({ id: result.id, structureId: member.structure.id, userId: member.userId, result, processedAt })),
      );
    }
    return results;
  });
}
