// What the renderer sees of the outbox and of the conflicts: the stored entries with what the user may do about
// them (change a queued decision while it waits, resubmit a refused one) and the candidature they concern.
import type { Conflict, PendingMutation } from '../../shared/ipc/views';
import { RejectionCode } from '../../shared/domain/vocabulary';
import { queuedUnchangeableReason, readSummary } from './commands';
import { canResubmit } from './conflict-advice';
import type { CoreEvents } from './core-events';
import type { ConflictEntry, LocalStore, OutboxEntry } from './local-store';
import { readPushFailure, type SyncEngine } from './sync/sync-engine';

export function conflictView(c: ConflictEntry): Conflict {
  const code = RejectionCode.safeParse(c.code);
  return {
    id: c.id, mutation: c.mutation, code: code.success ? code.data : 'INVALID', message: c.message, summary: readSummary(c.summary),
    canResubmit: canResubmit(c.code), rejectedAt: c.rejectedAt,
    field: c.details.field ?? null, decidedBy: c.details.decidedBy ?? null, decidedAt: c.details.decidedAt ?? null, reason: c.details.reason ?? null,
    candidatureId: c.mutation.kind === 'avis' ? c.mutation.payload.candidatureId : null,
  };
}

const changeable = (why: 'sendingNow' | 'sentWithoutAnswer' | null): PendingMutation['changeable'] => ({ allowed: why === null, reason: why && { key: why } });

/** A queued entry may be changed until it is sent: the engine knows what is in flight and when the undo window ends. */
export function pendingView(e: OutboxEntry, engine: Pick<SyncEngine, 'inFlight' | 'holdUntil'>): PendingMutation {
  return {
    id: e.id, kind: e.mutation.kind, mutation: e.mutation, summary: readSummary(e.summary), createdAt: e.createdAt, attempts: e.attempts, lastError: readPushFailure(e.lastError),
    changeable: changeable(queuedUnchangeableReason(e, engine.inFlight)),
    holdUntil: new Date(engine.holdUntil(e)).toISOString(),
    candidatureId: e.mutation.kind === 'avis' ? e.mutation.payload.candidatureId : null,
  };
}

/** Tells the renderer about outbox entries that just became conflicts (refused by the server, or their structure left). */
export function announceConflicts(events: CoreEvents, store: LocalStore, ids: readonly string[]): void {
  const conflicts = ids.map((id) => store.conflict(id)).filter((c): c is ConflictEntry => c !== null).map(conflictView);
  if (conflicts.length) events.emit('conflicts.added', { count: conflicts.length, conflicts });
}
