// Pull, push and reconciliation for one structure at a time, plus the scheduler that decides when.
// - A first sync or a resync loads the structure's snapshot (bootstrap-loader.ts), then pulls deltas from its cursor,
//   unless the snapshot's end line says nothing was written while it streamed.
// - Pull applies each validated delta page together with its cursor in one transaction, written in slices between
//   which the event loop runs (delta-apply.ts): an interrupted pull resumes where it stopped and a malformed page
//   changes nothing. No checkpoint runs in its commits: the background connection takes them after each page.
// - Push sends the outbox in order and in batches; each result is reconciled on its own: applied rows replace the
//   overlay, a rejection becomes a conflict and undoes the overlay, and never holds back the mutations behind it.
// - A 401 pauses everything until the user signs in again; the outbox is untouched.
// - What it shows of itself (online, syncing, needs sign-in, last error) changes only through its methods, each change
//   told through one event (`status`), from which the core derives app.state and sync.status (app-status.ts).
import type { Logger } from 'pino';
import type { LocalStore, OutboxEntry } from '../local-store';
import { ServerCallError, WorkingOfflineError, type ServerClient } from './server-client';
import { MAX_MUTATIONS_PER_PUSH, type PullPage } from '../../../shared/protocol/sync';
import { loadSnapshot, type LoadedSnapshot } from './bootstrap-loader';
import { applyPageInSlices } from './delta-apply';
import { ErrorReason } from '../../../shared/ipc/errors';

/** What the user is told of a failure that is not the server's (a bug, a local fault); the log gets the error. */
const INTERNAL_SYNC_ERROR: ErrorReason = { key: 'syncInternal' };

/**
 * Delta pages as large as the server serves: a thousand avis given elsewhere come with their sessions' restamped
 * entry points, and each page costs a round trip and a commit of its own.
 */
const DELTA_PAGE_SIZE = 5000;

/**
 * A load or a delta that stored this many rows changed the data's shape enough to refresh the planner's statistics.
 * Not less: the analysis runs on the background connection, and a user's command made meanwhile waits for it.
 */
const BULK_LOAD_ROWS = 5000;
const BULK_DELTA_ROWS = 20_000;

export type SyncEvents = {
  progress(structureId: string, done: number, expected: number): void;
  changed(structureId: string): void;
  conflicts(ids: string[]): void;
  /** Outbox entries settled (applied or rejected), after their transaction committed. */
  settled(ids: string[]): void;
  /** The engine's state changed, or a round began or ended (a round changes the outbox and rows the status counts). */
  status(): void;
};

/** What the engine shows of itself. */
/** `lastError`: why the last round failed, as a reason the renderer words (shared/ipc/errors.ts). */
export type EngineState = { online: boolean; syncing: boolean; needsSignIn: boolean; lastError: ErrorReason | null };

export type SyncEngineOptions = {
  store: LocalStore;
  client: ServerClient;
  clientId: string;
  events: SyncEvents;
  clock: () => Date;
  logger: Logger;
  pageSize?: number;
  /** See BootstrapOptions.dropIndexesFromRows. */
  dropIndexesFromRows?: number;
  /**
   * The undo window: a mutation is not sent before this long after the user decided (even online), so that
   * « Annuler » really takes it back. 0 sends at once.
   */
  undoWindowMs?: number;
  /** « Travailler hors connexion »: no round starts; one in flight stops at its next request (the client refuses it). */
  workingOffline?: () => boolean;
};

export class SyncEngine {
  private state: EngineState = { online: true, syncing: false, needsSignIn: false, lastError: null };
  /** Set while the local data is being wiped (sign-out): no round starts. Nobody sees it, so it is no state change. */
  private wiping = false;
  private readonly running = new Map<string, Promise<void>>();
  /** Mutations in a push request that has not been answered yet: they can no longer be taken back. */
  private readonly sending = new Set<string>();
  /** Delta pages asked for ahead of their round (prefetchPull), by structure, with the cursor they continue from. */
  private readonly ahead = new Map<string, { cursor: string; page: Promise<PullPage> }>();

  constructor(private readonly o: SyncEngineOptions) {}

  get online(): boolean {
    return this.state.online;
  }
  get syncing(): boolean {
    return this.state.syncing;
  }
  /** The server refused the token: no round runs until the user signs in again. */
  get needsSignIn(): boolean {
    return this.state.needsSignIn;
  }
  get lastError(): ErrorReason | null {
    return this.state.lastError;
  }
  get suspended(): boolean {
    return this.wiping;
  }

  /** Signed in against the server: it is reachable and the session is valid again. */
  signedIn(): void {
    this.update({ online: true, needsSignIn: false });
  }
  /** Signed out: no session to renew, no failure left to show. */
  signedOut(): void {
    this.update({ needsSignIn: false, lastError: null });
  }
  /** The server refused the token on a call made outside a round. */
  sessionExpired(): void {
    this.update({ needsSignIn: true });
  }
  /** The OS lost the network, or the user signed in offline. */
  wentOffline(): void {
    this.update({ online: false });
  }

  /**
   * Runs `work` (the sign-out's wipe) with no round running nor starting: one in flight is waited for, and one that
   * started meanwhile stops between pages, so no page lands after the wipe to bring the data back.
   */
  async suspendWhile(work: () => Promise<void>): Promise<void> {
    this.wiping = true;
    try {
      await this.idle();
      await work();
    } finally {
      this.wiping = false;
    }
  }

  private update(patch: Partial<EngineState>, roundEdge = false): void {
    const next = { ...this.state, ...patch };
    // lastError is a value (a new object per failure): compared by content, so the same failure again is no change.
    const same = (key: keyof EngineState) => (key === 'lastError' ? JSON.stringify(next.lastError) === JSON.stringify(this.state.lastError) : next[key] === this.state[key]);
    const changed = (Object.keys(next) as (keyof EngineState)[]).some((key) => !same(key));
    this.state = next;
    if (changed || roundEdge) this.o.events.status();
  }

  /** Ids of the mutations being sent right now. */
  get inFlight(): ReadonlySet<string> {
    return this.sending;
  }

  /** When a queued mutation may be sent: once its undo window is over. */
  holdUntil(entry: Pick<OutboxEntry, 'mutation'>): number {
    const decided = Date.parse(entry.mutation.decidedAt ?? entry.mutation.createdAt);
    return (Number.isNaN(decided) ? 0 : decided) + (this.o.undoWindowMs ?? 0);
  }

  /**
   * Milliseconds until the earliest mutation of these structures that was still in its undo window at `heldAt` (when
   * a round began, so the round did not send it) may be sent: 0 when its window has closed since, as it may have
   * while the round was pulling. Null when none was held.
   */
  nextRelease(structureIds: readonly string[], heldAt: number): number | null {
    let earliest: number | null = null;
    for (const id of structureIds) {
      for (const e of this.o.store.outbox(id)) {
        const at = this.holdUntil(e);
        if (at > heldAt && (earliest === null || at < earliest)) earliest = at;
      }
    }
    return earliest === null ? null : Math.max(0, earliest - this.o.clock().getTime());
  }

  /** Resolves once no sync is running (used before closing the database). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Asks for the structure's next delta page now, for the round that follows: a round first refreshes the account
   * (syncRound), and the page's round trip runs meanwhile instead of after it. Only when that round would start with
   * this very request: a synced structure, nothing queued to push, no round running. The page is applied only by
   * that round, which checks it continues from the cursor it holds; dropPrefetched forgets one the round did not
   * take (the account refresh failed, or the user left the structure).
   */
  prefetchPull(structureId: string): void {
    const { store } = this.o;
    const state = store.getSyncState(structureId);
    if (this.wiping || this.o.workingOffline?.() || this.running.has(structureId) || this.ahead.has(structureId)) return;
    if (!state?.cursor || state.resyncing || store.outbox(structureId, 1).length > 0) return;
    const page = this.requestPage(structureId, state.cursor);
    page.catch(() => undefined); // its round reports the failure; a dropped one has nobody to tell
    this.ahead.set(structureId, { cursor: state.cursor, page });
  }

  private requestPage(structureId: string, cursor: string | null): Promise<PullPage> {
    return this.o.client.pull(structureId, cursor, this.o.pageSize ?? DELTA_PAGE_SIZE);
  }

  /** Forgets the pages prefetched for rounds that did not run. */
  dropPrefetched(): void {
    this.ahead.clear();
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
    if (this.state.needsSignIn || this.wiping || this.o.workingOffline?.()) return;
    this.update({ syncing: true }, true);
    let outcome: Partial<EngineState> = { online: true, lastError: null };
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
    } catch (error) {
      outcome = this.failure(error);
      throw error;
    } finally {
      this.update({ ...outcome, syncing: false }, true);
    }
  }

  /** What a failed call says about the connection and the session (also used for calls made outside a round). */
  recordFailure(error: unknown): void {
    this.update(this.failure(error));
  }

  private failure(error: unknown): Partial<EngineState> {
    // The user's choice, not a fault: nothing to report.
    if (error instanceof WorkingOfflineError) return { online: false };
    let failed: Partial<EngineState>;
    if (error instanceof ServerCallError) {
      // Unreachable means offline; any HTTP answer, even an error, proves the server is reachable.
      failed = { online: error.kind !== 'unreachable', lastError: error.reason, ...(error.kind === 'unauthenticated' ? { needsSignIn: true } : {}) };
    } else {
      // Not the server's words: a bug or a local fault. The user gets a sentence, the log gets the error.
      failed = { lastError: INTERNAL_SYNC_ERROR };
      this.o.logger.error({ err: error }, 'sync failed on an internal error');
    }
    this.o.logger.warn({ kind: error instanceof ServerCallError ? error.kind : 'internal' }, 'sync failed');
    return failed;
  }

  async pull(structureId: string): Promise<void> {
    const { store } = this.o;
    let state = store.getSyncState(structureId);
    // Rows stored by this pull (progress counts on from a snapshot's rows); `loaded` of them came with snapshots.
    let done = 0;
    let loaded = 0;
    let resynced = false;
    if (!state?.cursor) {
      // A first sync, or a full load that was cut: the whole snapshot, then deltas from its cursor (none to ask for
      // when the server wrote nothing while it streamed).
      const load = await this.bootstrap(structureId);
      if (load === null || load.upToDate) return;
      done = loaded = load.rows;
      state = store.getSyncState(structureId);
    }
    for (;;) {
      if (this.wiping) return; // sign-out: stop between pages
      let page;
      const ahead = this.ahead.get(structureId);
      this.ahead.delete(structureId);
      try {
        page = await (ahead && ahead.cursor === state?.cursor ? ahead.page : this.requestPage(structureId, state?.cursor ?? null));
      } catch (error) {
        if (error instanceof ServerCallError && error.kind === 'resync') {
          // Once per pull: a server that answers "resync" even to a request without cursor is broken, not stale.
          if (resynced) throw new ServerCallError('server', 'the server asks for a resync again and again', error.status, undefined, { key: 'resyncLoop' });
          resynced = true;
          this.o.logger.info('server asked for a full resync');
          const load = await this.bootstrap(structureId);
          if (load === null || load.upToDate) return;
          done += load.rows;
          loaded += load.rows;
          state = store.getSyncState(structureId);
          continue;
        }
        throw error;
      }
      const now = this.o.clock().toISOString();
      const autoCheckpoint = store.setAutoCheckpoint(0);
      try {
        done += await applyPageInSlices(store, structureId, page, () => {
          store.setCursor(structureId, page.cursor, page.hasMore ? null : now);
          if (!page.hasMore && store.getSyncState(structureId)?.resyncing) {
            store.sweepStale(structureId);
            store.setResyncing(structureId, false);
          }
        });
      } finally {
        store.setAutoCheckpoint(autoCheckpoint);
      }
      store.checkpoint();
      state = store.getSyncState(structureId);
      this.o.events.progress(structureId, done, done + page.remaining);
      this.o.events.changed(structureId);
      if (!page.hasMore) {
        if (done - loaded >= BULK_DELTA_ROWS) await store.analyze();
        return;
      }
    }
  }

  /**
   * Loads the structure's bootstrap snapshot (bootstrap-loader.ts): the first sync, and every resync. Null when
   * stopped by a sign-out before it completed.
   */
  private async bootstrap(structureId: string): Promise<LoadedSnapshot | null> {
    const { store } = this.o;
    const load = await loadSnapshot(structureId, {
      store,
      client: this.o.client,
      clock: this.o.clock,
      logger: this.o.logger,
      progress: (done, expected) => this.o.events.progress(structureId, done, expected),
      changed: () => this.o.events.changed(structureId),
      stopped: () => this.wiping,
      ...(this.o.client.timeoutMs ? { stallTimeoutMs: this.o.client.timeoutMs } : {}),
      ...(this.o.dropIndexesFromRows !== undefined ? { dropIndexesFromRows: this.o.dropIndexesFromRows } : {}),
    });
    if (!load) return null;
    if (load.rows >= BULK_LOAD_ROWS) await store.analyze();
    return load;
  }

  async push(structureId: string): Promise<void> {
    const { store, client } = this.o;
    let batchSize = MAX_MUTATIONS_PER_PUSH;
    for (;;) {
      if (this.wiping) return;
      // In order, up to the first mutation still in its undo window: a later one may depend on it.
      const now = this.o.clock().getTime();
      const queued = store.outbox(structureId, batchSize);
      const held = queued.findIndex((e) => this.holdUntil(e) > now);
      const batch = held === -1 ? queued : queued.slice(0, held);
      if (batch.length === 0) return;
      let response;
      // A page asked for before this push may hold rows older than its answer's: the pull asks again after it.
      this.ahead.delete(structureId);
      for (const e of batch) this.sending.add(e.id);
      // Counted durably before the request leaves, not when it fails: a process killed while it is in flight
      // (the server may have applied it) restarts knowing it was sent, so it can no longer be taken back or edited.
      // Working offline, the client refuses the request before it leaves: nothing is sent, nothing counted.
      if (!this.o.workingOffline?.()) store.transaction(() => batch.forEach((e) => store.recordPushAttempt(e.id)));
      try {
        response = await client.push(structureId, { clientId: this.o.clientId, mutations: batch.map((e) => e.mutation) });
      } catch (error) {
        for (const e of batch) this.sending.delete(e.id);
        const stored = storedPushFailure(error instanceof ServerCallError ? error.reason : INTERNAL_SYNC_ERROR);
        store.transaction(() => batch.forEach((e) => store.recordPushFailure(e.id, stored)));
        if (!(error instanceof ServerCallError) || !isMutationRefusal(error)) throw error; // kept, retried later
        if (batch.length > 1) {
          // The server refused the batch because of one of its mutations: send them one by one to find it.
          batchSize = 1;
          continue;
        }
        this.rejectAlone(batch[0]!, error);
        continue;
      }
      for (const e of batch) this.sending.delete(e.id);
      const byId = new Map(response.results.map((r) => [r.id, r]));
      const newConflicts: string[] = [];
      const settled: string[] = [];
      const settledAt = this.o.clock().toISOString();
      store.transaction(() => {
        for (const entry of batch) {
          const result = byId.get(entry.id);
          if (!result) continue; // not answered: stays queued, sent again (idempotent)
          if (result.status === 'applied') {
            store.applyServerRows(structureId, store.notOlderThanStored(structureId, result.changes), result.removed);
            store.clearOverlay(entry.id);
            store.removeFromOutbox(entry.id);
          } else {
            store.rejectEntry(entry, result.code, result.message, settledAt, { field: result.field, decidedBy: result.decidedBy, decidedAt: result.decidedAt });
            newConflicts.push(entry.id);
          }
          settled.push(entry.id);
        }
      });
      this.o.events.settled(settled);
      this.o.events.changed(structureId);
      if (newConflicts.length) this.o.events.conflicts(newConflicts);
      // An answer that settles nothing of what was sent would make this loop spin: treat it as a server fault.
      if (settled.length === 0) throw new ServerCallError('malformed', 'the push answer settles none of the mutations sent', undefined, undefined, { key: 'pushWithoutResult' });
    }
  }

  /** A single mutation the server refused as a request (not in a per-mutation result): it becomes a conflict. */
  private rejectAlone(entry: OutboxEntry, error: ServerCallError): void {
    const { store } = this.o;
    const code = error.apiError?.code === 'VALIDATION' ? 'INVALID' : (error.apiError?.code as 'FORBIDDEN' | 'NOT_FOUND');
    store.transaction(() => store.rejectEntry(entry, code, error.apiError?.message ?? error.message, this.o.clock().toISOString(), { field: error.apiError?.field }));
    this.o.events.settled([entry.id]);
    this.o.events.conflicts([entry.id]);
  }
}

/** A push failure as the outbox keeps it (its last_error column): the reason, in JSON. */
function storedPushFailure(reason: ErrorReason): string {
  return JSON.stringify(reason);
}

/**
 * The reason of a stored push failure; a row written before failures were stored as reasons holds the sentence
 * itself, shown as it is.
 */
export function readPushFailure(stored: string | null): ErrorReason | null {
  if (stored === null) return null;
  try {
    const parsed = ErrorReason.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: an older row
  }
  return { key: 'server', params: { code: null, message: stored } };
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
  /** A push was asked for while a round ran: it gets its own round after this delay (null: none asked). */
  private pokedDuringTick: number | null = null;
  /**
   * The last round asked for. Rounds never overlap: one asked for while another runs (« Synchroniser » during a
   * scheduled round) starts when it ends. Overlapping, the first to end cleared the flag that routes a poke to the
   * other's end, and the other then replaced that poke's round with the interval's.
   */
  private last: Promise<void> = Promise.resolve();
  /** The round waiting for the running one to end, if any: asking again meanwhile joins it. */
  private waiting: Promise<void> | null = null;

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
  /** A command was queued: push after `delay` (never later than a round already due sooner). */
  poke(delay = this.o.pushDelayMs): void {
    if (this.ticking) this.pokedDuringTick = Math.min(this.pokedDuringTick ?? Infinity, delay);
    else this.schedule(delay);
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

  private tick(): Promise<void> {
    if (this.waiting) return this.waiting;
    const round = this.last.then(() => {
      this.waiting = null;
      return this.round();
    });
    this.waiting = this.last = round;
    return round;
  }

  /** Runs one round (never throws: a failure sets the backoff), then sets when the next one runs. */
  private async round(): Promise<void> {
    if (this.stopped) return; // asked for before a stop (a sign-out wipes meanwhile): no round starts after it
    this.ticking = true;
    this.pokedDuringTick = null;
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
    this.schedule(this.pokedDuringTick !== null && this.failures === 0 ? Math.min(this.pokedDuringTick, next) : next, true);
  }
}
