// The client core: one object that owns the local data, the sync engine and its scheduler, and answers every
// channel of the IPC contract. It runs under plain Node (a utility process in Electron, the headless host in browser
// mode and tests); everything platform-specific comes in through `CoreOptions`. The channels are answered by the
// feature modules in features/, each given the shared CoreContext (core-context.ts).
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { z } from 'zod';
import { RafaelError, type EventSink, type IpcHandlers } from '../../shared/ipc/contract';
import type { SyncStatus } from '../../shared/ipc/views';
import { parisDay } from '../../shared/domain/calendar-date';
import { AccountSession } from './account-session';
import { AppStatus, KV_RECOVERY } from './app-status';
import { Commands } from './commands';
import { KV_CLIENT_ID, type CoreContext } from './core-context';
import { CoreEvents } from './core-events';
import { combineHandlers } from './features/combine-handlers';
import { commandHandlers } from './features/command-handlers';
import { onlineHandlers } from './features/online-handlers';
import { readingHandlers } from './features/reading-handlers';
import { sessionHandlers } from './features/session-handlers';
import { syncHandlers } from './features/sync-handlers';
import { openLocalData, type Recovery } from './local-database';
import type { NetworkMonitor, SecretStore } from './platform';
import { Preferences } from './preferences';
import { ReadModel } from './queries/read-model';
import { announceConflicts } from './queue-views';
import { syncRound } from './sync-rounds';
import { ServerClient } from './sync/server-client';
import { SyncEngine, SyncScheduler } from './sync/sync-engine';

export type CoreOptions = {
  dataDir: string;
  serverUrl: string;
  secrets: SecretStore;
  network?: NetworkMonitor;
  clock?: () => Date;
  logger?: Logger;
  /** Periodic pull; default 60 s. */
  syncIntervalMs?: number;
  /** Delay between a command and its push, so a burst of avis goes in one batch; default 500 ms. */
  pushDelayMs?: number;
  /** How long a decision stays in the outbox before it is sent, even online, so that « Annuler » takes it back. */
  undoWindowMs?: number;
  httpTimeoutMs?: number;
  httpRetries?: number;
  pageSize?: number;
  /** From how many snapshot rows a first sync builds the candidatures' indexes at the end (tests set it low). */
  dropIndexesFromRows?: number;
  /** Path of the Electron-ABI build of the SQLite module (the Node build is used when absent). */
  nativeBinding?: string;
};

export interface Core {
  handlers: IpcHandlers;
  onEvent(sink: EventSink): () => void;
  /** Starts the scheduler (first sync at once when signed in). */
  start(): Promise<void>;
  /** One sync round for every structure that needs one; resolves when done, whatever its outcome. */
  syncNow(): Promise<SyncStatus>;
  close(): Promise<void>;
  readonly recovery: Recovery | null;
}

/** The undo notice shows for a few seconds; the decision waits as long before it is sent. */
export const DEFAULT_UNDO_WINDOW_MS = 6000;

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? (() => new Date());
  const today = () => parisDay(clock());
  const logger = options.logger ?? pino({ level: 'silent' });
  const { sqlite, store, journal, recovery } = await openLocalData({ dataDir: options.dataDir, secrets: options.secrets, nativeBinding: options.nativeBinding, now: clock });
  if (recovery) {
    logger.warn({ reason: recovery.reason, requeued: recovery.requeued }, 'local database unreadable: rebuilt');
    store.setKv(KV_RECOVERY, recovery);
  }
  const read = new ReadModel(store);
  const prefs = new Preferences(store);
  const commands = new Commands(store, read, journal, (error) => logger.error({ err: error }, 'outbox journal write failed'));
  const account = new AccountSession(store, options.secrets);
  await account.load();
  let clientId = store.readKv(KV_CLIENT_ID, z.string());
  if (!clientId) {
    clientId = randomUUID();
    store.setKv(KV_CLIENT_ID, clientId);
  }

  const events = new CoreEvents(logger);
  const undoWindowMs = options.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS;
  const pushDelayMs = options.pushDelayMs ?? 500;
  const client = new ServerClient({
    serverUrl: options.serverUrl,
    getToken: () => account.token,
    workingOffline: () => prefs.workOffline,
    ...(options.httpTimeoutMs !== undefined ? { timeoutMs: options.httpTimeoutMs } : {}),
    ...(options.httpRetries !== undefined ? { retries: options.httpRetries } : {}),
  });
  const engine = new SyncEngine({
    store, client, clientId, clock, logger, undoWindowMs,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.dropIndexesFromRows !== undefined ? { dropIndexesFromRows: options.dropIndexesFromRows } : {}),
    workingOffline: () => prefs.workOffline,
    events: {
      progress: (structureId, done, expected) => events.emit('sync.progress', { structureId, done, expected }),
      changed: (structureId) => events.emit('data.changed', { structureId }),
      conflicts: (ids) => announceConflicts(events, store, ids),
      settled: (ids) => ids.forEach((id) => journal.done(id)),
      status: () => status.publish(),
    },
  });
  const status = new AppStatus({ account, store, read, prefs, engine, events, serverUrl: options.serverUrl, today });
  const ctx: CoreContext = {
    dataDir: options.dataDir, clock, today, logger, clientId, store, journal, read, prefs, commands, account, client, engine, events, status,
    scheduler: new SyncScheduler(() => syncRound(ctx), { intervalMs: options.syncIntervalMs ?? 60_000, pushDelayMs, maxBackoffMs: 30_000 }),
    pushAfterCommandMs: Math.max(pushDelayMs, undoWindowMs + 50),
  };
  const { scheduler } = ctx;

  const unsubscribeNetwork = options.network?.onChange((online) => (online ? void scheduler.now() : engine.wentOffline()));

  const handlers: IpcHandlers = combineHandlers(sessionHandlers(ctx), readingHandlers(ctx), commandHandlers(ctx), syncHandlers(ctx), onlineHandlers(ctx));

  let closed = false;
  return {
    handlers,
    recovery,
    onEvent: (sink) => events.on(sink),
    async start() {
      scheduler.start();
    },
    async syncNow() {
      if (closed) throw new RafaelError({ code: 'INTERNAL', message: 'the core is closing', reason: { key: 'appClosing' } });
      await scheduler.now();
      return status.syncStatus();
    },
    async close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      unsubscribeNetwork?.();
      await engine.idle();
      events.clear();
      await store.closeBackground();
      sqlite.close();
    },
  };
}
