// The sync protocol (docs/architecture.md), versioned under /api/v1. Server routes and the client's sync engine both
// validate with these schemas, so a malformed payload is refused at the edge with the offending field named.
import { z } from 'zod';
import { CalendarDate, Instant } from '../domain/calendar-date';
import { NonRetentionMotive, RejectionCode } from '../domain/vocabulary';
import {
  Action,
  Candidature,
  EntryPoint,
  Id,
  Membership,
  Person,
  PreRegistration,
  Session,
  User,
  Version,
  WebLink,
} from './entities';
import { safeText } from './text';

export const API_PREFIX = '/api/v1';

// ---- Sign-in -------------------------------------------------------------------------------------------------
export const LoginRequest = z.object({
  email: z.email().max(254),
  password: safeText(512).min(1),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: safeText(256).min(16),
  expiresAt: Instant,
  user: User,
  memberships: z.array(Membership),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** GET /auth/me: the same account view, to refresh memberships without signing in again. */
export const MeResponse = LoginResponse.omit({ token: true, expiresAt: true });
export type MeResponse = z.infer<typeof MeResponse>;

// ---- Pull ----------------------------------------------------------------------------------------------------
/** An opaque server cursor (a monotonic change sequence); never a client clock. */
export const Cursor = safeText(64);
export type Cursor = z.infer<typeof Cursor>;

export const PullQuery = z.object({
  since: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type PullQuery = z.infer<typeof PullQuery>;

/** Rows of every kind; used by pull pages and by applied push results alike. */
export const ChangeSet = z.object({
  actions: z.array(Action).default([]),
  sessions: z.array(Session).default([]),
  entryPoints: z.array(EntryPoint).default([]),
  candidatures: z.array(Candidature).default([]),
  preRegistrations: z.array(PreRegistration).default([]),
});
export type ChangeSet = z.infer<typeof ChangeSet>;

export const Removals = z.object({
  actions: z.array(Id).default([]),
  sessions: z.array(Id).default([]),
  entryPoints: z.array(Id).default([]),
  candidatures: z.array(Id).default([]),
  preRegistrations: z.array(Id).default([]),
});
export type Removals = z.infer<typeof Removals>;

/** The kinds of rows, parents first: the order they are written in (an action before its sessions, and so on). */
export const ROW_KINDS = ['actions', 'sessions', 'entryPoints', 'candidatures', 'preRegistrations'] as const satisfies readonly (keyof ChangeSet & keyof Removals)[];
export type RowKind = (typeof ROW_KINDS)[number];

export const emptyChangeSet = (): ChangeSet => ({ actions: [], sessions: [], entryPoints: [], candidatures: [], preRegistrations: [] });
export const emptyRemovals = (): Removals => ({ actions: [], sessions: [], entryPoints: [], candidatures: [], preRegistrations: [] });

/** Rows of one kind as a change set, the other kinds empty. */
export function changeSetOf<K extends RowKind>(kind: K, rows: ChangeSet[K]): ChangeSet {
  const changes = emptyChangeSet();
  changes[kind] = rows;
  return changes;
}

export const PullPage = z.object({
  cursor: Cursor,
  hasMore: z.boolean(),
  /** Rows still to send after this page (an estimate, for progress bars). */
  remaining: z.number().int().nonnegative(),
  changes: ChangeSet,
  removed: Removals,
});
export type PullPage = z.infer<typeof PullPage>;

// ---- Push ----------------------------------------------------------------------------------------------------
export const RetainedDecision = z.object({
  kind: z.literal('RETENUE'),
  plannedEntry: CalendarDate,
  plannedExit: CalendarDate,
});
export const NonRetainedDecision = z.object({
  kind: z.literal('NON_RETENUE'),
  motive: NonRetentionMotive,
  justification: safeText(2000).trim().nullable(),
});
export const Decision = z.discriminatedUnion('kind', [RetainedDecision, NonRetainedDecision]);
export type Decision = z.infer<typeof Decision>;
export type RetainedDecision = z.infer<typeof RetainedDecision>;
export type NonRetainedDecision = z.infer<typeof NonRetainedDecision>;

export const AvisPayload = z.object({ candidatureId: Id, decision: Decision });
export type AvisPayload = z.infer<typeof AvisPayload>;

export const EnrichPayload = z.object({
  actionId: Id,
  highlight: safeText(4000).trim().nullable(),
  webLink: WebLink.nullable(),
});
export type EnrichPayload = z.infer<typeof EnrichPayload>;

export const PreRegistrationCreatePayload = z.object({
  preRegistrationId: Id, // made by the client, so the overlay and the server row share it
  sessionId: Id,
  candidate: Person,
});
export type PreRegistrationCreatePayload = z.infer<typeof PreRegistrationCreatePayload>;

export const PreRegistrationRefPayload = z.object({ preRegistrationId: Id });
export type PreRegistrationRefPayload = z.infer<typeof PreRegistrationRefPayload>;

/** A client-made UUIDv7: unique and time-ordered, so the server can apply each at most once. */
export const MutationId = z.uuid({ version: 'v7' });

/**
 * `createdAt`: when the mutation was first queued; `decidedAt`: when the user made (or last edited) the decision it
 * carries. The server dates an avis by `decidedAt` within documented bounds (shared/domain/decision-time); an older
 * client that sends none gets the server's time.
 */
const mutationBase = { id: MutationId, baseVersion: Version.nullable(), createdAt: Instant, decidedAt: Instant.optional() };
export const Mutation = z.discriminatedUnion('kind', [
  z.object({ ...mutationBase, kind: z.literal('avis'), payload: AvisPayload }),
  z.object({ ...mutationBase, kind: z.literal('action.enrich'), payload: EnrichPayload }),
  z.object({ ...mutationBase, kind: z.literal('preregistration.create'), payload: PreRegistrationCreatePayload }),
  z.object({ ...mutationBase, kind: z.literal('preregistration.validate'), payload: PreRegistrationRefPayload }),
  z.object({ ...mutationBase, kind: z.literal('preregistration.delete'), payload: PreRegistrationRefPayload }),
]);
export type Mutation = z.infer<typeof Mutation>;
export const MutationKind = z.enum(['avis', 'action.enrich', 'preregistration.create', 'preregistration.validate', 'preregistration.delete']);
export type MutationKind = z.infer<typeof MutationKind>;

export const MAX_MUTATIONS_PER_PUSH = 100;

export const PushRequest = z.object({
  clientId: z.uuid(),
  mutations: z.array(Mutation).min(1).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const MutationResult = z.discriminatedUnion('status', [
  z.object({ id: MutationId, status: z.literal('applied'), changes: ChangeSet, removed: Removals }),
  z.object({
    id: MutationId,
    status: z.literal('rejected'),
    code: RejectionCode,
    message: safeText(2000),
    /** The payload field the refusal is about (e.g. `plannedExit`), when it is about one. */
    field: safeText(100).optional(),
    /** For ALREADY_DECIDED: who gave the avis that stands, and when. */
    decidedBy: safeText(300).nullable().optional(),
    decidedAt: Instant.nullable().optional(),
  }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;

// ---- Errors --------------------------------------------------------------------------------------------------
/** Every non-2xx JSON body. `field` names the offending input when the error is a validation error. */
export const ApiErrorCode = z.enum([
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RESYNC_REQUIRED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z.object({
  code: ApiErrorCode,
  message: safeText(4000),
  field: safeText(200).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

