// The IPC contract between the renderer and the core: one table of channels, each with the schema of its input
// and output, plus the events the core pushes. Preload, the Electron main-process binding, the headless host and
// the browser bridge are all generated from this table, so none of them can drift from the others.
import { z } from 'zod';
import { ErrorReason } from './errors';
import { Decision, EnrichPayload, LoginRequest } from '../protocol/sync';
import { AccountRequest, Member, MembershipRequest, RequestDecision, UpdateAccountRequest, AffiliationRequest } from '../protocol/accounts';
import { Candidature, Id, Person, Structure } from '../protocol/entities';
import { AdminCandidatureRow, AdminCandidatureSearch, AdminRequest, ReopenCandidatureRequest } from '../protocol/admin';
import { ManagementProfile } from '../domain/vocabulary';
import {
  ActionListQuery,
  ActionListRow,
  AppState,
  CandidatureDetail,
  CandidatureListQuery,
  CandidatureListRow,
  Conflict,
  Dashboard,
  DeadlineReminder,
  ExportedFile,
  Page,
  PendingMutation,
  PreRegistrationView,
  Preferences,
  SessionDetail,
  SessionListQuery,
  SessionListRow,
  SyncProgress,
  SyncStatus,
} from './views';

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, options: { online?: boolean } = {}) => ({
  input,
  output,
  /** Online-only channels proxy the server (référent tools, account): they fail with OFFLINE when it is unreachable. */
  online: options.online ?? false,
});

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const MutationAccepted = z.object({ mutationId: Id });

export const ipcChannels = {
  // Session and structures
  'app.getState': channel(Empty, AppState),
  'auth.signIn': channel(LoginRequest, AppState),
  /** Refuses with OUTBOX_NOT_EMPTY unless `discardPending` is true; then wipes the local data. */
  'auth.signOut': channel(z.object({ discardPending: z.boolean() }).strict(), AppState),
  'structures.setActive': channel(z.object({ structureId: Id }).strict(), AppState),

  // Reading (local, works offline)
  'dashboard.get': channel(Empty, Dashboard),
  'candidatures.list': channel(CandidatureListQuery, Page(CandidatureListRow)),
  'candidatures.get': channel(z.object({ id: Id }).strict(), CandidatureDetail),
  /** CSV (UTF-8 with BOM, ';', French dates) of every row matching the filters. */
  'candidatures.exportCsv': channel(CandidatureListQuery.pick({ filters: true, sort: true }), ExportedFile),
  'sessions.list': channel(SessionListQuery, Page(SessionListRow)),
  'sessions.get': channel(z.object({ id: Id }).strict(), SessionDetail),
  /** « Gestion des formations »: the structure's actions with what the user may do to each. */
  'actions.list': channel(ActionListQuery, Page(ActionListRow)),

  // Commands (local first: validated, written to the outbox with their overlay, pushed when online)
  'avis.give': channel(z.object({ candidatureId: Id, decision: Decision }).strict(), MutationAccepted),
  'actions.enrich': channel(EnrichPayload, MutationAccepted),
  'preRegistrations.list': channel(Empty, z.array(PreRegistrationView)),
  'preRegistrations.create': channel(z.object({ sessionId: Id, candidate: Person }).strict(), MutationAccepted),
  'preRegistrations.validate': channel(z.object({ preRegistrationId: Id }).strict(), MutationAccepted),
  'preRegistrations.delete': channel(z.object({ preRegistrationId: Id }).strict(), MutationAccepted),

  // Outbox, conflicts, sync
  'outbox.list': channel(Empty, z.array(PendingMutation)),
  'outbox.export': channel(Empty, ExportedFile),
  /** Takes back a queued decision that was never sent: it will never reach the server. */
  'outbox.cancel': channel(z.object({ id: Id }).strict(), Ok),
  /** Replaces the content of a queued avis that was never sent: it is sent once, with this content. */
  'outbox.edit': channel(z.object({ id: Id, decision: Decision }).strict(), MutationAccepted),
  'conflicts.list': channel(Empty, z.array(Conflict)),
  /** Resubmits a rejected avis or enrichment, edited: a new mutation replaces the conflict. */
  'conflicts.resubmit': channel(
    z.object({ conflictId: Id, decision: Decision.optional(), enrich: EnrichPayload.optional() }).strict(),
    MutationAccepted,
  ),
  'conflicts.discard': channel(z.object({ conflictId: Id }).strict(), Ok),
  'sync.getStatus': channel(Empty, SyncStatus),
  'sync.now': channel(Empty, SyncStatus),
  /** « Travailler hors connexion » (as in mail clients): no network call until switched back; kept across restarts. */
  'sync.setWorkOffline': channel(z.object({ workOffline: z.boolean() }).strict(), SyncStatus),

  // Preferences and the daily deadline reminder (local)
  'preferences.get': channel(Empty, Preferences),
  'preferences.set': channel(Preferences.partial().strict(), Preferences),
  /**
   * Today's deadline reminder for the active structure, or null. Asked by the platform that shows it (the shell's
   * timer in Electron, the page in browser mode); once given, null until tomorrow.
   */
  'reminders.due': channel(Empty, DeadlineReminder.nullable()),

  // Online only: account and référent tools
  'account.update': channel(UpdateAccountRequest, AppState, { online: true }),
  'account.requestAffiliation': channel(AffiliationRequest, Ok, { online: true }),
  'account.createRequest': channel(AccountRequest, Ok, { online: true }),
  'structures.search': channel(z.object({ q: z.string().trim().min(2).max(100) }).strict(), z.array(Structure), { online: true }),
  'referent.members': channel(z.object({ structureId: Id }).strict(), z.array(Member), { online: true }),
  'referent.requests': channel(z.object({ structureId: Id }).strict(), z.array(MembershipRequest), { online: true }),
  'referent.decideRequest': channel(z.object({ structureId: Id, requestId: Id }).extend(RequestDecision.shape).strict(), Ok, { online: true }),
  'referent.setProfile': channel(z.object({ structureId: Id, userId: Id, profile: ManagementProfile.nullable() }).strict(), Ok, { online: true }),
  'referent.detach': channel(z.object({ structureId: Id, userId: Id }).strict(), Ok, { online: true }),
  'referent.exportMembers': channel(z.object({ structureId: Id }).strict(), ExportedFile, { online: true }),

  // Online only: Cap Métiers staff (the server refuses anyone else)
  'admin.requests': channel(Empty, z.array(AdminRequest), { online: true }),
  'admin.decideRequest': channel(z.object({ requestId: Id }).extend(RequestDecision.shape).strict(), Ok, { online: true }),
  'admin.searchCandidatures': channel(AdminCandidatureSearch.strict(), z.array(AdminCandidatureRow), { online: true }),
  /** Non retenue → retenue, with the planned dates a retained avis carries. */
  'admin.reopen': channel(z.object({ candidatureId: Id }).extend(ReopenCandidatureRequest.shape).strict(), Candidature, { online: true }),
} as const;

export type IpcChannels = typeof ipcChannels;
export type ChannelName = keyof IpcChannels;
export type ChannelInput<C extends ChannelName> = z.input<IpcChannels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<IpcChannels[C]['output']>;
export const CHANNEL_NAMES = Object.keys(ipcChannels) as ChannelName[];

export const ipcEvents = {
  'sync.status': SyncStatus,
  'sync.progress': SyncProgress,
  /** New rejected mutations arrived: the renderer shows them, the shell raises an OS notification. */
  'conflicts.added': z.object({ count: z.number().int().positive(), conflicts: z.array(Conflict) }),
  /** Local data changed (sync applied, command queued): views refetch. */
  'data.changed': z.object({ structureId: Id.nullable() }),
  'app.state': AppState,
  /** Sent by the Electron shell (never the core) when the user clicks a deadline reminder: open its list. */
  'reminders.open': DeadlineReminder,
} as const;
export type IpcEvents = typeof ipcEvents;
export type EventName = keyof IpcEvents;
export type EventPayload<E extends EventName> = z.output<IpcEvents[E]>;
export const EVENT_NAMES = Object.keys(ipcEvents) as EventName[];

// ---- Errors and the transport envelope ---------------------------------------------------------------------
export const IpcErrorCode = z.enum([
  'VALIDATION', // bad arguments: `field` names the input
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'NOT_SIGNED_IN',
  'NO_ACTIVE_STRUCTURE',
  'FORBIDDEN', // the user's rights do not allow it
  'RULE_VIOLATION', // a domain rule refuses it (e.g. retained is final)
  'NOT_FOUND',
  'OFFLINE',
  'INVALID_CREDENTIALS',
  'OUTBOX_NOT_EMPTY',
  'DATABASE_UNREADABLE',
  'LOCAL_DATABASE_UNAVAILABLE', // the local database is intact but cannot be opened now: `reason.params.problem` says why
  'SERVER_ERROR',
  'INTERNAL',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export { LocalDatabaseProblem } from './errors';

export const IpcErrorData = z.object({
  code: IpcErrorCode,
  /** For logs and developers (English). What the user reads is made from `reason` by the renderer. */
  message: z.string(),
  field: z.string().optional(),
  /**
   * Why, as a key with typed parameters (shared/ipc/errors.ts); the renderer's IPC wrapper turns it into a sentence
   * in the user's language. Without it (errors from outside the core), `message` is shown as is.
   */
  reason: ErrorReason.optional(),
});
export type IpcErrorData = z.infer<typeof IpcErrorData>;

/** Errors never cross a bridge as thrown objects (Electron drops their fields): every reply is an envelope. */
export const IpcReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: IpcErrorData }),
]);
export type IpcReply = z.infer<typeof IpcReply>;

export class RafaelError extends Error {
  readonly code: IpcErrorCode;
  readonly field: string | undefined;
  readonly reason: ErrorReason | undefined;
  constructor(data: IpcErrorData) {
    super(data.message);
    this.name = 'RafaelError';
    this.code = data.code;
    this.field = data.field;
    this.reason = data.reason;
  }
  toData(): IpcErrorData {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.reason ? { reason: this.reason } : {}) };
  }
}

/** The API the renderer sees as `window.rafael`, whether preload (Electron) or the browser bridge provides it. */
export interface RafaelApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Raw transport used by both bridges: send a channel + input, get an envelope back. */
export type IpcTransport = (channel: string, input: unknown) => Promise<IpcReply>;

/** What the core implements: one async function per channel, taking the already-validated input. */
export type IpcHandlers = {
  [C in ChannelName]: (input: z.output<IpcChannels[C]['input']>) => Promise<ChannelOutput<C>>;
};

/** How the core pushes events to whichever bridge is attached (Electron webContents or WebSocket clients). */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
