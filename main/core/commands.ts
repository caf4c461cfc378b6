// User commands, local first: each is checked with the shared rules and rights against local data, then written to
// the outbox together with its optimistic overlay in one transaction, and noted in the outbox journal. The server
// stays the authority: what it refuses later comes back as a conflict.
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { LocalStore, OutboxEntry } from './local-store';
import type { OutboxJournal } from './outbox-journal';
import { RafaelError } from '../../shared/ipc/contract';
import type { ErrorReason, LocalEntity } from '../../shared/ipc/errors';
import { DecisionSummary } from '../../shared/ipc/views';
import type { Decision, EnrichPayload, Mutation } from '../../shared/protocol/sync';
import type { Membership, Person, PreRegistration, User } from '../../shared/protocol/entities';
import type { CalendarDate } from '../../shared/domain/calendar-date';
import type { RuleResult } from '../../shared/domain/rule-result';
import { normalizeDecision, validateAvis } from '../../shared/domain/avis';
import { canEnrichAction, canGiveAvis } from '../../shared/domain/rights';
import { canCreatePreRegistration, canDeletePreRegistration, canValidatePreRegistration, type PrescriberActor } from '../../shared/domain/pre-registration-rights';
import type { ReadModel } from './queries/read-model';
import { canResubmit } from './conflict-advice';

/** Who acts, where and when: the active structure of the signed-in user. */
export type CommandContext = { structureId: string; user: User; membership: Membership; today: CalendarDate; now: Date };

/** What a pre-registration overlay holds: the row as the user now sees it, and which operation is pending. */
export type PreRegistrationOverlay = { mutationId: string; op: 'create' | 'validate' | 'delete'; preRegistration: PreRegistration };

/**
 * An outbox line's summary as stored (outbox, conflicts and journal keep it as text): what the decision is about, in
 * JSON. The renderer words it with the mutation (shared/ipc/views DecisionSummary).
 */
function storedSummary(subject: string): string {
  return JSON.stringify({ subject });
}

/** A stored summary; one stored before summaries were data is the sentence itself. */
export function readSummary(stored: string): DecisionSummary {
  try {
    const parsed = DecisionSummary.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: an older row
  }
  return { text: stored };
}

const fullName = (person: Pick<Person, 'firstName' | 'lastName'>) => `${person.firstName} ${person.lastName}`;

/**
 * Why a queued decision can no longer be taken back or edited, or null while it can: it may be changed only while
 * the server cannot have seen it: not being sent right now, and never sent before (an attempt without an answer may
 * have reached the server, which applies each mutation once: changing it then would make the screen and the server
 * disagree).
 */
export function queuedUnchangeableReason(entry: Pick<OutboxEntry, 'id' | 'attempts'>, inFlight: ReadonlySet<string>): 'sendingNow' | 'sentWithoutAnswer' | null {
  if (inFlight.has(entry.id)) return 'sendingNow';
  if (entry.attempts > 0) return 'sentWithoutAnswer';
  return null;
}

export function refusalToError(result: RuleResult): RafaelError | null {
  if (result.ok) return null;
  return new RafaelError({
    code: result.code === 'FORBIDDEN' ? 'FORBIDDEN' : result.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'RULE_VIOLATION',
    message: `refused by a shared rule (${result.code})`,
    reason: { key: 'rule', params: { code: result.code, message: result.message } },
    ...(result.field ? { field: result.field } : {}),
  });
}

function check(result: RuleResult): void {
  const error = refusalToError(result);
  if (error) throw error;
}

function notFound(entity: LocalEntity): RafaelError {
  return new RafaelError({ code: 'NOT_FOUND', message: `${entity} not in the local data`, reason: { key: 'notFoundLocally', params: { entity } } });
}

function ruleViolation(message: string, reason: ErrorReason): RafaelError {
  return new RafaelError({ code: 'RULE_VIOLATION', message, reason });
}

/**
 * A new time-ordered id. Its random bits come from node:crypto, already loaded by the core: uuid's default source,
 * the Web Crypto global, loads its modules on first use, ~1 ms of a user's first command.
 */
function newId(): string {
  return uuidv7({ random: randomBytes(16) });
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
    if (!candidature) throw notFound('candidature');
    const session = this.read.session(ctx.structureId, candidature.sessionId);
    if (!session) throw notFound('session');
    check(canGiveAvis(ctx.membership.profile, session.orgRole));
    if (candidature.pendingMutationId) {
      throw ruleViolation('an avis on this candidature is already queued', { key: 'avisAlreadyQueued' });
    }
    const recorded = normalizeDecision(decision);
    check(validateAvis(recorded, { candidature, session, today: ctx.today }));
    const mutation = this.mutation(ctx, 'avis', candidature.version, { candidatureId, decision: recorded });
    return this.queue(ctx, mutation, fullName(candidature.candidate), () =>
      this.store.setCandidatureOverlay(ctx.structureId, candidatureId, recorded.kind, ctx.today, mutation.id), alsoInTransaction,
    );
  }

  /**
   * Takes back a queued decision that was never sent: its overlay and outbox entry go in one transaction, and the
   * journal forgets it, so it never reaches the server.
   */
  cancelQueued(ctx: CommandContext, id: string, inFlight: ReadonlySet<string>): void {
    const entry = this.changeableEntry(ctx, id, inFlight);
    this.store.transaction(() => {
      this.store.clearOverlay(entry.id);
      this.store.removeFromOutbox(entry.id);
    });
    this.noteInJournal(() => this.journal.done(entry.id));
  }

  /**
   * Replaces the content of a queued avis that was never sent. The mutation keeps its id (it is one decision, sent
   * once, with its final content) and takes the new decision time; the overlay follows.
   */
  editQueued(ctx: CommandContext, id: string, decision: Decision, inFlight: ReadonlySet<string>): string {
    const entry = this.changeableEntry(ctx, id, inFlight);
    const m = entry.mutation;
    if (m.kind !== 'avis') throw ruleViolation(`only a queued avis can be edited, not ${m.kind}`, { key: 'onlyAvisEditable' });
    const candidature = this.read.candidature(ctx.structureId, m.payload.candidatureId, { overlay: false });
    if (!candidature) throw notFound('candidature');
    const session = this.read.session(ctx.structureId, candidature.sessionId);
    if (!session) throw notFound('session');
    const recorded = normalizeDecision(decision);
    check(validateAvis(recorded, { candidature, session, today: ctx.today }));
    const edited: Mutation = { ...m, decidedAt: ctx.now.toISOString(), payload: { ...m.payload, decision: recorded } };
    const summary = storedSummary(fullName(candidature.candidate));
    this.store.transaction(() => {
      this.store.replaceQueued(entry.id, edited, summary);
      this.store.setCandidatureOverlay(ctx.structureId, candidature.id, recorded.kind, ctx.today, entry.id);
    });
    this.noteInJournal(() => this.journal.added({ structureId: ctx.structureId, summary, mutation: edited, userId: ctx.user.id }));
    return entry.id;
  }

  private changeableEntry(ctx: CommandContext, id: string, inFlight: ReadonlySet<string>): OutboxEntry {
    const entry = this.store.outbox(ctx.structureId).find((e) => e.id === id);
    if (!entry) throw new RafaelError({ code: 'NOT_FOUND', message: 'no longer in the outbox', reason: { key: 'notInOutbox' } });
    const why = queuedUnchangeableReason(entry, inFlight);
    if (why) throw ruleViolation(`the queued decision can no longer change (${why})`, { key: why });
    return entry;
  }

  enrich(ctx: CommandContext, payload: EnrichPayload, alsoInTransaction?: () => void): string {
    const action = this.read.action(ctx.structureId, payload.actionId);
    if (!action) throw notFound('action');
    // Allowed if any of the structure's roles on the action's sessions allows it.
    const results = this.read.rolesOnAction(ctx.structureId, payload.actionId).map((role) => canEnrichAction(ctx.membership.profile, role));
    if (!results.some((r) => r.ok)) check(results[0] ?? canEnrichAction(ctx.membership.profile, null));
    // A second edit before the first is sent replaces it: same base version, so the server does not see it as
    // someone else's change.
    const earlier = this.store.outbox(ctx.structureId).find((e) => e.mutation.kind === 'action.enrich' && e.mutation.payload.actionId === payload.actionId);
    const mutation = this.mutation(ctx, 'action.enrich', earlier ? earlier.mutation.baseVersion : action.version, payload);
    const id = this.queue(ctx, mutation, action.title, () => {
      if (earlier) this.store.removeFromOutbox(earlier.id);
      this.store.setActionOverlay(ctx.structureId, payload.actionId, { highlight: payload.highlight, webLink: payload.webLink }, mutation.id);
    }, alsoInTransaction);
    if (earlier) this.noteInJournal(() => this.journal.done(earlier.id));
    return id;
  }

  createPreRegistration(ctx: CommandContext, sessionId: string, candidate: Person): string {
    check(canCreatePreRegistration(this.actor(ctx)));
    const session = this.read.session(ctx.structureId, sessionId);
    if (!session) throw notFound('session');
    if (session.status !== 'PUBLISHED') throw ruleViolation(`session ${session.status}: no pre-registration`, { key: 'sessionNotOpenForPreRegistration' });
    const preRegistrationId = newId();
    const pre: PreRegistration = {
      id: preRegistrationId, sessionId, prescriberStructureId: ctx.structureId, createdByUserId: ctx.user.id,
      createdByName: `${ctx.user.firstName} ${ctx.user.lastName}`, createdByProfile: ctx.membership.profile!, candidate,
      status: 'BROUILLON', candidatureId: null, createdAt: ctx.now.toISOString(), version: 0,
    };
    const mutation = this.mutation(ctx, 'preregistration.create', null, { preRegistrationId, sessionId, candidate });
    return this.queue(ctx, mutation, fullName(candidate), () =>
      this.store.setPreRegistrationOverlay(ctx.structureId, preRegistrationId, sessionId, { mutationId: mutation.id, op: 'create', preRegistration: pre } satisfies PreRegistrationOverlay),
    );
  }

  validatePreRegistration(ctx: CommandContext, preRegistrationId: string): string {
    const pre = this.preRegistration(ctx.structureId, preRegistrationId);
    check(canValidatePreRegistration(this.actor(ctx), pre));
    // Capacity on the counter everyone sees (the server's tallies plus this user's unsent validations).
    const capacity = this.read.canApplyOn(ctx.structureId, pre.sessionId, ctx.today);
    if (!capacity) throw notFound('session');
    check(capacity);
    const mutation = this.mutation(ctx, 'preregistration.validate', pre.version, { preRegistrationId });
    return this.queue(ctx, mutation, fullName(pre.candidate), () =>
      this.store.setPreRegistrationOverlay(ctx.structureId, pre.id, pre.sessionId, { mutationId: mutation.id, op: 'validate', preRegistration: { ...pre, status: 'VALIDEE' } } satisfies PreRegistrationOverlay),
    );
  }

  deletePreRegistration(ctx: CommandContext, preRegistrationId: string): string {
    const pre = this.preRegistration(ctx.structureId, preRegistrationId);
    check(canDeletePreRegistration(this.actor(ctx), pre));
    const mutation = this.mutation(ctx, 'preregistration.delete', pre.version, { preRegistrationId });
    return this.queue(ctx, mutation, fullName(pre.candidate), () =>
      this.store.setPreRegistrationOverlay(ctx.structureId, pre.id, pre.sessionId, { mutationId: mutation.id, op: 'delete', preRegistration: pre } satisfies PreRegistrationOverlay),
    );
  }

  /** A rejected avis or enrichment, edited and sent again as a new mutation; the conflict goes once it is queued. */
  resubmit(ctx: CommandContext, conflictId: string, edit: { decision?: Decision | undefined; enrich?: EnrichPayload | undefined }): string {
    const conflict = this.store.conflict(conflictId);
    if (!conflict || conflict.structureId !== ctx.structureId) throw notFound('conflict');
    if (!canResubmit(conflict.code)) {
      throw ruleViolation(`a ${conflict.code} refusal is final`, { key: 'refusalIsFinal', params: { code: conflict.code } });
    }
    const m = conflict.mutation;
    // The conflict goes in the same transaction as the new mutation: never both, never neither.
    const removeConflict = () => this.store.removeConflict(conflictId);
    if (m.kind === 'avis') return this.giveAvis(ctx, m.payload.candidatureId, edit.decision ?? m.payload.decision, removeConflict);
    if (m.kind === 'action.enrich') return this.enrich(ctx, edit.enrich ?? m.payload, removeConflict);
    throw ruleViolation(`a refused ${m.kind} is not resubmitted`, { key: 'preRegistrationNotResubmittable' });
  }

  discard(conflictId: string): void {
    if (!this.store.conflict(conflictId)) throw notFound('conflict');
    this.store.removeConflict(conflictId);
  }

  private actor(ctx: CommandContext): PrescriberActor {
    return { userId: ctx.user.id, structureId: ctx.structureId, profile: ctx.membership.profile };
  }

  private preRegistration(structureId: string, id: string): PreRegistration {
    const pre = this.read.preRegistration(structureId, id);
    if (!pre) throw notFound('preRegistration');
    if (pre.pendingOp) throw ruleViolation('an operation on this pre-registration is already queued', { key: 'preRegistrationOperationQueued' });
    return pre.preRegistration;
  }

  private mutation<K extends Mutation['kind']>(ctx: CommandContext, kind: K, baseVersion: number | null, payload: Extract<Mutation, { kind: K }>['payload']): Mutation {
    const now = ctx.now.toISOString();
    return { id: newId(), kind, baseVersion, createdAt: now, decidedAt: now, payload } as Mutation;
  }

  /** `subject`: what the decision is about (a name, a title), kept as its summary. */
  private queue(ctx: CommandContext, mutation: Mutation, subject: string, overlay: () => void, alsoInTransaction: () => void = () => undefined): string {
    const { structureId } = ctx;
    const summary = storedSummary(subject);
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
