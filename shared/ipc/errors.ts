// Why something failed, as data: a stable key with typed parameters. The core says which reason applies; the
// renderer turns it into a sentence in the user's language (renderer/src/api.ts reasonSentence, keys `errors.<key>`), so
// no sentence a user reads is made in the core. This schema is the one list of reasons: the catalogue test checks
// that each has a French and an English sentence.
import { z } from 'zod';
import { RejectionCode } from '../domain/vocabulary';
import { ApiErrorCode } from '../protocol/sync';

/** Why an intact local database cannot be opened; the app stops on a screen saying what to do, and changes nothing. */
export const LocalDatabaseProblem = z.enum(['NATIVE_MODULE', 'PERMISSION', 'DISK_FULL', 'LOCKED', 'OTHER']);
export type LocalDatabaseProblem = z.infer<typeof LocalDatabaseProblem>;

/** What a « not found in the local data » is about. */
export const LocalEntity = z.enum(['candidature', 'session', 'action', 'preRegistration', 'conflict']);
export type LocalEntity = z.infer<typeof LocalEntity>;

const count = z.number().int().nonnegative();
const bare = <K extends string>(key: K) => z.object({ key: z.literal(key) });
const withParams = <K extends string, P extends z.ZodRawShape>(key: K, params: P) => z.object({ key: z.literal(key), params: z.object(params) });

export const ErrorReason = z.discriminatedUnion('key', [
  // The app itself
  bare('unexpected'),
  bare('unexpectedCoreReply'),
  bare('bridgeMissing'),
  bare('appClosing'),
  withParams('invalidInput', { field: z.string(), detail: z.string() }),
  withParams('localDatabaseUnavailable', { problem: LocalDatabaseProblem }),
  // Who is signed in, where
  bare('signInRequired'),
  bare('sessionExpired'),
  bare('invalidCredentials'),
  bare('noActiveStructure'),
  bare('notMember'),
  /** A decision queued in a structure the user has since left: it can no longer be sent. */
  bare('leftStructure'),
  bare('firstSignInNeedsServer'),
  bare('otherUserRecovered'),
  bare('otherUserPending'),
  /** Sign-out refused: what is still unsent, by kind, and how many refusals wait in « Conflits ». */
  withParams('unsentBeforeSignOut', { avis: count, preRegistrations: count, offer: count, conflicts: count }),
  // The server
  bare('serverRequired'),
  bare('workingOffline'),
  bare('serverUnreachable'),
  bare('serverTimeout'),
  bare('snapshotEmpty'),
  /** A snapshot line that does not fit the protocol: its number and the first offending field (for support). */
  withParams('snapshotLine', { line: count, detail: z.string() }),
  withParams('snapshotLineUnreadable', { line: count }),
  withParams('snapshotAfterEnd', { line: count }),
  /** The snapshot stopped before its end line, or its end line counts other rows than were received. */
  withParams('snapshotIncomplete', { received: count, expected: count.nullable() }),
  /** The connection dropped during a first (or full) sync: it starts over from the beginning next time. */
  bare('snapshotInterrupted'),
  /** The answer did not match the protocol; `detail` names the first offending field (for support). */
  withParams('serverMalformed', { detail: z.string() }),
  withParams('serverStatus', { status: z.number().int() }),
  /** The server's own refusal: its code (translated when known) and its message, shown as it wrote it. */
  withParams('server', { code: ApiErrorCode.nullable(), message: z.string() }),
  bare('resyncLoop'),
  bare('pushWithoutResult'),
  bare('syncInternal'),
  // Local commands
  withParams('notFoundLocally', { entity: LocalEntity }),
  bare('avisAlreadyQueued'),
  bare('onlyAvisEditable'),
  bare('notInOutbox'),
  bare('sendingNow'),
  bare('sentWithoutAnswer'),
  bare('sessionNotOpenForPreRegistration'),
  bare('preRegistrationOperationQueued'),
  withParams('refusalIsFinal', { code: RejectionCode }),
  bare('preRegistrationNotResubmittable'),
  /**
   * A shared rule's refusal (shared/domain): its code and the sentence the rule wrote. The rules are shared with the
   * server, which speaks French; the renderer shows the sentence as is.
   */
  withParams('rule', { code: RejectionCode, message: z.string() }),
]);
export type ErrorReason = z.infer<typeof ErrorReason>;
export type ErrorReasonKey = ErrorReason['key'];
export const ERROR_REASON_KEYS = ErrorReason.options.map((o) => o.shape.key.value) as ErrorReasonKey[];
