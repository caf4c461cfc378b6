// Pull, push and reconciliation for one structure at a time, plus the scheduler that decides when.
// - Pull applies each validated page together with its cursor in one transaction: an interrupted sync resumes
//   where it stopped and a malformed page changes nothing.
// - Push sends the outbox in order and in batches; each result is reconciled on its own: applied rows replace the
//   overlay, a rejection becomes a conflict and undoes the overlay, and never holds back the mutations behind it.
// - A 401 pauses everything until the user signs in again; the outbox is untouched.
import type { Logger } from 'pino';
import type { LocalStore, OutboxEntry } from '../local-store';
import { ServerCallError, type ServerClient } from './server-client';
import { MAX_MUTATIONS_PER_PUSH } from '../../../shared/protocol/sync';

const INTERNAL_SYNC_ERROR = 'Erreur interne pendant la synchronisation : vos décisions restent en file d’envoi. Si elle persiste, transmettez les journaux au support.';

/** A pull that stored this many rows changed the data's shape enough to refresh the planner's statistics. */
const BULK_LOAD_ROWS = 5000;

export type SyncEvents = {
  progress(structureId: string, done: number, expected: number): void;
  changed(structureId: string): void;
  conflicts(ids: string[]): void;
  /** Outbox entries settled (applied or rejected), after their transaction committed. */
  settled(ids: string[]): void;
  status(): void;
};

export type SyncEngineOptions = {
  store: LocalStore;
  client: ServerClient;
  clientId: string;
  events: SyncEvents;
  clock: () => Date;
  logger: Logger;
  pageSize?: number;
};

export class SyncEngine {
  online = true;
  syncing = false;
  needsSignIn = false;
  /** Set while the local data is being wiped (sign-out): no round starts. */
  suspended = false;
  lastError: string | null = null;
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly o: SyncEngineOptions) {}

  /** Resolves once no sync is running (used before closing the database). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  /** One full round for a structure: push what is pending, then pull. Never two at once for one structure. */
  sync(structureId: string): Promise<void> {
    const current = this.running.get(structureId);
    // A round asked for while one runs goes after it, whatever the first one's outcome.
    if (current) return current.catch(() => undefined).then(() => this.sync(structureId));
    const run = this.round(structureId).finally(() => this.running.delete(structureId));
    this.running.set(structureId, run);
    return run;
  }

  private async round(structureId: string): Promise<void> {
    if (this.needsSignIn || this.suspended) return;
    this.syncing = true;
    this.o.events.status();
    try {
      // A push that fails for a reason of its own (a server error on one batch) must not stop the pulls; the failure
      // is still reported after the pull so the scheduler backs off.
      let pushFailure: unknown = null;
      try {
        await this.push(structureId);
      } catch (error) {
        if (error instanceof ServerCallError && (error.kind === 'unreachable' || error.kind === 'unauthenticated')) throw error;
        pushFailure = error;
      }
      await this.pull(structureId);
      if (pushFailure) throw pushFailure;
      this.online = true;
      this.lastError = null;
    } catch (error) {
      this.recordFailure(error);
      throw error;
    } finally {
      this.syncing = false;
      this.o.events.status();
    }
  }

  /** What a failed call says about the connection and the session (also used for calls made outside a round). */
  recordFailure(error: unknown): void {
    if (error instanceof ServerCallError) {
      // Unreachable means offline; any HTTP answer, even an error, proves the server is reachable.
      this.online = error.kind !== 'unreachable';
      if (error.kind === 'unauthenticated') this.needsSignIn = true;
      this.lastError = error.message;
    } else {
      // Not the server's words: a bug or a local fault. The user gets a sentence, the log gets the error.
      this.lastError = INTERNAL_SYNC_ERROR;
      this.o.logger.error({ err: error }, 'sync failed on an internal error');
    }
    this.o.logger.warn({ kind: error instanceof ServerCallError ? error.kind : 'internal' }, 'sync failed');
  }

  async pull(structureId: string): Promise<void> {
    const { store, client } = this.o;
    let state = store.getSyncState(structureId);
    let done = 0;
    let resynced = false;
    for (;;) {
      if (this.suspended) return; // sign-out: stop between pages
      let page;
      try {
        page = await client.pull(structureId, state?.cursor ?? null, this.o.pageSize ?? 1000);
      } catch (error) {
        if (error instanceof ServerCallError && error.kind === 'resync') {
          // Once per pull: a server that answers "resync" even to a request without cursor is broken, not stale.
          if (resynced) throw new ServerCallError('server', 'Le serveur demande une resynchronisation en boucle : réessayez plus tard.', error.status);
          resynced = true;
          this.o.logger.info('server asked for a full resync');
          store.transaction(() => {
            store.markStale(structureId);
            store.setCursor(structureId, null, null);
            store.setResyncing(structureId, true);
          });
          state = store.getSyncState(structureId);
          continue;
        }
        throw error;
      }
      const now = this.o.clock().toISOString();
      store.transaction(() => {
        done += store.applyServerRows(structureId, page.changes, page.removed);
        store.setCursor(structureId, page.cursor, page.hasMore ? null : now);
        if (!page.hasMore && store.getSyncState(structureId)?.resyncing) {
          store.sweepStale(structureId);
          store.setResyncing(structureId, false);
        }
      });
      state = store.getSyncState(structureId);
      this.o.events.progress(structureId, done, done + page.remaining);
      this.o.events.changed(structureId);
      if (!page.hasMore) {
        if (done >= BULK_LOAD_ROWS) store.analyze();
        return;
      }
    }
  }

  async push(structureId: string): Promise<void> {
    const { store, client } = this.o;
    let batchSize = MAX_MUTATIONS_PER_PUSH;
    for (;;) {
      if (this.suspended) return;
      const batch = store.outbox(structureId, batchSize);
      if (batch.length === 0) return;
      let response;
      try {
        response = await client.push(structureId, { clientId: this.o.clientId, mutations: batch.map((e) => e.mutation) });
      } catch (error) {
        const message = error instanceof ServerCallError ? error.message : INTERNAL_SYNC_ERROR;
        store.transaction(() => batch.forEach((e) => store.recordPushFailure(e.id, message)));
        if (!(error instanceof ServerCallError) || !isMutationRefusal(error)) throw error; // kept, retried later
        if (batch.length > 1) {
          // The server refused the batch because of one of its mutations: send them one by one to find it.
          batchSize = 1;
          continue;
        }
        this.rejectAlone(batch[0]!, error);
        continue;
      }
      const byId = new Map(response.results.map((r) => [r.id, r]));
      const newConflicts: string[] = [];
      const settled: string[] = [];
      const now = this.o.clock().toISOString();
      store.transaction(() => {
        for (const entry of batch) {
          const result = byId.get(entry.id);
          if (!result) continue; // not answered: stays queued, sent again (idempotent)
          if (result.status === 'applied') {
            store.applyServerRows(structureId, result.changes, result.removed);
            store.clearOverlay(entry.id);
            store.removeFromOutbox(entry.id);
          } else {
            store.rejectEntry(entry, result.code, result.message, now);
            newConflicts.push(entry.id);
          }
          settled.push(entry.id);
        }
      });
      this.o.events.settled(settled);
      this.o.events.changed(structureId);
      if (newConflicts.length) this.o.events.conflicts(newConflicts);
      // An answer that settles nothing of what was sent would make this loop spin: treat it as a server fault.
      if (settled.length === 0) throw new ServerCallError('malformed', "Réponse du serveur sans résultat pour les décisions envoyées : elles restent en file d'envoi.");
    }
  }

  /** A single mutation the server refused as a request (not in a per-mutation result): it becomes a conflict. */
  private rejectAlone(entry: OutboxEntry, error: ServerCallError): void {
    const { store } = this.o;
    const code = error.apiError?.code === 'VALIDATION' ? 'INVALID' : (error.apiError?.code as 'FORBIDDEN' | 'NOT_FOUND');
    store.transaction(() => store.rejectEntry(entry, code, error.message, this.o.clock().toISOString()));
    this.o.events.settled([entry.id]);
    this.o.events.conflicts([entry.id]);
  }
}

/**
 * Whether a whole-request refusal is the server's verdict on the mutations (our API's own error body saying the
 * request is invalid, or that the structure is gone or forbidden to this user) rather than a transport problem
 * (a proxy's 403 or 413, a maintenance page): only the former may turn a decision into a conflict.
 */
function isMutationRefusal(error: ServerCallError): boolean {
  if (error.kind !== 'rejected' || !error.apiError) return false;
  return (error.status === 400 && error.apiError.code === 'VALIDATION')
    || (error.status === 403 && error.apiError.code === 'FORBIDDEN')
    || (error.status === 404 && error.apiError.code === 'NOT_FOUND');
}

/**
 * When to sync: soon after each command, periodically, on demand and when the OS says the network is back;
 * backs off exponentially while the server fails.
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private failures = 0;
  private stopped = false;
  private ticking = false;
  /** A push was asked for while a round ran: it gets its own round soon after. */
  private pokedDuringTick = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly o: { intervalMs: number; pushDelayMs: number; maxBackoffMs?: number },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0, true);
  }
  stop(): void {
    this.stopped = true;
    this.clear();
  }
  /** A command was queued: push soon (never later than a round already due sooner). */
  poke(): void {
    if (this.ticking) this.pokedDuringTick = true;
    else this.schedule(this.o.pushDelayMs);
  }
  async now(): Promise<void> {
    this.clear();
    await this.tick();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
  }

  /** Keeps the earlier of the pending and the new due time, unless `replace` (after a round, the next one is set anew). */
  private schedule(delay: number, replace = false): void {
    if (this.stopped) return;
    const due = Date.now() + delay;
    if (!replace && due >= this.dueAt) return;
    this.clear();
    this.dueAt = due;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.ticking = true;
    this.pokedDuringTick = false;
    let next: number;
    try {
      await this.run();
      this.failures = 0;
      next = this.o.intervalMs;
    } catch {
      this.failures++;
      const backoff = Math.min(this.o.maxBackoffMs ?? 60_000, 1000 * 2 ** Math.min(this.failures, 10));
      next = backoff * (0.5 + Math.random() / 2);
    } finally {
      this.ticking = false;
    }
    this.schedule(this.pokedDuringTick && this.failures === 0 ? this.o.pushDelayMs : next, true);
  }
}
