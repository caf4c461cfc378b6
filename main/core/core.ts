// The client core: one object that owns the local data, the sync engine and its scheduler, and answers every
// channel of the IPC contract. It runs under plain Node (a utility process in Electron, the headless host in browser
// mode and tests); everything platform-specific comes in through `CoreOptions`.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { RafaelError, type EventName, type EventPayload, type EventSink, type IpcHandlers } from '../../shared/ipc/contract';
import type { AppState, Conflict, PendingMutation, SyncStatus } from '../../shared/ipc/views';
import { parisDay } from '../../shared/domain/calendar-date';
import { frenchPendingList, type PendingCounts } from '../../shared/domain/pending-kinds';
import { RejectionCode } from '../../shared/domain/vocabulary';
import type { MeResponse } from '../../shared/protocol/sync';
import { AccountSession } from './account-session';
import { Commands, queuedChangeable, type CommandContext } from './commands';
import { canResubmit, conflictAdvice } from './conflict-advice';
import { candidaturesCsv } from './exports/candidatures-csv';
import { candidatureExportRows } from './exports/candidature-export-rows';
import { decisionsDocument, openLocalData, writeDecisionsFile, RECOVERY_DIR, type Recovery } from './local-database';
import type { ConflictEntry, OutboxEntry } from './local-store';
import { onlineHandlers, toIpcError } from './online-proxies';
import type { NetworkMonitor, SecretStore } from './platform';
import { permission, ReadModel } from './queries/read-model';
import { Preferences } from './preferences';
import { pendingCounts } from './queries/pending-counts';
import { claimDeadlineReminder } from './queries/deadline-reminder-query';
import { listActions } from './queries/actions-list';
import { ServerCallError, ServerClient } from './sync/server-client';
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

const KV_CLIENT_ID = 'clientId';
/** The undo notice shows for a few seconds; the decision waits as long before it is sent. */
export const DEFAULT_UNDO_WINDOW_MS = 6000;
const KV_RECOVERY = 'recovery';

function unsentMessage(pending: PendingCounts, conflicts: number): string {
  const total = pending.avis + pending.preRegistrations + pending.offer;
  const parts = [
    total ? `${frenchPendingList(pending)} ${total === 1 ? "n'est" : 'ne sont'} pas encore envoyé${total === 1 ? '' : 's'}` : null,
    conflicts ? (conflicts === 1 ? '1 décision refusée attend votre choix dans « Conflits »' : `${conflicts} décisions refusées attendent votre choix dans « Conflits »`) : null,
  ].filter(Boolean);
  return `${parts.join(' et ')}. Synchronisez ou réglez-les avant de vous déconnecter, ou confirmez leur abandon.`;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? (() => new Date());
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
  let clientId = store.getKv<string>(KV_CLIENT_ID);
  if (!clientId) {
    clientId = randomUUID();
    store.setKv(KV_CLIENT_ID, clientId);
  }

  const sinks = new Set<EventSink>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const sink of sinks) {
      try {
        sink(event, payload);
      } catch (error) {
        logger.error({ err: error, event }, 'event sink failed');
      }
    }
  };

  const undoWindowMs = options.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS;
  const client = new ServerClient({
    serverUrl: options.serverUrl,
    getToken: () => account.token,
    workingOffline: () => prefs.workOffline,
    ...(options.httpTimeoutMs !== undefined ? { timeoutMs: options.httpTimeoutMs } : {}),
    ...(options.httpRetries !== undefined ? { retries: options.httpRetries } : {}),
  });
  const today = () => parisDay(clock());

  const appState = (): AppState => ({
    signedIn: account.signedIn,
    needsSignIn: account.signedIn && (engine.needsSignIn || account.token === null),
    user: account.signedIn ? account.user : null,
    memberships: account.signedIn ? account.memberships : [],
    activeStructureId: account.signedIn ? account.activeStructureId : null,
    serverUrl: options.serverUrl,
    recovery: store.getKv<AppState['recovery']>(KV_RECOVERY),
  });

  const status = (): SyncStatus => {
    const active = account.activeStructureId;
    return {
      online: engine.online && !prefs.workOffline,
      workOffline: prefs.workOffline,
      pendingByKind: pendingCounts(store),
      syncing: engine.syncing,
      lastSuccessAt: active ? (store.getSyncState(active)?.lastSuccessAt ?? null) : null,
      lastError: engine.lastError,
      pendingCount: store.outboxCount(),
      conflictCount: store.conflictCount(),
      needsSignIn: account.signedIn && engine.needsSignIn,
      deadlineAlert: active ? read.unsentAvisNearDeadline(active, today()) : null,
    };
  };

  const conflictView = (c: ConflictEntry): Conflict => {
    const code = RejectionCode.safeParse(c.code);
    return {
      id: c.id, mutation: c.mutation, code: code.success ? code.data : 'INVALID', message: c.message, summary: c.summary,
      advice: conflictAdvice(c.code), canResubmit: canResubmit(c.code), rejectedAt: c.rejectedAt,
      field: c.details.field ?? null, decidedBy: c.details.decidedBy ?? null, decidedAt: c.details.decidedAt ?? null,
      candidatureId: c.mutation.kind === 'avis' ? c.mutation.payload.candidatureId : null,
    };
  };
  const pendingView = (e: OutboxEntry): PendingMutation => ({
    id: e.id, kind: e.mutation.kind, mutation: e.mutation, summary: e.summary, createdAt: e.createdAt, attempts: e.attempts, lastError: e.lastError,
    changeable: permission(queuedChangeable(e, engine.inFlight)),
    holdUntil: new Date(engine.holdUntil(e)).toISOString(),
    candidatureId: e.mutation.kind === 'avis' ? e.mutation.payload.candidatureId : null,
  });

  let lastNeedsSignIn = false;
  const engine = new SyncEngine({
    store,
    client,
    clientId,
    clock,
    logger,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    workingOffline: () => prefs.workOffline,
    undoWindowMs,
    events: {
      progress: (structureId, done, expected) => emit('sync.progress', { structureId, done, expected }),
      changed: (structureId) => emit('data.changed', { structureId }),
      conflicts: (ids) => {
        const conflicts = ids.map((id) => store.conflict(id)).filter((c): c is ConflictEntry => c !== null).map(conflictView);
        if (conflicts.length) emit('conflicts.added', { count: conflicts.length, conflicts });
      },
      settled: (ids) => ids.forEach((id) => journal.done(id)),
      status: () => {
        emit('sync.status', status());
        if (engine.needsSignIn !== lastNeedsSignIn) {
          lastNeedsSignIn = engine.needsSignIn;
          emit('app.state', appState());
        }
      },
    },
  });

  /**
   * Memberships change on the server (a référent detaches the user, changes a profile): each round starts from the
   * current account, and what the user may no longer see leaves this machine.
   */
  const refreshAccount = async (): Promise<void> => {
    let me;
    try {
      me = await client.me();
    } catch (error) {
      engine.recordFailure(error);
      emit('sync.status', status());
      if (engine.needsSignIn) emit('app.state', appState());
      throw error;
    }
    const before = JSON.stringify([account.user, account.memberships, account.activeStructureId]);
    account.refreshed(me);
    const member = new Set(me.memberships.map((m) => m.structure.id));
    const now = clock().toISOString();
    const moved = store.knownStructures().filter((id) => !member.has(id)).flatMap((id) => store.forgetStructure(id, now));
    if (moved.length) {
      moved.forEach((id) => journal.done(id));
      emit('conflicts.added', { count: moved.length, conflicts: moved.map((id) => conflictView(store.conflict(id)!)) });
    }
    if (JSON.stringify([account.user, account.memberships, account.activeStructureId]) !== before || moved.length) {
      emit('app.state', appState());
      emit('data.changed', { structureId: account.activeStructureId });
    }
  };

  /** One round: the account first, then every structure with something to do (the active one, and any other still holding unsent decisions). */
  const syncRound = async (): Promise<void> => {
    if (!account.signedIn || account.token === null || engine.needsSignIn || engine.suspended || prefs.workOffline) return;
    await refreshAccount();
    const targets = new Set(store.structuresWithPending());
    const active = account.activeStructureId;
    if (active) targets.add(active);
    let failure: unknown = null;
    for (const structureId of targets) {
      try {
        await engine.sync(structureId);
      } catch (error) {
        failure ??= error;
        if (error instanceof ServerCallError && (error.kind === 'unreachable' || error.kind === 'unauthenticated')) break;
      }
    }
    if (failure) throw failure;
    // Decisions still in their undo window get a round of their own as soon as it closes.
    const release = engine.nextRelease([...targets]);
    if (release !== null) scheduler.poke(release + 50);
  };
  const scheduler = new SyncScheduler(syncRound, { intervalMs: options.syncIntervalMs ?? 60_000, pushDelayMs: options.pushDelayMs ?? 500, maxBackoffMs: 30_000 });

  const unsubscribeNetwork = options.network?.onChange((online) => {
    if (online) void scheduler.now();
    else {
      engine.online = false;
      emit('sync.status', status());
    }
  });

  // ---- helpers for handlers -----------------------------------------------------------------------------------
  const requireSignedIn = () => {
    if (!account.signedIn) throw new RafaelError({ code: 'NOT_SIGNED_IN', message: 'Connectez-vous pour continuer.' });
  };
  const activeStructure = (): string => {
    requireSignedIn();
    const id = account.activeStructureId;
    if (!id) throw new RafaelError({ code: 'NO_ACTIVE_STRUCTURE', message: "Votre compte n'est rattaché à aucune structure active." });
    return id;
  };
  const commandContext = (): CommandContext => {
    const structureId = activeStructure();
    const membership = account.activeMembership!;
    return { structureId, user: account.user!, membership, today: today(), now: clock() };
  };
  const queued = (mutationId: string) => {
    emit('data.changed', { structureId: account.activeStructureId });
    emit('sync.status', status());
    scheduler.poke(Math.max(options.pushDelayMs ?? 500, undoWindowMs + 50));
    return { mutationId };
  };
  const accountChanged = (me: MeResponse): AppState => {
    account.refreshed(me);
    const state = appState();
    emit('app.state', state);
    return state;
  };
  /**
   * Every personal row and the journal go; this installation's client id stays. No round may start or still run
   * meanwhile: a page landing after the wipe would bring the data back. The scheduler is left stopped.
   */
  const wipeLocalData = async (beforeWipe: () => Promise<void> = async () => undefined) => {
    scheduler.stop();
    engine.suspended = true;
    try {
      await engine.idle();
      await beforeWipe();
      store.wipe();
      store.setKv(KV_CLIENT_ID, clientId);
      journal.reset([]);
    } finally {
      engine.suspended = false;
    }
  };
  const signedInAgain = () => {
    engine.needsSignIn = false;
    lastNeedsSignIn = false;
    emit('app.state', appState());
    emit('sync.status', status());
    void scheduler.now();
  };

  const handlers: IpcHandlers = {
    'app.getState': async () => appState(),

    'auth.signIn': async ({ email, password }) => {
      let response;
      try {
        response = await client.login({ email, password });
      } catch (error) {
        if (error instanceof ServerCallError && error.kind === 'unreachable') {
          if (account.hasOfflineVerifier(email)) {
            if (!account.verifyOffline(email, password)) throw new RafaelError({ code: 'INVALID_CREDENTIALS', message: 'E-mail ou mot de passe incorrect.' });
            account.signedInOffline();
            engine.online = false;
            emit('app.state', appState());
            return appState();
          }
          throw new RafaelError({ code: 'OFFLINE', message: 'Serveur injoignable. La première connexion sur cet ordinateur nécessite une connexion au serveur RafaelPro.' });
        }
        if (error instanceof ServerCallError && (error.kind === 'unauthenticated' || (error.kind === 'rejected' && error.status === 401))) {
          throw new RafaelError({ code: 'INVALID_CREDENTIALS', message: error.message || 'E-mail ou mot de passe incorrect.' });
        }
        throw toIpcError(error);
      }
      // Decisions recovered into a rebuilt database belong to their authors: nobody else sends them.
      const recovered = store.getKv<Recovery>(KV_RECOVERY);
      if (recovered?.owners?.length && !recovered.owners.includes(response.user.id) && store.outboxCount() > 0) {
        throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: "Des décisions récupérées d'un autre utilisateur attendent d'être envoyées sur cet ordinateur : il doit se connecter pour les transmettre." });
      }
      if (account.isOtherUser(response.user.id)) {
        if (store.outboxCount() + store.conflictCount() > 0) {
          throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: "Des décisions d'un autre utilisateur ne sont pas encore envoyées ou réglées sur cet ordinateur : il doit se reconnecter pour les transmettre." });
        }
        await wipeLocalData();
        scheduler.start();
      }
      await account.signedInOnline(response, password);
      engine.online = true;
      signedInAgain();
      return appState();
    },

    'auth.signOut': async ({ discardPending }) => {
      const pending = store.outboxCount();
      const conflicts = store.conflictCount();
      if (pending + conflicts > 0 && !discardPending) {
        throw new RafaelError({ code: 'OUTBOX_NOT_EMPTY', message: unsentMessage(pendingCounts(store), conflicts) });
      }
      await wipeLocalData(async () => {
        await client.logout().catch(() => undefined); // best effort: the token is forgotten locally anyway
        await account.forgetToken();
      });
      engine.needsSignIn = false;
      engine.lastError = null;
      const state = appState();
      emit('app.state', state);
      emit('sync.status', status());
      scheduler.start();
      return state;
    },

    'structures.setActive': async ({ structureId }) => {
      requireSignedIn();
      if (!account.setActive(structureId)) throw new RafaelError({ code: 'FORBIDDEN', message: "Vous n'êtes pas membre de cette structure.", field: 'structureId' });
      const state = appState();
      emit('app.state', state);
      emit('data.changed', { structureId });
      void scheduler.now();
      return state;
    },

    'dashboard.get': async () => read.dashboard(activeStructure(), today()),
    'candidatures.list': async (query) => {
      const conflicted = new Set(store.conflicts().flatMap((c) => (c.mutation.kind === 'avis' ? [c.mutation.payload.candidatureId] : [])));
      return read.candidatures(activeStructure(), query, today(), conflicted);
    },
    'candidatures.get': async ({ id }) => {
      const structureId = activeStructure();
      const detail = read.candidatureDetail(structureId, id, today(), account.activeMembership);
      if (!detail) throw new RafaelError({ code: 'NOT_FOUND', message: 'Candidature introuvable dans les données locales.' });
      const { pendingMutationId, ...rest } = detail;
      const entry = pendingMutationId ? store.outbox(structureId).find((e) => e.id === pendingMutationId) : undefined;
      return { ...rest, pending: entry ? pendingView(entry) : null };
    },
    'candidatures.exportCsv': async (query) => {
      const user = account.user;
      const rows = candidatureExportRows({ store, read, structureId: activeStructure(), query, today: today(), userName: user ? `${user.firstName} ${user.lastName}` : null });
      return candidaturesCsv(rows, today());
    },
    'sessions.list': async (query) => read.sessions(activeStructure(), query, today()),
    'sessions.get': async ({ id }) => {
      const detail = read.sessionDetail(activeStructure(), id, today(), account.activeMembership);
      if (!detail) throw new RafaelError({ code: 'NOT_FOUND', message: 'Session introuvable dans les données locales.' });
      return detail;
    },

    'actions.list': async (query) => listActions(store, read, activeStructure(), query, account.activeMembership?.profile ?? null),

    'avis.give': async ({ candidatureId, decision }) => queued(commands.giveAvis(commandContext(), candidatureId, decision)),
    'actions.enrich': async (payload) => queued(commands.enrich(commandContext(), payload)),
    'preRegistrations.list': async () => {
      const ctx = commandContext();
      const actor = { userId: ctx.user.id, structureId: ctx.structureId, profile: ctx.membership.profile };
      return read.preRegistrations(ctx.structureId, actor, ctx.today);
    },
    'preRegistrations.create': async ({ sessionId, candidate }) => queued(commands.createPreRegistration(commandContext(), sessionId, candidate)),
    'preRegistrations.validate': async ({ preRegistrationId }) => queued(commands.validatePreRegistration(commandContext(), preRegistrationId)),
    'preRegistrations.delete': async ({ preRegistrationId }) => queued(commands.deletePreRegistration(commandContext(), preRegistrationId)),

    'outbox.list': async () => {
      requireSignedIn();
      return store.outbox().map(pendingView);
    },
    'outbox.export': async () => {
      requireSignedIn();
      // Also kept beside the database, in case the download is lost.
      const entries = store.outbox();
      const now = clock();
      const file = writeDecisionsFile(path.join(options.dataDir, RECOVERY_DIR), entries, now);
      logger.info({ count: entries.length, file: path.basename(file) }, 'outbox exported');
      return { fileName: `decisions-en-attente-${today()}.json`, mimeType: 'application/json', content: JSON.stringify(decisionsDocument(entries, now), null, 2) };
    },
    'outbox.cancel': async ({ id }) => {
      commands.cancelQueued(commandContext(), id, engine.inFlight);
      emit('data.changed', { structureId: account.activeStructureId });
      emit('sync.status', status());
      return { ok: true as const };
    },
    'outbox.edit': async ({ id, decision }) => queued(commands.editQueued(commandContext(), id, decision, engine.inFlight)),
    'conflicts.list': async () => {
      requireSignedIn();
      return store.conflicts().map(conflictView);
    },
    'conflicts.resubmit': async ({ conflictId, decision, enrich }) => queued(commands.resubmit(commandContext(), conflictId, { decision, enrich })),
    'conflicts.discard': async ({ conflictId }) => {
      requireSignedIn();
      commands.discard(conflictId);
      emit('data.changed', { structureId: account.activeStructureId });
      emit('sync.status', status());
      return { ok: true as const };
    },
    'sync.getStatus': async () => status(),
    'sync.setWorkOffline': async ({ workOffline }) => {
      requireSignedIn();
      prefs.workOffline = workOffline;
      emit('sync.status', status());
      // Back online: catch up at once rather than at the next periodic round.
      if (!workOffline) await scheduler.now();
      return status();
    },
    'preferences.get': async () => {
      requireSignedIn();
      return { deadlineReminders: prefs.deadlineReminders };
    },
    'preferences.set': async ({ deadlineReminders }) => {
      requireSignedIn();
      if (deadlineReminders !== undefined) prefs.deadlineReminders = deadlineReminders;
      return { deadlineReminders: prefs.deadlineReminders };
    },
    // Polled by the platform whatever the user is doing: never an error, just nothing when nothing is due.
    'reminders.due': async () => {
      const membership = account.signedIn ? account.activeMembership : null;
      if (!membership) return null;
      return claimDeadlineReminder({ store, prefs, structure: membership.structure, profile: membership.profile, today: today() });
    },
    'sync.now': async () => {
      requireSignedIn();
      await scheduler.now();
      return status();
    },

    ...onlineHandlers({
      client,
      requireSignedIn,
      userId: () => account.user?.id ?? null,
      accountChanged,
      refreshMe: async () => void accountChanged(await client.me()),
      unauthenticated: () => {
        engine.needsSignIn = true;
        emit('sync.status', status());
        emit('app.state', appState());
      },
    }),
  };

  let closed = false;
  return {
    handlers,
    recovery,
    onEvent(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    async start() {
      scheduler.start();
    },
    async syncNow() {
      if (closed) throw new RafaelError({ code: 'INTERNAL', message: "L'application se ferme." });
      await scheduler.now();
      return status();
    },
    async close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      unsubscribeNetwork?.();
      await engine.idle();
      sinks.clear();
      sqlite.close();
    },
  };
}
