// What the core answers to the renderer: server rows with the pending overlay laid over them, plus what the
// shared rules derive (counter, date limite, rights). The renderer shows these and computes nothing of its own.
import { z } from 'zod';
import { CalendarDate, Instant } from '../domain/calendar-date';
import { CandidatureState, OrgRole, RejectionCode } from '../domain/vocabulary';
import { Action, Candidature, EntryPoint, Id, Membership, PreRegistration, Session, User } from '../protocol/entities';
import { Mutation, MutationKind } from '../protocol/sync';
import { ApplicationsClosedReason } from '../domain/applications';
import { ErrorReason } from './errors';

/** Why the local database was rebuilt: its key was lost, its file was gone (the journal had decisions), or it was unreadable. */
export const RecoveryCause = z.enum(['KEY_MISSING', 'DATABASE_MISSING', 'UNREADABLE']);
export type RecoveryCause = z.infer<typeof RecoveryCause>;

export const AppState = z.object({
  signedIn: z.boolean(),
  /** True when the local data exists but the server token expired or was refused: reading works, sync waits. */
  needsSignIn: z.boolean(),
  user: User.nullable(),
  memberships: z.array(Membership),
  activeStructureId: Id.nullable(),
  serverUrl: z.string(),
  /**
   * Set after the local database could not be read and was rebuilt: what happened (`cause`, worded by the renderer;
   * `reason` is the technical detail) and where the unsent decisions were exported.
   */
  recovery: z.object({
    at: Instant,
    cause: RecoveryCause.default('UNREADABLE'),
    reason: z.string(),
    exportedFile: z.string().nullable(),
    requeued: z.number().int().nonnegative(),
  }).nullable().default(null),
});
export type AppState = z.infer<typeof AppState>;

export const SyncStatus = z.object({
  online: z.boolean(),
  syncing: z.boolean(),
  lastSuccessAt: Instant.nullable(),
  /** Why the last round failed; the renderer words it (shared/ipc/errors.ts). */
  lastError: ErrorReason.nullable(),
  pendingCount: z.number().int().nonnegative(),
  conflictCount: z.number().int().nonnegative(),
  needsSignIn: z.boolean(),
  /**
   * Unsent avis whose candidature's deadline is near (shared/domain/avis-deadline): they must reach the server
   * before it passes, or the candidature turns « avis non transmis ». Null when there is none.
   */
  deadlineAlert: z.object({ count: z.number().int().positive(), earliest: CalendarDate }).nullable().default(null),
  /** What waits to be sent, by kind (shared/domain/pending-kinds): « 2 avis et 1 préinscription à envoyer ». */
  pendingByKind: z.object({ avis: z.number().int().nonnegative(), preRegistrations: z.number().int().nonnegative(), offer: z.number().int().nonnegative() })
    .default({ avis: 0, preRegistrations: 0, offer: 0 }),
  /** « Travailler hors connexion »: the user stopped every network call until they switch it back. */
  workOffline: z.boolean().default(false),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncProgress = z.object({
  structureId: Id,
  done: z.number().int().nonnegative(),
  expected: z.number().int().nonnegative(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

/** The capacity counter of one entry point, from shared/domain/entry-point-counter. */
export const CounterView = z.object({
  entryPointId: Id,
  date: CalendarDate,
  taken: z.number().int().nonnegative(),
  places: z.number().int().nonnegative(),
  remaining: z.number().int().nonnegative(),
  full: z.boolean(),
});
export type CounterView = z.infer<typeof CounterView>;

export const DashboardColumn = z.enum([
  'EN_ATTENTE',
  'DEADLINE_SOON',
  'RETENUE',
  'NON_RETENUE',
  'AVIS_NON_TRANSMIS',
  'REFUS_SESSION_COMPLETE',
  'REFUS_SESSION_ANNULEE',
]);
export type DashboardColumn = z.infer<typeof DashboardColumn>;

export const Dashboard = z.object({
  structureId: Id,
  today: CalendarDate,
  rows: z.array(z.object({ role: OrgRole, counts: z.record(DashboardColumn, z.number().int().nonnegative()) })),
});
export type Dashboard = z.infer<typeof Dashboard>;

/** Whether the active user may act, and why not: a reason the renderer words in place (shared/ipc/errors.ts). */
export const Permission = z.object({ allowed: z.boolean(), reason: ErrorReason.nullable() });
export type Permission = z.infer<typeof Permission>;

export const CandidatureListRow = z.object({
  id: Id,
  sessionId: Id,
  candidateName: z.string(),
  candidateEmail: z.string(),
  state: CandidatureState,
  pending: z.boolean(), // an outbox mutation overlays this row
  conflicted: z.boolean(),
  createdOn: CalendarDate,
  avisDeadline: CalendarDate,
  avisOn: CalendarDate.nullable(),
  actionTitle: z.string(),
  actionReference: z.string(),
  marketNumber: z.string(),
  carifNumber: z.string(),
  city: z.string(),
  department: z.string(),
  orgRole: OrgRole.nullable(),
  organisme: z.string(), // the responsible structure's name
  prescriberStructureName: z.string().nullable(),
});
export type CandidatureListRow = z.infer<typeof CandidatureListRow>;

export const CandidatureSortField = z.enum(['candidateName', 'createdOn', 'avisDeadline', 'state', 'actionTitle', 'carifNumber', 'city']);
export const SortDirection = z.enum(['asc', 'desc']);

export const CandidatureFilters = z.object({
  states: z.array(CandidatureState).optional(),
  sessionId: Id.optional(),
  /** One candidature (opened from the outbox or a conflict card). */
  candidatureId: Id.optional(),
  roles: z.array(OrgRole).optional(),
  deadlineSoon: z.boolean().optional(), // pending with avisDeadline within 15 days
  search: z.string().max(200).optional(), // full text: candidate names, e-mails, session titles
  organisme: z.string().max(200).optional(),
  marketNumber: z.string().max(100).optional(),
  carifNumber: z.string().max(100).optional(),
  /** Archived sessions are left out unless asked for (as on the dashboard); a session's own list always has them. */
  includeArchived: z.boolean().optional(),
});
export type CandidatureFilters = z.infer<typeof CandidatureFilters>;

export const CandidatureListQuery = z.object({
  filters: CandidatureFilters.default({}),
  sort: z.object({ field: CandidatureSortField, direction: SortDirection }).default({ field: 'createdOn', direction: 'desc' }),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type CandidatureListQuery = z.infer<typeof CandidatureListQuery>;

export const Page = <T extends z.ZodType>(row: T) => z.object({ total: z.number().int().nonnegative(), rows: z.array(row) });

/** Whether the session takes applications today, and if not why (shared/domain/applications). */
export const ApplicationsView = z.discriminatedUnion('open', [
  z.object({ open: z.literal(true), reason: z.null() }),
  z.object({ open: z.literal(false), reason: ApplicationsClosedReason }),
]);
export type ApplicationsView = z.infer<typeof ApplicationsView>;

export const SessionListRow = z.object({
  id: Id,
  actionId: Id,
  actionTitle: z.string(),
  actionReference: z.string(),
  marketNumber: z.string(),
  carifNumber: z.string(),
  city: z.string(),
  department: z.string(),
  orgRole: OrgRole.nullable(),
  organisme: z.string(),
  status: Session.shape.status,
  counter: CounterView.nullable(), // null when there is no upcoming entry point
  deadline: CalendarDate.nullable(), // date limite d'inscription
  marketStart: CalendarDate,
  marketEnd: CalendarDate,
  counts: z.record(CandidatureState, z.number().int().nonnegative()),
  applications: ApplicationsView,
  /** The action's « mesure » (HSP SOCLE, PRF…), what the catalogue filters by domain. */
  mesure: z.string(),
});
export type SessionListRow = z.infer<typeof SessionListRow>;

export const SessionSortField = z.enum(['actionTitle', 'carifNumber', 'city', 'deadline', 'pending']);
export const SessionFilters = z.object({
  roles: z.array(OrgRole).optional(),
  search: z.string().max(200).optional(),
  organisme: z.string().max(200).optional(),
  marketNumber: z.string().max(100).optional(),
  carifNumber: z.string().max(100).optional(),
  includeArchived: z.boolean().optional(),
  // The catalogue search (prescribers) and « Gestion des formations »:
  actionId: Id.optional(),
  /** Department number as in « BAYONNE (64) ». */
  department: z.string().max(3).optional(),
  /** Part of the action's « mesure » (domain): « HSP SOCLE », « PRF »… */
  mesure: z.string().max(100).optional(),
  /** Sessions with an upcoming entry point between these days (inclusive). */
  entryFrom: CalendarDate.optional(),
  entryTo: CalendarDate.optional(),
});
export const SessionListQuery = z.object({
  filters: SessionFilters.default({}),
  sort: z.object({ field: SessionSortField, direction: SortDirection }).default({ field: 'deadline', direction: 'asc' }),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type SessionListQuery = z.infer<typeof SessionListQuery>;

export const SessionDetail = z.object({
  session: Session,
  action: Action,
  entryPoints: z.array(z.object({ entryPoint: EntryPoint, counter: CounterView })),
  upcoming: CounterView.nullable(),
  /** The upcoming entry point's date, or null when there is none (then show the market dates). */
  deadline: CalendarDate.nullable(),
  applicationsOpen: z.boolean(),
  applications: ApplicationsView,
  canEnrich: Permission,
  canGiveAvis: Permission,
});
export type SessionDetail = z.infer<typeof SessionDetail>;

/**
 * What a queued or refused decision is about, which the renderer words with its mutation (« Avis retenu pour … »,
 * « Préinscription de … »): the candidate's name or the action's title. `text`: a sentence stored before summaries
 * were data, shown as it is.
 */
export const DecisionSummary = z.union([z.object({ subject: z.string() }).strict(), z.object({ text: z.string() }).strict()]);
export type DecisionSummary = z.infer<typeof DecisionSummary>;

export const PendingMutation = z.object({
  id: Id,
  kind: MutationKind,
  mutation: Mutation,
  summary: DecisionSummary,
  createdAt: Instant,
  attempts: z.number().int().nonnegative(),
  /** Why the last attempt to send it failed; the renderer words it. */
  lastError: ErrorReason.nullable(),
  /** Until it is sent, a queued decision can be cancelled (and an avis edited); `reason` says why not (the renderer words it). */
  changeable: z.object({ allowed: z.boolean(), reason: ErrorReason.nullable() }).default({ allowed: false, reason: null }),
  /** The undo window: nothing is sent before this instant, even online. */
  holdUntil: Instant.nullable().default(null),
  /** The candidature an avis is about (to open it from the outbox). */
  candidatureId: Id.nullable().default(null),
});
export type PendingMutation = z.infer<typeof PendingMutation>;

export const CandidatureDetail = z.object({
  candidature: Candidature,
  session: Session,
  action: Action,
  upcoming: CounterView.nullable(),
  /** Prefill for a retained avis: the upcoming entry point and the session's market end. */
  suggestedEntry: CalendarDate.nullable(),
  suggestedExit: CalendarDate.nullable(),
  canGiveAvis: Permission,
  pending: PendingMutation.nullable(),
});
export type CandidatureDetail = z.infer<typeof CandidatureDetail>;

export const Conflict = z.object({
  id: Id,
  mutation: Mutation,
  /** Why the server refused; the renderer shows its label and what to do about it (i18n `conflicts.adviceByCode`). */
  code: RejectionCode,
  /** The server's message, shown as it wrote it ('' when the app itself refused: then `reason` says why). */
  message: z.string(),
  /** Why the app itself turned the decision into a conflict (it was never refused by the server). */
  reason: ErrorReason.nullable().default(null),
  summary: DecisionSummary,
  canResubmit: z.boolean(),
  rejectedAt: Instant,
  /** The field the refusal is about, so the resubmit form shows the message beside it. */
  field: z.string().nullable().default(null),
  /** For ALREADY_DECIDED: who gave the avis that stands, and when. */
  decidedBy: z.string().nullable().default(null),
  decidedAt: Instant.nullable().default(null),
  /** The candidature an avis was about (the card opens it). */
  candidatureId: Id.nullable().default(null),
});
export type Conflict = z.infer<typeof Conflict>;

export const ExportedFile = z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() });
export type ExportedFile = z.infer<typeof ExportedFile>;

export const PreRegistrationView = z.object({
  preRegistration: PreRegistration,
  sessionTitle: z.string(),
  carifNumber: z.string(),
  pending: z.boolean(),
  canValidate: Permission,
  canDelete: Permission,
});
export type PreRegistrationView = z.infer<typeof PreRegistrationView>;


/** « Gestion des formations »: the structure's actions, as in the guide (tab Publiées, then the pencil). */
export const ActionFilters = z.object({
  /** Référence, intitulé or n° de marché. */
  search: z.string().max(200).optional(),
  mesure: z.string().max(100).optional(),
  /** PUBLISHED: actions with at least one published session (the guide's « Publiées » tab); OTHER: the rest. */
  tab: z.enum(['PUBLISHED', 'OTHER']).default('PUBLISHED'),
  /** Only the actions the structure is RESPONSABLE of (the ones it may enrich). */
  responsibleOnly: z.boolean().optional(),
});
export type ActionFilters = z.infer<typeof ActionFilters>;

export const ActionListQuery = z.object({
  filters: ActionFilters.default({ tab: 'PUBLISHED' }),
  sort: z.enum(['reference', 'title']).default('reference'),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(500).default(50),
});
export type ActionListQuery = z.infer<typeof ActionListQuery>;

export const ActionListRow = z.object({
  /** With the user's unsent enrichment laid over it. */
  action: Action,
  /** An enrichment of this action waits to be sent. */
  pending: z.boolean(),
  sessionCount: z.number().int().nonnegative(),
  publishedSessionCount: z.number().int().nonnegative(),
  canEnrich: Permission,
});
export type ActionListRow = z.infer<typeof ActionListRow>;

/** The daily deadline reminder (shared/domain/deadline-reminder), and the list it opens. */
export const DeadlineReminder = z.object({
  structureId: Id,
  structureName: z.string(),
  count: z.number().int().positive(),
  earliestDeadline: CalendarDate,
  /** Deadlines up to this day are counted. */
  lastDay: CalendarDate,
  filters: CandidatureFilters,
});
export type DeadlineReminder = z.infer<typeof DeadlineReminder>;

/** What the user chose on this machine (« Mon compte »); kept with their local data. */
export const Preferences = z.object({
  /** The daily notification of candidatures near « avis non transmis ». */
  deadlineReminders: z.boolean(),
});
export type Preferences = z.infer<typeof Preferences>;
