// User commands, local first: each is checked with the shared rules and rights against local data, then written to
// the outbox together with its optimistic overlay in one transaction, and noted in the outbox journal. The server
// stays the authority: what it refuses later comes back as a conflict.
import { v7 as uuidv7 } from 'uuid';
import type { LocalStore } from './local-store';
import type { OutboxJournal } from './outbox-journal';
import { RafaelError } from '../../shared/ipc/contract';
import type { Decision, EnrichPayload, Mutation } from '../../shared/protocol/sync';
import type { Membership, Person, PreRegistration, User } from '../../shared/protocol/entities';
import type { CalendarDate } from '../../shared/domain/calendar-date';
import type { RuleResult } from '../../shared/domain/rule-result';
import { validateAvis } from '../../shared/domain/avis';
import { canEnrichAction, canGiveAvis } from '../../shared/domain/rights';
import { canCreatePreRegistration, canDeletePreRegistration, canValidatePreRegistration, type PrescriberActor } from '../../shared/domain/pre-registration-rights';
import type { ReadModel } from './queries/read-model';
import { canResubmit } from './conflict-advice';

/** Who acts, where and when: the active structure of the signed-in user. */
export type CommandContext = { structureId: string; user: User; membership: Membership; today: CalendarDate; now: Date };

/** What a pre-registration overlay holds: the row as the user now sees it, and which operation is pending. */
export type PreRegistrationOverlay = { mutationId: string; op: 'create' | 'validate' | 'delete'; preRegistration: PreRegistration };

const MOTIVE_LABELS: Record<string, string> = {
  DOCUMENT_MANQUANT: 'document manquant',
  CONDITION_ADMINISTRATIVE_NON_REMPLIE: 'condition administrative non remplie',
  AUTRE: 'autre motif',
  PERSONNE_INJOIGNABLE: 'personne injoignable',
};

export function refusalToError(result: RuleResult): RafaelError | null {
  if (result.ok) return null;
  return new RafaelError({
    code: result.code === 'FORBIDDEN' ? 'FORBIDDEN' : result.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'RULE_VIOLATION',
    message: result.message,
    ...(result.field ? { field: result.field } : {}),
  });
}

function check(result: RuleResult): void {
  const error = refusalToError(result);
  if (error) throw error;
}

function notFound(what: string): RafaelError {
  return new RafaelError({ code: 'NOT_FOUND', message: `${what} introuvable dans les données locales. Synchronisez puis réessayez.` });
}

export class Commands {
  constructor(
    private readonly store: LocalStore,
    private readonly read: ReadModel,
    private readonly journal: OutboxJournal,
    /** The journal is a second copy: failing to write it never fails a command, but it is reported. */
    private readonly onJournalError: (error: unknown) => void = () => undefined,
  ) {}

  giveAvis(ctx: CommandContext, candidatureId: string, decision: Decision, alsoInTransaction?: () => void): string {
    const candidature = this.read.candidature(ctx.structureId, candidatureId);
    if (!candidature) throw notFound('Candidature');
    const session = this.read.session(ctx.structureId, candidature.sessionId);
    if (!session) throw notFound('Session');
    check(canGiveAvis(ctx.membership.profile, session.orgRole));
    if (candidature.pendingMutationId) {
      throw new RafaelError({ code: 'RULE_VIOLATION', message: "Un avis sur cette candidature attend déjà d'être envoyé : il est définitif une fois transmis." });
    }
    check(validateAvis(decision, { candidature, session, today: ctx.today }));
    const name = `${candidature.candidate.firstName} ${candidature.candidate.lastName}`;
    const summary = decision.kind === 'RETENUE'
      ? `Avis retenu pour ${name}`
      : `Avis non retenu (${MOTIVE_LABELS[decision.motive] ?? decision.motive}) pour ${name}`;
    const mutation = this.mutation(ctx, 'avis', candidature.version, { candidatureId, decision });
    return this.queue(ctx, mutation, summary, () =>
      this.store.setCandidatureOverlay(ctx.structureId, candidatureId, decision.kind, ctx.today, mutation.id), alsoInTransaction,
    );
  }

  enrich(ctx: CommandContext, payload: EnrichPayload, alsoInTransaction?: () => void): string {
    const action = this.read.action(ctx.structureId, payload.actionId);
    if (!action) throw notFound('Action');
    // Allowed if any of the structure's roles on the action's sessions allows it.
    const results = this.read.rolesOnAction(ctx.structureId, payload.actionId).map((role) => canEnrichAction(ctx.membership.profile, role));
    if (!results.some((r) => r.ok)) check(results[0] ?? canEnrichAction(ctx.membership.profile, null));
    // A second edit before the first is sent replaces it: same base version, so the server does not see it as
    // someone else's change.
    const earlier = this.store.outbox(ctx.structureId).find((e) => e.mutation.kind === 'action.enrich' && e.mutation.payload.actionId === payload.actionId);
    const mutation = this.mutation(ctx, 'action.enrich', earlier ? earlier.mutation.baseVersion : action.version, payload);
    const id = this.queue(ctx, mutation, `Enrichissement de l'offre « ${action.title} »`, () => {
      if (earlier) this.store.removeFromOutbox(earlier.id);
      this.store.setActionOverlay(ctx.structureId, payload.actionId, { highlight: payload.highlight, webLink: payload.webLink }, mutation.id);
    }, alsoInTransaction);
    if (earlier) this.noteInJournal(() => this.journal.done(earlier.id));
    return id;
  }

  createPreRegistration(ctx: CommandContext, sessionId: string, candidate: Person): string {
    check(canCreatePreRegistration(this.actor(ctx)));
    const session = this.read.session(ctx.structureId, sessionId);
    if (!session) throw notFound('Session');
    if (session.status !== 'PUBLISHED') throw new RafaelError({ code: 'RULE_VIOLATION', message: "Cette session n'est plus ouverte aux préinscriptions." });
    const preRegistrationId = uuidv7();
    const pre: PreRegistration = {
      id: preRegistrationId, sessionId, prescriberStructureId: ctx.structureId, createdByUserId: ctx.user.id,
      createdByName: `${ctx.user.firstName} ${ctx.user.lastName}`, createdByProfile: ctx.membership.profile!, candidate,
      status: 'BROUILLON', candidatureId: null, createdAt: ctx.now.toISOString(), version: 0,
    };
    const mutation = this.mutation(ctx, 'preregistration.create', null, { preRegistrationId, sessionId, candidate });
    return this.queue(ctx, mutation, `Préinscription de ${candidate.firstName} ${candidate.lastName}`, () =>
      this.store.setPreRegistrationOverlay(ctx.structureId, preRegistrationId, sessionId, { mutationId: mutation.id, op: 'create', preRegistration: pre } satisfies PreRegistrationOverlay),
    );
  }

  validatePreRegistration(ctx: CommandContext, preRegistrationId: string): string {
    const pre = this.preRegistration(ctx.structureId, preRegistrationId);
    check(canValidatePreRegistration(this.actor(ctx), pre));
    const mutation = this.mutation(ctx, 'preregistration.validate', pre.version, { preRegistrationId });
    return this.queue(ctx, mutation, `Validation de la préinscription de ${pre.candidate.firstName} ${pre.candidate.lastName}`, () =>
      this.store.setPreRegistrationOverlay(ctx.structureId, pre.id, pre.sessionId, { mutationId: mutation.id, op: 'validate', preRegistration: { ...pre, status: 'VALIDEE' } } satisfies PreRegistrationOverlay),
    );
  }

  deletePreRegistration(ctx: CommandContext, preRegistrationId: string): string {
    const pre = this.preRegistration(ctx.structureId, preRegistrationId);
    check(canDeletePreRegistration(this.actor(ctx), pre));
    const mutation = this.mutation(ctx, 'preregistration.delete', pre.version, { preRegistrationId });
    return this.queue(ctx, mutation, `Suppression de la préinscription de ${pre.candidate.firstName} ${pre.candidate.lastName}`, () =>
      this.store.setPreRegistrationOverlay(ctx.structureId, pre.id, pre.sessionId, { mutationId: mutation.id, op: 'delete', preRegistration: pre } satisfies PreRegistrationOverlay),
    );
  }

  /** A rejected avis or enrichment, edited and sent again as a new mutation; the conflict goes once it is queued. */
  resubmit(ctx: CommandContext, conflictId: string, edit: { decision?: Decision | undefined; enrich?: EnrichPayload | undefined }): string {
    const conflict = this.store.conflict(conflictId);
    if (!conflict || conflict.structureId !== ctx.structureId) throw notFound('Conflit');
    if (!canResubmit(conflict.code)) {
      throw new RafaelError({ code: 'RULE_VIOLATION', message: 'Ce refus est définitif : renvoyer la même décision ne peut pas aboutir. Abandonnez-la.' });
    }
    const m = conflict.mutation;
    // The conflict goes in the same transaction as the new mutation: never both, never neither.
    const removeConflict = () => this.store.removeConflict(conflictId);
    if (m.kind === 'avis') return this.giveAvis(ctx, m.payload.candidatureId, edit.decision ?? m.payload.decision, removeConflict);
    if (m.kind === 'action.enrich') return this.enrich(ctx, edit.enrich ?? m.payload, removeConflict);
    throw new RafaelError({ code: 'RULE_VIOLATION', message: 'Une opération de préinscription refusée ne se renvoie pas : refaites-la depuis la liste.' });
  }

  discard(conflictId: string): void {
    if (!this.store.conflict(conflictId)) throw notFound('Conflit');
    this.store.removeConflict(conflictId);
  }

  private actor(ctx: CommandContext): PrescriberActor {
    return { userId: ctx.user.id, structureId: ctx.structureId, profile: ctx.membership.profile };
  }

  private preRegistration(structureId: string, id: string): PreRegistration {
    const pre = this.read.preRegistration(structureId, id);
    if (!pre) throw notFound('Préinscription');
    if (pre.pendingOp) throw new RafaelError({ code: 'RULE_VIOLATION', message: "Une opération sur cette préinscription attend déjà d'être envoyée." });
    return pre.preRegistration;
  }

  private mutation<K extends Mutation['kind']>(ctx: CommandContext, kind: K, baseVersion: number | null, payload: Extract<Mutation, { kind: K }>['payload']): Mutation {
    return { id: uuidv7(), kind, baseVersion, createdAt: ctx.now.toISOString(), payload } as Mutation;
  }

  private queue(ctx: CommandContext, mutation: Mutation, summary: string, overlay: () => void, alsoInTransaction: () => void = () => undefined): string {
    const { structureId } = ctx;
    this.store.transaction(() => {
      this.store.enqueue(structureId, mutation, summary);
      overlay();
      alsoInTransaction();
    });
    // After the commit: a journal line without its outbox row would resurrect a decision that never happened.
    // The journal is a second copy: if it cannot be written (disk full), the decision is still queued, and the
    // journal is rebuilt from the outbox at the next start.
    this.noteInJournal(() => this.journal.added({ structureId, summary, mutation, userId: ctx.user.id }));
    return mutation.id;
  }

  private noteInJournal(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.onJournalError(error);
    }
  }
}
