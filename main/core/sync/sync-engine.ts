// Pull, push and reconciliation for one structure at a time, plus the scheduler that decides when.
// - Pull applies each validated page together with its cursor in one transaction: an interrupted sync resumes
//   where it stopped and a malformed page changes nothing.
// - Push sends the outbox in order and in batches; each result is reconciled on its own: applied rows replace the
//   overlay, a rejection becomes a conflict and undoes the overlay, and never holds back the mutations behind it.
// - A 401 pauses everything until the user signs in again; the outbox is untouched.
import type { Logger } from 'pino';
import type { LocalStore } from '../local-store';
import { ServerCallError, type ServerClient } from './server-client';
import { MAX_MUTATIONS_PER_PUSH } from '../../../shared/protocol/sync';

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
    if (current) return current.then(() => this.sync(structureId));
    const run = this.round(structureId).finally(() => this.running.delete(structureId));
    this.running.set(structureId, run);
    return run;
  }

  private async round(structureId: string): Promise<void> {
    if (this.needsSignIn) return;
    this.syncing = true;
    this.o.events.status();
    try {
      await this.push(structureId);
      await this.pull(structureId);
      this.online = true;
      this.lastError = null;
    } catch (error) {
      this.handleError(error);
      throw error;
    } finally {
      this.syncing = false;
      this.o.events.status();
    }
  }

  private handleError(error: unknown): void {
    if (error instanceof ServerCallError) {
      // Unreachable means offline; any HTTP answer, even an error, proves the server is reachable.
      this.online = error.kind !== 'unreachable';
      if (error.kind === 'unauthenticated') this.needsSignIn = true;
      this.lastError = error.message;
    } else {
      this.lastError = error instanceof Error ? error.message : String(error);
    }
    this.o.logger.warn({ kind: error instanceof ServerCallError ? error.kind : 'internal' }, 'sync failed');
  }

  async pull(structureId: string): Promise<void> {
    const { store, client } = this.o;
    let state = store.getSyncState(structureId);
    let done = 0;
    for (;;) {
      let page;
      try {
        page = await client.pull(structureId, state?.cursor ?? null, this.o.pageSize ?? 1000);
      } catch (error) {
        if (error instanceof ServerCallError && error.kind === 'resync') {
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
    for (;;) {
      const batch = store.outbox(structureId, MAX_MUTATIONS_PER_PUSH);
      if (batch.length === 0) return;
      let response;
      try {
        response = await client.push(structureId, { clientId: this.o.clientId, mutations: batch.map((e) => e.mutation) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        store.transaction(() => batch.forEach((e) => store.recordPushFailure(e.id, message)));
        if (error instanceof ServerCallError && error.kind === 'rejected') {
          // The batch as a whole was refused (e.g. 400): one bad entry must not block the queue forever.
          this.rejectWhole(structureId, batch, error);
          continue;
        }
        throw error;
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
          } else {
            store.addConflict({ id: entry.id, structureId, mutation: entry.mutation, code: result.code, message: result.message, summary: entry.summary, rejectedAt: now });
            store.clearOverlay(entry.id);
            newConflicts.push(entry.id);
          }
          store.removeFromOutbox(entry.id);
          settled.push(entry.id);
        }
      });
      this.o.events.settled(settled);
      this.o.events.changed(structureId);
      if (newConflicts.length) this.o.events.conflicts(newConflicts);
      if (byId.size === 0) return;
    }
  }

  private rejectWhole(structureId: string, batch: ReturnType<LocalStore['outbox']>, error: ServerCallError): void {
    const apiCode = error.apiError?.code;
    const code = apiCode === 'FORBIDDEN' || apiCode === 'NOT_FOUND' ? apiCode : 'INVALID';
    const { store } = this.o;
    const now = this.o.clock().toISOString();
    // Only the first entry is moved aside, so a single malformed mutation cannot hold the others back.
    const first = batch[0]!;
    store.transaction(() => {
      store.addConflict({ id: first.id, structureId, mutation: first.mutation, code, message: error.message, summary: first.summary, rejectedAt: now });
      store.clearOverlay(first.id);
      store.removeFromOutbox(first.id);
    });
    this.o.events.settled([first.id]);
    this.o.events.conflicts([first.id]);
  }
}

/**
 * When to sync: soon after each command, periodically, on demand and when the OS says the network is back;
 * backs off exponentially while the server fails.
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly o: { intervalMs: number; pushDelayMs: number; maxBackoffMs?: number },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
  /** A command was queued: push soon. */
  poke(): void {
    this.schedule(this.o.pushDelayMs);
  }
  async now(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tick();
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    try {
      await this.run();
      this.failures = 0;
      this.schedule(this.o.intervalMs);
    } catch {
      this.failures++;
      const backoff = Math.min(this.o.maxBackoffMs ?? 60_000, 1000 * 2 ** Math.min(this.failures, 10));
      this.schedule(backoff * (0.5 + Math.random() / 2));
    }
  }
}
