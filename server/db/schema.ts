// The reference server's PostgreSQL schema. Business dates are 'YYYY-MM-DD' text (Paris calendar days, compared as
// strings like everywhere else); every syncable row carries `seq`, the global change sequence the pull cursor reads.
import { bigint, boolean, integer, jsonb, pgSequence, pgTable, primaryKey, text, index } from 'drizzle-orm/pg-core';

/** @public drizzle-kit reads the sequence from this export to create it in the migrations. */
export const changeSeq = pgSequence('change_seq', { startWith: 1 });

const seq = () => bigint('seq', { mode: 'number' }).notNull();

export const meta = pgTable('meta', { key: text('key').primaryKey(), value: text('value').notNull() });

export const structures = pgTable('structures', {
  id: text('id').primaryKey(),
  siret: text('siret').notNull().unique(),
  name: text('name').notNull(),
  acronym: text('acronym'),
  kind: text('kind').notNull(),
  city: text('city'),
  validated: boolean('validated').notNull().default(true),
});

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  phone: text('phone'),
  isAdmin: boolean('is_admin').notNull().default(false),
  active: boolean('active').notNull().default(true),
});

export const memberships = pgTable(
  'memberships',
  {
    userId: text('user_id').notNull().references(() => users.id),
    structureId: text('structure_id').notNull().references(() => structures.id),
    profile: text('profile'),
    parcoursPro: jsonb('parcours_pro').$type<string[]>().notNull().default([]),
    referent: boolean('referent').notNull().default(false),
    employer: boolean('employer').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.userId, t.structureId] })],
);

export const membershipRequests = pgTable('membership_requests', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(), // ACCOUNT | AFFILIATION
  structureId: text('structure_id').notNull().references(() => structures.id),
  userId: text('user_id').notNull().references(() => users.id),
  status: text('status').notNull(),
  createdAt: text('created_at').notNull(),
});

export const tokens = pgTable('tokens', {
  hash: text('hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id),
  expiresAt: text('expires_at').notNull(),
  revoked: boolean('revoked').notNull().default(false),
});

export const actions = pgTable('actions', {
  id: text('id').primaryKey(),
  reference: text('reference').notNull(),
  type: text('type').notNull(),
  moduleCount: integer('module_count'),
  title: text('title').notNull(),
  financing: jsonb('financing').notNull(),
  highlight: text('highlight'),
  webLink: text('web_link'),
  responsibleStructureId: text('responsible_structure_id').notNull().references(() => structures.id),
  version: integer('version').notNull().default(1),
  seq: seq(),
}, (t) => [index('actions_seq').on(t.seq)]);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  actionId: text('action_id').notNull().references(() => actions.id),
  carifNumber: text('carif_number').notNull(),
  publishedOn: text('published_on').notNull(),
  marketStart: text('market_start').notNull(),
  marketEnd: text('market_end').notNull(),
  city: text('city').notNull(),
  department: text('department').notNull(),
  trainingPlace: text('training_place').notNull(),
  cpfEligible: boolean('cpf_eligible').notNull(),
  fixedDates: boolean('fixed_dates').notNull(),
  contact: jsonb('contact').notNull(),
  disabilityReferent: jsonb('disability_referent'),
  status: text('status').notNull(),
  endDate: text('end_date'),
  version: integer('version').notNull().default(1),
  seq: seq(),
}, (t) => [index('sessions_seq').on(t.seq), index('sessions_action').on(t.actionId)]);

export const sessionRoles = pgTable(
  'session_roles',
  {
    sessionId: text('session_id').notNull().references(() => sessions.id),
    structureId: text('structure_id').notNull().references(() => structures.id),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.structureId] }), index('session_roles_structure').on(t.structureId)],
);

export const entryPoints = pgTable('entry_points', {
  id: text('id').primaryKey(),
  sessionId: text('session_id').notNull().references(() => sessions.id),
  date: text('date').notNull(),
  places: integer('places').notNull(),
  bis: boolean('bis').notNull().default(false),
  // Its counter's tallies (server/sync/entry-point-tallies.ts), stored by whatever changes them, read as they are.
  retainedInWindow: integer('retained_in_window').notNull().default(0),
  sessionPending: integer('session_pending').notNull().default(0),
  version: integer('version').notNull().default(1),
  seq: seq(),
}, (t) => [index('entry_points_seq').on(t.seq), index('entry_points_session').on(t.sessionId)]);

export const candidatures = pgTable('candidatures', {
  id: text('id').primaryKey(),
  sessionId: text('session_id').notNull().references(() => sessions.id),
  candidate: jsonb('candidate').notNull(),
  origin: text('origin').notNull(),
  prescriberStructureId: text('prescriber_structure_id'),
  prescriberStructureName: text('prescriber_structure_name'),
  createdAt: text('created_at').notNull(),
  createdOn: text('created_on').notNull(),
  avisDeadline: text('avis_deadline').notNull(),
  state: text('state').notNull(),
  retained: jsonb('retained'),
  nonRetained: jsonb('non_retained'),
  avisAt: text('avis_at'),
  avisOn: text('avis_on'),
  avisBy: text('avis_by'),
  avisReceivedAt: text('avis_received_at'),
  avisTimeNote: text('avis_time_note'),
  version: integer('version').notNull().default(1),
  seq: seq(),
}, (t) => [index('candidatures_seq').on(t.seq), index('candidatures_session').on(t.sessionId), index('candidatures_state').on(t.state)]);

export const preRegistrations = pgTable('pre_registrations', {
  id: text('id').primaryKey(),
  sessionId: text('session_id').notNull().references(() => sessions.id),
  prescriberStructureId: text('prescriber_structure_id').notNull().references(() => structures.id),
  createdByUserId: text('created_by_user_id').notNull(),
  createdByName: text('created_by_name').notNull(),
  createdByProfile: text('created_by_profile').notNull(),
  candidate: jsonb('candidate').notNull(),
  status: text('status').notNull(),
  candidatureId: text('candidature_id'),
  createdAt: text('created_at').notNull(),
  version: integer('version').notNull().default(1),
  seq: seq(),
}, (t) => [index('pre_registrations_seq').on(t.seq)]);

/** Tombstones: a row removed for one structure (access lost) or for everyone (structure_id null). */
export const removals = pgTable('removals', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  structureId: text('structure_id'),
  kind: text('kind').notNull(),
  rowId: text('row_id').notNull(),
});

/** Mutations already applied or rejected, with their result, so a retry gets the same answer and no second effect. */
export const processedMutations = pgTable('processed_mutations', {
  id: text('id').primaryKey(),
  structureId: text('structure_id').notNull(),
  userId: text('user_id').notNull(),
  result: jsonb('result').notNull(),
  processedAt: text('processed_at').notNull(),
});
