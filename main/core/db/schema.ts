// The local database. Server rows are stored per structure (the same session can be seen by two of the user's
// structures with different roles) as their validated JSON plus the columns queries filter and sort on.
// Pending commands overlay server rows through `pending_*` columns that pulls never overwrite.
import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import type { CandidatureState, OrgRole, RejectionCode, SessionStatus } from '../../../shared/domain/vocabulary';
import type { MutationKind } from '../../../shared/protocol/sync';

export const kv = sqliteTable('kv', { key: text('key').primaryKey(), value: text('value').notNull() });

export const actions = sqliteTable('actions', {
  structureId: text('structure_id').notNull(),
  id: text('id').notNull(),
  title: text('title').notNull(),
  reference: text('reference').notNull(),
  marketNumber: text('market_number').notNull(),
  organisme: text('organisme').notNull(),
  data: text('data').notNull(),
  pending: text('pending'), // JSON overlay of an enrichment not yet applied
  pendingMutationId: text('pending_mutation_id'),
  stale: integer('stale').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.structureId, t.id] }),
  index('actions_title').on(t.structureId, sql`title collate nocase`),
  // An overlay is cleared by its mutation id when the server settles it (migration 0005).
  index('actions_pending').on(t.pendingMutationId).where(sql`pending_mutation_id is not null`),
]);

export const sessions = sqliteTable('sessions', {
  structureId: text('structure_id').notNull(),
  id: text('id').notNull(),
  actionId: text('action_id').notNull(),
  carifNumber: text('carif_number').notNull(),
  city: text('city').notNull(),
  department: text('department').notNull(),
  status: text('status').$type<SessionStatus>().notNull(),
  orgRole: text('org_role').$type<OrgRole>(),
  marketStart: text('market_start').notNull(),
  marketEnd: text('market_end').notNull(),
  data: text('data').notNull(),
  stale: integer('stale').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.structureId, t.id] }),
  index('sessions_action').on(t.structureId, t.actionId),
  index('sessions_carif').on(t.structureId, t.carifNumber),
  index('sessions_city').on(t.structureId, t.city),
  index('sessions_status').on(t.structureId, t.status),
]);

export const entryPoints = sqliteTable('entry_points', {
  structureId: text('structure_id').notNull(),
  id: text('id').notNull(),
  sessionId: text('session_id').notNull(),
  date: text('date').notNull(),
  places: integer('places').notNull(),
  data: text('data').notNull(),
  stale: integer('stale').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.structureId, t.id] }), index('entry_points_session').on(t.structureId, t.sessionId, t.date)]);

export const candidatures = sqliteTable('candidatures', {
  rid: integer('rid').primaryKey({ autoIncrement: true }), // rowid of the full-text index
  structureId: text('structure_id').notNull(),
  id: text('id').notNull(),
  sessionId: text('session_id').notNull(),
  state: text('state').$type<CandidatureState>().notNull(),
  avisOn: text('avis_on'),
  avisDeadline: text('avis_deadline').notNull(),
  createdOn: text('created_on').notNull(),
  lastName: text('last_name').notNull(),
  firstName: text('first_name').notNull(),
  email: text('email').notNull(),
  data: text('data').notNull(),
  pendingState: text('pending_state').$type<CandidatureState>(),
  pendingAvisOn: text('pending_avis_on'),
  pendingMutationId: text('pending_mutation_id'),
  stale: integer('stale').notNull().default(0),
}, (t) => [
  uniqueIndex('candidatures_key').on(t.structureId, t.id),
  // An overlay is cleared by its mutation id when the server settles it or the user takes it back (migration 0005).
  index('candidatures_pending').on(t.pendingMutationId).where(sql`pending_mutation_id is not null`),
  // candidatures_session covers every column the dashboard and per-session counters read (plain columns: SQLite
  // only covers with the columns themselves); candidatures_effective_state serves state filters on the overlaid
  // state, its expression written exactly as in main/core/queries/read-model.ts.
  index('candidatures_session').on(t.structureId, t.sessionId, t.state, t.pendingState, t.avisDeadline, t.avisOn, t.pendingAvisOn),
  index('candidatures_effective_state').on(t.structureId, sql`coalesce(pending_state, state)`, t.avisDeadline, t.createdOn, t.sessionId),
  index('candidatures_created').on(t.structureId, t.createdOn, t.sessionId),
  // Sorts (migration 0004): by name as the list compares it, by deadline, and each session's rows in rowid order
  // for sorts on the session or the action.
  index('candidatures_name').on(t.structureId, sql`last_name collate nocase`, sql`first_name collate nocase`),
  index('candidatures_deadline').on(t.structureId, t.avisDeadline),
  index('candidatures_session_rid').on(t.structureId, t.sessionId),
]);

export const preRegistrations = sqliteTable('pre_registrations', {
  structureId: text('structure_id').notNull(),
  id: text('id').notNull(),
  sessionId: text('session_id').notNull(),
  data: text('data'), // null while only the local overlay exists
  pending: text('pending'), // JSON: { kind: 'create' | 'validate' | 'delete', mutationId, row? }
  stale: integer('stale').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.structureId, t.id] })]);

export const outbox = sqliteTable('outbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  structureId: text('structure_id').notNull(),
  kind: text('kind').$type<MutationKind>().notNull(),
  mutation: text('mutation').notNull(),
  summary: text('summary').notNull(),
  createdAt: text('created_at').notNull(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
});

export const conflicts = sqliteTable('conflicts', {
  id: text('id').primaryKey(),
  structureId: text('structure_id').notNull(),
  mutation: text('mutation').notNull(),
  code: text('code').$type<RejectionCode>().notNull(),
  message: text('message').notNull(),
  summary: text('summary').notNull(),
  rejectedAt: text('rejected_at').notNull(),
  /** JSON: the refused field and, for ALREADY_DECIDED, who decided and when (shared/protocol MutationResult). */
  details: text('details'),
});

export const syncState = sqliteTable('sync_state', {
  structureId: text('structure_id').primaryKey(),
  cursor: text('cursor'),
  lastSuccessAt: text('last_success_at'),
  resyncing: integer('resyncing').notNull().default(0),
});

// The rows as stored (JSON columns as their text): typed-sql.ts queries name their rows with these.
export type KvRow = typeof kv.$inferSelect;
export type ActionRow = typeof actions.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type EntryPointRow = typeof entryPoints.$inferSelect;
export type CandidatureRow = typeof candidatures.$inferSelect;
export type PreRegistrationRow = typeof preRegistrations.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type ConflictRow = typeof conflicts.$inferSelect;
export type SyncStateRow = typeof syncState.$inferSelect;
