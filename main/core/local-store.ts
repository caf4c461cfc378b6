// Everything the core reads and writes in the local database: server rows per structure (with the pending overlay
// columns pulls never touch), the outbox, conflicts, sync cursors and small key-value state. Raw prepared
// statements where volume matters (a 100k-row initial sync), each caller choosing its transaction.
import { z } from 'zod';
import { Mutation, type ChangeSet, type Removals } from '../../shared/protocol/sync';
import { RejectionCode } from '../../shared/domain/vocabulary';
import { Action, PreRegistration } from '../../shared/protocol/entities';
import { ErrorReason } from '../../shared/ipc/errors';
import type { Sqlite } from './db/open-database';
import type { BackgroundConnection } from './db/background-connection';
import type { CandidatureRow, ConflictRow, KvRow, OutboxRow, SessionRow, SyncStateRow } from './db/schema';
import { parseJson } from './db/typed-sql';

/**
 * What full-text search matches for a candidature: names, e-mail, the action's title and the session's Carif
 * number (the 0001 migration back-fills with the same expression).
 */
export const FTS_TEXT = `c.first_name || ' ' || c.last_name || ' ' || c.email || ' ' || coalesce(a.title, '') || ' ' || coalesce(s.carif_number, '')`;
export const FTS_FROM = `from candidatures c
  left join sessions s on s.structure_id = c.structure_id and s.id = c.session_id
  left join actions a on a.structure_id = s.structure_id and a.id = s.action_id`;

/** The tables of server rows, children before parents (the order deletions go in). */
const SERVER_ROW_TABLES = ['candidatures', 'entry_points', 'sessions', 'actions', 'pre_registrations'] as const;

export type OutboxEntry = Omit<OutboxRow, 'mutation'> & { mutation: Mutation };
/** What the server said beyond its code and message: the refused field, and for ALREADY_DECIDED who decided and when. */
export const RejectionDetails = z.object({
  field: z.string().nullish(),
  decidedBy: z.string().nullish(),
  decidedAt: z.string().nullish(),
  /** Why the app itself turned an entry into a conflict, when the server never refused it. */
  reason: ErrorReason.nullish(),
});
export type RejectionDetails = z.infer<typeof RejectionDetails>;
export type ConflictEntry = Omit<ConflictRow, 'mutation' | 'details'> & { mutation: Mutation; details: RejectionDetails };

const DroppedIndexes = z.array(z.object({ name: z.string(), sql: z.string() }));
type DroppedIndex = z.infer<typeof DroppedIndexes>[number];

/** Candidatures under which ANALYZE runs on the main connection (LocalStore.analyze). */
const ANALYZE_HERE_BELOW_ROWS = 25_000;

/** Indexes a bulk load dropped and has not rebuilt yet (LocalStore.dropIndexesForLoad). */
const KV_DROPPED_INDEXES = 'bulkLoadDroppedIndexes';

/**
 * A stored code this version does not know (none is written so, but a row may come from another version) reads as
 * INVALID, as the server client reads an unknown code from a newer server.
 */
const StoredRejectionCode = RejectionCode.catch('INVALID');

/** A value and everything it holds made read-only. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function toOutboxEntry(r: OutboxRow): OutboxEntry {
  return { ...r, mutation: parseJson(Mutation, r.mutation, `outbox entry ${r.id}`) };
}

function toConflictEntry(r: ConflictRow): ConflictEntry {
  return {
    ...r,
    code: StoredRejectionCode.parse(r.code),
    mutation: parseJson(Mutation, r.mutation, `conflict ${r.id}`),
    details: r.details ? parseJson(RejectionDetails, r.details, `conflict ${r.id} details`) : {},
  };
}

/** An action's unsent enrichment, laid over its server row until the server answers (actions.pending). */
export const ActionOverlay = Action.pick({ highlight: true, webLink: true }).partial();
export type ActionOverlay = z.infer<typeof ActionOverlay>;

/** A pre-registration's unsent operation and the row as it will be (pre_registrations.pending). */
export const PreRegistrationOverlay = z.object({ mutationId: z.string(), op: z.enum(['create', 'validate', 'delete']), preRegistration: PreRegistration });
export type PreRegistrationOverlay = z.infer<typeof PreRegistrationOverlay>;

/** A pragma's single value, as SQLite gives it with `simple: true`. */
const PragmaNumber = z.number();

/** A server candidature stored whole (a row already here keeps its rid, hence its search index entry, and its overlay). */
const UPSERT_CANDIDATURE = `insert into candidatures(structure_id, id, session_id, state, avis_on, avis_deadline, created_on, last_name, first_name, email, data, stale)
  values (@structureId, @id, @sessionId, @state, @avisOn, @avisDeadline, @createdOn, @lastName, @firstName, @email, @data, 0)
  on conflict(structure_id, id) do update set session_id = excluded.session_id, state = excluded.state, avis_on = excluded.avis_on, avis_deadline = excluded.avis_deadline,
  created_on = excluded.created_on, last_name = excluded.last_name, first_name = excluded.first_name, email = excluded.email, data = excluded.data, stale = 0`;

/** The columns of outbox and conflict rows, named as schema.ts names them. */
const OUTBOX_COLUMNS = 'seq, id, structure_id as structureId, kind, mutation, summary, created_at as createdAt, attempts, last_error as lastError';
const CONFLICT_COLUMNS = 'id, structure_id as structureId, mutation, code, message, summary, rejected_at as rejectedAt, details';

export class LocalStore {
  private readonly stmts;
  /** A bulk load's open transaction (bulkWrite), and the durability to restore when it ends. */
  private bulk: { synchronous: number } | null = null;

  /** `background`: where bulk loads' checkpoints and index builds run, off the event loop; without one, here. */
  constructor(
    readonly sqlite: Sqlite,
    private readonly background?: BackgroundConnection,
  ) {
    // Statements that return rows name the row's type (schema.ts) and their parameters; writes take any parameters.
    const p = (sql: string) => sqlite.prepare(sql);
    const q = <Params extends unknown[], Row>(sql: string) => sqlite.prepare<Params, Row>(sql);
    this.stmts = {
      kvGet: q<[key: string], Pick<KvRow, 'value'>>('select value from kv where key = ?'),
      kvSet: p('insert into kv(key, value) values (?, ?) on conflict(key) do update set value = excluded.value'),
      kvDel: p('delete from kv where key = ?'),
      upsertAction: p(`insert into actions(structure_id, id, title, reference, market_number, organisme, data, stale) values (@structureId, @id, @title, @reference, @marketNumber, @organisme, @data, 0)
        on conflict(structure_id, id) do update set title = excluded.title, reference = excluded.reference, market_number = excluded.market_number, organisme = excluded.organisme, data = excluded.data, stale = 0`),
      upsertSession: p(`insert into sessions(structure_id, id, action_id, carif_number, city, department, status, org_role, market_start, market_end, data, stale)
        values (@structureId, @id, @actionId, @carifNumber, @city, @department, @status, @orgRole, @marketStart, @marketEnd, @data, 0)
        on conflict(structure_id, id) do update set action_id = excluded.action_id, carif_number = excluded.carif_number, city = excluded.city, department = excluded.department,
        status = excluded.status, org_role = excluded.org_role, market_start = excluded.market_start, market_end = excluded.market_end, data = excluded.data, stale = 0`),
      upsertEntryPoint: p(`insert into entry_points(structure_id, id, session_id, date, places, data, stale) values (@structureId, @id, @sessionId, @date, @places, @data, 0)
        on conflict(structure_id, id) do update set session_id = excluded.session_id, date = excluded.date, places = excluded.places, data = excluded.data, stale = 0`),
      // A row whose indexed columns stay (an avis, a restamp: the usual delta) is updated in place, setting only what
      // changed, so that SQLite rewrites the table row and the indexes on those columns alone: a commit then writes
      // a fraction of the pages. Anything else takes the upsert.
      updateEntryPointData: p(`update entry_points set places = @places, data = @data, stale = 0
        where structure_id = @structureId and id = @id and session_id = @sessionId and date = @date`),
      updateCandidatureDecision: q<[Record<string, unknown>], Pick<CandidatureRow, 'rid'>>(`update candidatures set state = @state, avis_on = @avisOn, data = @data, stale = 0
        where structure_id = @structureId and id = @id and session_id = @sessionId and avis_deadline = @avisDeadline and created_on = @createdOn
          and last_name = @lastName and first_name = @firstName and email = @email
        returning rid`),
      upsertCandidature: q<[Record<string, unknown>], Pick<CandidatureRow, 'rid'>>(`${UPSERT_CANDIDATURE} returning rid`),
      // A bulk load indexes for search at its end: it needs no rid back, and RETURNING costs each row a trip through a
      // result buffer.
      upsertCandidatureBulk: p(UPSERT_CANDIDATURE),
      upsertPre: p(`insert into pre_registrations(structure_id, id, session_id, data, stale) values (@structureId, @id, @sessionId, @data, 0)
        on conflict(structure_id, id) do update set session_id = excluded.session_id, data = excluded.data, stale = 0`),
      ftsIndexOne: p(`insert or replace into candidatures_fts(rowid, text) select c.rid, ${FTS_TEXT} ${FTS_FROM} where c.rid = ?`),
      ftsIndexSession: p(`insert or replace into candidatures_fts(rowid, text) select c.rid, ${FTS_TEXT} ${FTS_FROM} where c.structure_id = ? and c.session_id = ?`),
      sessionsOfAction: q<[structureId: string, actionId: string], Pick<SessionRow, 'id'>>('select id from sessions where structure_id = ? and action_id = ?'),
      ftsDelete: p('delete from candidatures_fts where rowid = ?'),
      candidatureRid: q<[structureId: string, id: string], Pick<CandidatureRow, 'rid'>>('select rid from candidatures where structure_id = ? and id = ?'),
      deleteCandidature: p('delete from candidatures where structure_id = ? and id = ?'),
      deleteAction: p('delete from actions where structure_id = ? and id = ?'),
      deleteSession: p('delete from sessions where structure_id = ? and id = ?'),
      deleteEntryPoint: p('delete from entry_points where structure_id = ? and id = ?'),
      deletePre: p('delete from pre_registrations where structure_id = ? and id = ?'),
      cursorGet: q<[structureId: string], Omit<SyncStateRow, 'structureId'>>('select cursor, last_success_at as lastSuccessAt, resyncing from sync_state where structure_id = ?'),
      cursorSet: p(`insert into sync_state(structure_id, cursor, last_success_at) values (?, ?, ?)
        on conflict(structure_id) do update set cursor = excluded.cursor, last_success_at = coalesce(excluded.last_success_at, sync_state.last_success_at)`),
      outboxInsert: p('insert into outbox(id, structure_id, kind, mutation, summary, created_at) values (?, ?, ?, ?, ?, ?)'),
      outboxAll: q<[], OutboxRow>(`select ${OUTBOX_COLUMNS} from outbox order by seq`),
      outboxFor: q<[structureId: string, limit: number], OutboxRow>(`select ${OUTBOX_COLUMNS} from outbox where structure_id = ? order by seq limit ?`),
      outboxDelete: p('delete from outbox where id = ?'),
      outboxSent: p('update outbox set attempts = attempts + 1 where id = ?'),
      outboxFail: p('update outbox set last_error = ? where id = ?'),
      outboxCount: q<[], { n: number }>('select count(*) as n from outbox'),
      conflictInsert: p('insert or replace into conflicts(id, structure_id, mutation, code, message, summary, rejected_at, details) values (?, ?, ?, ?, ?, ?, ?, ?)'),
      conflictAll: q<[], ConflictRow>(`select ${CONFLICT_COLUMNS} from conflicts order by rejected_at desc`),
      conflictGet: q<[id: string], ConflictRow>(`select ${CONFLICT_COLUMNS} from conflicts where id = ?`),
      outboxReplace: p('update outbox set mutation = ?, summary = ? where id = ?'),
      conflictDelete: p('delete from conflicts where id = ?'),
      conflictCount: q<[], { n: number }>('select count(*) as n from conflicts'),
      clearCandidatureOverlay: p('update candidatures set pending_state = null, pending_avis_on = null, pending_mutation_id = null where pending_mutation_id = ?'),
      clearActionOverlay: p('update actions set pending = null, pending_mutation_id = null where pending_mutation_id = ?'),
    };
    this.rebuildDroppedIndexesNow();
  }

  /**
   * IMMEDIATE: the write lock is taken first, waiting (busy timeout) while the background connection writes. A
   * deferred transaction that read first would be refused at its first write (SQLITE_BUSY, no waiting in WAL mode).
   */
  transaction<T>(fn: () => T): T {
    this.endBulk();
    return this.sqlite.transaction(fn).immediate();
  }

  /**
   * A transaction of the sync's own bookkeeping (a load's start and end, the indexes it dropped, the planner's
   * statistics): atomic like any other, but committed without waiting for the disk (synchronous = NORMAL), as a
   * load's rows are. A power cut may take it back; the sync then does it again, and a user's next command makes it
   * durable. Waiting for the disk on the core's event loop held it 94-143 ms at the end of first syncs while a
   * large file was being written to the same disk (and, likely, 0.8 and 1.5 s beside a busy PostgreSQL server).
   */
  syncTransaction<T>(fn: () => T): T {
    this.endBulk();
    const synchronous = this.commitWithoutFsync();
    try {
      return this.sqlite.transaction(fn).immediate();
    } finally {
      this.sqlite.pragma(`synchronous = ${synchronous}`);
    }
  }

  /** Sets synchronous = NORMAL (commits stay atomic, none waits for the disk); returns the setting to restore. */
  private commitWithoutFsync(): number {
    const synchronous = PragmaNumber.parse(this.sqlite.pragma('synchronous', { simple: true }));
    this.sqlite.pragma('synchronous = NORMAL');
    return synchronous;
  }

  // ---- key-value ---------------------------------------------------------------------------------------------
  /** A value stored under the key, checked against its schema (UnreadableStoredJson when it does not fit). */
  readKv<S extends z.ZodType>(key: string, schema: S): z.output<S> | null {
    const row = this.stmts.kvGet.get(key);
    return row ? parseJson(schema, row.value, `kv ${key}`) : null;
  }
  /**
   * A key read often (the account, the preferences: several times by every command and status update): its value is
   * parsed once per stored text, and handed out frozen since every reader gets the same one.
   */
  kvValue<S extends z.ZodType>(key: string, schema: S): { get(): z.output<S> | null } {
    let text: string | null = null;
    let value: z.output<S> | null = null;
    return {
      get: () => {
        const row = this.stmts.kvGet.get(key);
        if (!row) return null;
        if (row.value !== text) {
          value = deepFreeze(parseJson(schema, row.value, `kv ${key}`));
          text = row.value;
        }
        return value;
      },
    };
  }
  setKv(key: string, value: unknown): void {
    this.endBulk();
    this.stmts.kvSet.run(key, JSON.stringify(value));
  }
  deleteKv(key: string): void {
    this.endBulk();
    this.stmts.kvDel.run(key);
  }

  // ---- server rows -------------------------------------------------------------------------------------------
  /**
   * Stores server rows and applies removals for one structure. Overlay columns are left as they are.
   * `deferSearchIndex`: a bulk load indexes its candidatures for search once, at its end (indexSearchRange); it
   * writes mostly new rows, so it goes straight to the upsert. Otherwise a row whose indexed columns (names, e-mail,
   * session, dates) stay is updated in place and keeps its search index entry.
   */
  applyServerRows(structureId: string, changes: ChangeSet, removed: Removals, options: { deferSearchIndex?: boolean } = {}): number {
    const s = this.stmts;
    for (const a of changes.actions) {
      s.upsertAction.run({ structureId, id: a.id, title: a.title, reference: a.reference, marketNumber: a.financing.marketNumber, organisme: a.responsibleStructureName, data: JSON.stringify(a) });
    }
    for (const x of changes.sessions) {
      s.upsertSession.run({ structureId, id: x.id, actionId: x.actionId, carifNumber: x.carifNumber, city: x.city, department: x.department, status: x.status, orgRole: x.orgRole, marketStart: x.marketStart, marketEnd: x.marketEnd, data: JSON.stringify(x) });
    }
    const inPlace = !options.deferSearchIndex;
    for (const e of changes.entryPoints) {
      const row = { structureId, id: e.id, sessionId: e.sessionId, date: e.date, places: e.places, data: JSON.stringify(e) };
      if (!(inPlace && s.updateEntryPointData.run(row).changes > 0)) s.upsertEntryPoint.run(row);
    }
    for (const c of changes.candidatures) {
      const row = {
        structureId, id: c.id, sessionId: c.sessionId, state: c.state, avisOn: c.avisOn, avisDeadline: c.avisDeadline, createdOn: c.createdOn,
        lastName: c.candidate.lastName, firstName: c.candidate.firstName, email: c.candidate.email, data: JSON.stringify(c),
      };
      if (options.deferSearchIndex) {
        s.upsertCandidatureBulk.run(row);
        continue;
      }
      // In place: the search text is the same (a retitled session or action is reindexed below).
      if (s.updateCandidatureDecision.get(row)) continue;
      const stored = s.upsertCandidature.get(row);
      if (!stored) throw new Error(`candidature ${c.id}: the upsert returned no row`);
      s.ftsIndexOne.run(stored.rid);
    }
    if (!options.deferSearchIndex) {
      // A session or action (re)titled after its candidatures arrived: their search text follows.
      const retitled = new Set(changes.sessions.map((x) => x.id));
      for (const a of changes.actions) for (const { id } of s.sessionsOfAction.all(structureId, a.id)) retitled.add(id);
      for (const sessionId of retitled) s.ftsIndexSession.run(structureId, sessionId);
    }
    for (const r of changes.preRegistrations) s.upsertPre.run({ structureId, id: r.id, sessionId: r.sessionId, data: JSON.stringify(r) });
    for (const id of removed.candidatures) {
      const row = s.candidatureRid.get(structureId, id);
      if (row) s.ftsDelete.run(row.rid);
      s.deleteCandidature.run(structureId, id);
    }
    for (const id of removed.entryPoints) s.deleteEntryPoint.run(structureId, id);
    for (const id of removed.sessions) s.deleteSession.run(structureId, id);
    for (const id of removed.actions) s.deleteAction.run(structureId, id);
    for (const id of removed.preRegistrations) s.deletePre.run(structureId, id);
    return changes.actions.length + changes.sessions.length + changes.entryPoints.length + changes.candidatures.length + changes.preRegistrations.length;
  }

  /**
   * The rows of a push answer that are not older than what is stored. A push answered twice (the first answer lost,
   * the retry getting the server's recorded result) brings rows as they stood when the push was first applied: a pull
   * made in between may already have stored a newer version (another user's avis restamped the session's counters),
   * and the old one must not replace it, or the counter would stay wrong until the next change.
   */
  notOlderThanStored(structureId: string, changes: ChangeSet): ChangeSet {
    const storedVersion = (table: (typeof SERVER_ROW_TABLES)[number], id: string): number | null => {
      const row = this.sqlite.prepare<[string, string], { version: number | null }>(`select json_extract(data, '$.version') as version from ${table} where structure_id = ? and id = ?`).get(structureId, id);
      return row?.version ?? null;
    };
    const keep = <R extends { id: string; version: number }>(table: (typeof SERVER_ROW_TABLES)[number], rows: readonly R[]): R[] =>
      rows.filter((r) => {
        const stored = storedVersion(table, r.id);
        return stored === null || r.version >= stored;
      });
    return {
      actions: keep('actions', changes.actions),
      sessions: keep('sessions', changes.sessions),
      entryPoints: keep('entry_points', changes.entryPoints),
      candidatures: keep('candidatures', changes.candidatures),
      preRegistrations: keep('pre_registrations', changes.preRegistrations),
    };
  }

  /** A paged resync begun by an older version ends here: what the server did not send again goes. */
  sweepStale(structureId: string): void {
    this.sqlite.prepare('delete from candidatures_fts where rowid in (select rid from candidatures where structure_id = ? and stale = 1)').run(structureId);
    for (const table of SERVER_ROW_TABLES) {
      // A local pre-registration draft not yet known to the server has no data: keep it.
      const keepDrafts = table === 'pre_registrations' ? ' and data is not null' : '';
      this.sqlite.prepare(`delete from ${table} where structure_id = ? and stale = 1${keepDrafts}`).run(structureId);
    }
  }

  // ---- bulk loads (main/core/sync/bootstrap-loader.ts) -----------------------------------------------------------
  // A bootstrap streams the whole snapshot into the tables between yields to the event loop, so its passes work over
  // rowid ranges (`+structure_id` keeps SQLite on the range instead of an index on the structure, which would read all
  // of the structure's rows for every range). Until it completes the structure has no cursor and its `resyncing` flag
  // is set: an interrupted load starts over, and never passes for a complete copy.

  /** Flags a full load of the structure: its cursor goes until the load completes. */
  beginFullLoad(structureId: string): void {
    this.syncTransaction(() => {
      this.setCursor(structureId, null, null);
      this.setResyncing(structureId, true);
    });
  }

  /** The rowids a table spans (over every structure): bulk passes walk them in ranges. */
  rowidSpan(table: (typeof SERVER_ROW_TABLES)[number]): { min: number; max: number } | null {
    const row = this.sqlite.prepare<[], { min: number | null; max: number | null }>(`select min(rowid) as min, max(rowid) as max from ${table}`).get();
    return !row || row.min === null || row.max === null ? null : { min: row.min, max: row.max };
  }

  /** markStale, over one rowid range of one table. */
  markStaleRange(table: (typeof SERVER_ROW_TABLES)[number], structureId: string, from: number, to: number): void {
    this.sqlite.prepare(`update ${table} set stale = 1 where rowid between ? and ? and +structure_id = ? and stale = 0`).run(from, to, structureId);
  }

  /** sweepStale, over one rowid range of one table (a candidature leaves the search index with it). */
  sweepStaleRange(table: (typeof SERVER_ROW_TABLES)[number], structureId: string, from: number, to: number): void {
    if (table === 'candidatures') {
      this.sqlite.prepare('delete from candidatures_fts where rowid in (select rid from candidatures where rid between ? and ? and +structure_id = ? and stale = 1)').run(from, to, structureId);
    }
    const keepDrafts = table === 'pre_registrations' ? ' and data is not null' : '';
    this.sqlite.prepare(`delete from ${table} where rowid between ? and ? and +structure_id = ? and stale = 1${keepDrafts}`).run(from, to, structureId);
  }

  /** (Re)indexes for search the structure's candidatures whose rid falls in the range, in one statement. */
  indexSearchRange(structureId: string, from: number, to: number): void {
    this.sqlite.prepare(`insert or replace into candidatures_fts(rowid, text) select c.rid, ${FTS_TEXT} ${FTS_FROM} where c.rid between ? and ? and +c.structure_id = ?`).run(from, to, structureId);
  }

  /**
   * Runs a bulk load's writes in one long transaction, left open between calls (across the loader's yields to the
   * event loop) until endBulk: index pages are then encrypted and written once per commit, not once per slice. It
   * runs with synchronous = NORMAL (atomic and consistent; the next usual commit makes it durable). Every other
   * writer ends it first, so a user's command never joins it and commits as usual.
   */
  bulkWrite<T>(work: () => T): T {
    if (!this.bulk) {
      const synchronous = this.commitWithoutFsync();
      this.sqlite.exec('BEGIN IMMEDIATE'); // see transaction()
      this.bulk = { synchronous };
    }
    return work();
  }

  /** Commits a bulk load's open transaction, if any (a failed commit rolls back: the load starts over anyway). */
  endBulk(): void {
    const bulk = this.bulk;
    if (!bulk) return;
    this.bulk = null;
    try {
      if (this.sqlite.inTransaction) this.sqlite.exec('COMMIT');
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      throw error;
    } finally {
      this.sqlite.pragma(`synchronous = ${bulk.synchronous}`);
    }
  }

  /**
   * Sets the pages of log after which a commit copies the log into the database file (0: never); returns the
   * previous setting. A bulk load turns it off and checkpoints between its commits instead, so that no commit, its
   * own or a user's, pays for both.
   */
  setAutoCheckpoint(pages: number): number {
    const before = PragmaNumber.parse(this.sqlite.pragma('wal_autocheckpoint', { simple: true }));
    this.sqlite.pragma(`wal_autocheckpoint = ${pages}`);
    return before;
  }

  /** Closes the background connection, if any: call it before closing the database. */
  async closeBackground(): Promise<void> {
    await this.background?.close();
  }

  /** Sets the page cache (SQLite's cache_size: negative in KiB); returns the previous setting. */
  setCacheSize(size: number): number {
    const before = PragmaNumber.parse(this.sqlite.pragma('cache_size', { simple: true }));
    this.sqlite.pragma(`cache_size = ${Math.trunc(size)}`);
    return before;
  }

  /** Copies the log into the database file as far as readers allow: in the background when the store can. */
  checkpoint(): void {
    if (this.background) this.background.checkpoint();
    else this.sqlite.pragma('wal_checkpoint(PASSIVE)');
  }

  /**
   * Before a load into an empty candidatures table: its secondary indexes go, to be built once at the end
   * (rebuildDroppedIndexes) instead of being updated row by row and rewritten at every commit of the load. Their
   * definitions are kept in kv until rebuilt, so a load cut by a crash gets them back when the store next opens.
   * Returns whether it dropped them. Partial indexes stay: they hold only overlaid rows, which a load never writes,
   * and building one at the end would read the whole table again.
   */
  dropIndexesForLoad(): boolean {
    if (this.sqlite.prepare('select 1 from candidatures limit 1').get()) return false;
    const indexes = this.sqlite
      .prepare<[], DroppedIndex>(`select m.name, m.sql from sqlite_master m join pragma_index_list('candidatures') l on l.name = m.name
        where m.type = 'index' and m.sql is not null and m.name != 'candidatures_key' and not l.partial order by m.name`)
      .all();
    if (indexes.length === 0) return false;
    this.syncTransaction(() => {
      this.stmts.kvSet.run(KV_DROPPED_INDEXES, JSON.stringify(indexes));
      for (const index of indexes) this.sqlite.exec(`drop index if exists "${index.name}"`);
    });
    return true;
  }

  /** Builds the indexes dropped for a load, one statement each, on the background connection when there is one. */
  async rebuildDroppedIndexes(): Promise<void> {
    for (;;) {
      const [index] = this.droppedIndexes();
      if (!index) return;
      if (!this.indexExists(index.name)) {
        this.endBulk();
        // Should the background connection fail (a worker that cannot load the native module), it is built here.
        if (this.background) await this.background.run(index.sql).catch(() => undefined);
        if (!this.indexExists(index.name)) this.sqlite.exec(index.sql);
      }
      this.syncTransaction(() => this.forgetDroppedIndex(index.name));
    }
  }

  /** The same, at once (opening after a crash, or wiping while a load had them dropped). */
  private rebuildDroppedIndexesNow(): void {
    for (const index of this.droppedIndexes()) {
      if (!this.indexExists(index.name)) this.sqlite.exec(index.sql);
      this.forgetDroppedIndex(index.name);
    }
  }

  private droppedIndexes(): DroppedIndex[] {
    return this.readKv(KV_DROPPED_INDEXES, DroppedIndexes) ?? [];
  }

  private forgetDroppedIndex(name: string): void {
    const rest = this.droppedIndexes().filter((i) => i.name !== name);
    if (rest.length) this.stmts.kvSet.run(KV_DROPPED_INDEXES, JSON.stringify(rest));
    else this.stmts.kvDel.run(KV_DROPPED_INDEXES);
  }

  private indexExists(name: string): boolean {
    return !!this.sqlite.prepare(`select 1 from sqlite_master where type = 'index' and name = ?`).get(name);
  }

  /** Ends a full load: the snapshot's cursor, and the flag cleared, in one transaction. */
  completeFullLoad(structureId: string, cursor: string, at: string): void {
    this.syncTransaction(() => {
      this.setCursor(structureId, cursor, at);
      this.setResyncing(structureId, false);
    });
  }

  getSyncState(structureId: string): Omit<SyncStateRow, 'structureId'> | null {
    return this.stmts.cursorGet.get(structureId) ?? null;
  }
  setCursor(structureId: string, cursor: string | null, lastSuccessAt: string | null): void {
    this.stmts.cursorSet.run(structureId, cursor, lastSuccessAt);
  }
  setResyncing(structureId: string, on: boolean): void {
    this.sqlite.prepare('update sync_state set resyncing = ? where structure_id = ?').run(on ? 1 : 0, structureId);
  }

  // ---- outbox and conflicts ----------------------------------------------------------------------------------
  enqueue(structureId: string, mutation: Mutation, summary: string): void {
    this.stmts.outboxInsert.run(mutation.id, structureId, mutation.kind, JSON.stringify(mutation), summary, mutation.createdAt);
  }
  outbox(structureId?: string, limit = 1_000_000): OutboxEntry[] {
    const rows = structureId ? this.stmts.outboxFor.all(structureId, limit) : this.stmts.outboxAll.all();
    return rows.map(toOutboxEntry);
  }
  outboxCount(): number {
    return this.stmts.outboxCount.get()?.n ?? 0;
  }
  removeFromOutbox(id: string): void {
    this.stmts.outboxDelete.run(id);
  }
  /** A push carrying this mutation is about to leave (call inside a transaction, before sending). */
  recordPushAttempt(id: string): void {
    this.stmts.outboxSent.run(id);
  }
  recordPushFailure(id: string, error: string): void {
    this.stmts.outboxFail.run(error, id);
  }
  /** A queued mutation edited before it was ever sent: same id, new content (call inside a transaction). */
  replaceQueued(id: string, mutation: Mutation, summary: string): void {
    this.stmts.outboxReplace.run(JSON.stringify(mutation), summary, id);
  }
  /** A refused outbox entry becomes a conflict: its overlay undone, out of the outbox (call inside a transaction). */
  rejectEntry(entry: OutboxEntry, code: RejectionCode, message: string, rejectedAt: string, details: RejectionDetails = {}): void {
    this.addConflict({ id: entry.id, structureId: entry.structureId, mutation: entry.mutation, code, message, summary: entry.summary, rejectedAt, details });
    this.clearOverlay(entry.id);
    this.removeFromOutbox(entry.id);
  }
  addConflict(entry: Omit<ConflictEntry, 'details'> & { details?: RejectionDetails }): void {
    const details = entry.details && Object.values(entry.details).some((v) => v !== undefined && v !== null) ? JSON.stringify(entry.details) : null;
    this.stmts.conflictInsert.run(entry.id, entry.structureId, JSON.stringify(entry.mutation), entry.code, entry.message, entry.summary, entry.rejectedAt, details);
  }
  conflicts(): ConflictEntry[] {
    return this.stmts.conflictAll.all().map(toConflictEntry);
  }
  conflict(id: string): ConflictEntry | null {
    const r = this.stmts.conflictGet.get(id);
    return r ? toConflictEntry(r) : null;
  }
  removeConflict(id: string): void {
    this.endBulk();
    this.stmts.conflictDelete.run(id);
  }
  conflictCount(): number {
    return this.stmts.conflictCount.get()?.n ?? 0;
  }

  // ---- overlays ----------------------------------------------------------------------------------------------
  setCandidatureOverlay(structureId: string, candidatureId: string, state: string, avisOn: string, mutationId: string): void {
    this.sqlite.prepare('update candidatures set pending_state = ?, pending_avis_on = ?, pending_mutation_id = ? where structure_id = ? and id = ?')
      .run(state, avisOn, mutationId, structureId, candidatureId);
  }
  setActionOverlay(structureId: string, actionId: string, pending: ActionOverlay, mutationId: string): void {
    this.sqlite.prepare('update actions set pending = ?, pending_mutation_id = ? where structure_id = ? and id = ?').run(JSON.stringify(pending), mutationId, structureId, actionId);
  }
  setPreRegistrationOverlay(structureId: string, id: string, sessionId: string, pending: PreRegistrationOverlay): void {
    this.sqlite.prepare(`insert into pre_registrations(structure_id, id, session_id, data, pending) values (?, ?, ?, null, ?)
      on conflict(structure_id, id) do update set pending = excluded.pending`).run(structureId, id, sessionId, JSON.stringify(pending));
  }
  /** Undoes (or retires, once the server row is stored) the overlay a mutation laid. */
  clearOverlay(mutationId: string): void {
    this.stmts.clearCandidatureOverlay.run(mutationId);
    this.stmts.clearActionOverlay.run(mutationId);
    this.sqlite.prepare(`update pre_registrations set pending = null where json_extract(pending, '$.mutationId') = ?`).run(mutationId);
    this.sqlite.prepare('delete from pre_registrations where data is null and pending is null').run();
  }
  /** Sign-out: every personal row goes, in one transaction. The database file and its key stay for the next user. */
  wipe(): void {
    this.rebuildDroppedIndexesNow();
    this.transaction(() => {
      for (const table of ['candidatures_fts', ...SERVER_ROW_TABLES, 'outbox', 'conflicts', 'sync_state', 'kv']) {
        this.sqlite.prepare(`delete from ${table}`).run();
      }
    });
  }

  /** Structures that still have mutations to push (the active one may have changed since they were made). */
  structuresWithPending(): string[] {
    return this.sqlite.prepare<[], { id: string }>('select distinct structure_id as id from outbox').all().map((r) => r.id);
  }

  /** After a bulk load (initial sync, resync): refresh the planner's statistics so list queries pick good indexes. */
  async analyze(): Promise<void> {
    // An approximate analysis (SQLite samples each index) is enough for the planner and stays short. On the
    // background connection for a large table: at 66k candidatures it holds a connection 100-150 ms. A smaller one
    // is analyzed here, from pages still in this connection's cache: ~20 ms at 7k candidatures, ~30 ms at 20k,
    // where the background connection, reading every page again, took 70-100 ms. It writes, so the caller waits for
    // it before writing again (the main connection's busy timeout covers a user's command meanwhile).
    const sql = 'PRAGMA analysis_limit = 1000; ANALYZE';
    const span = this.rowidSpan('candidatures');
    if (this.background && span && span.max - span.min >= ANALYZE_HERE_BELOW_ROWS) {
      this.endBulk();
      await this.background.run(sql).catch(() => this.syncTransaction(() => this.sqlite.exec(sql)));
    } else this.syncTransaction(() => this.sqlite.exec(sql));
  }

  /** Structures this database holds anything of (rows, cursors or unsent decisions). */
  knownStructures(): string[] {
    return this.sqlite.prepare<[], { id: string }>('select structure_id as id from sync_state union select structure_id from outbox union select structure_id from conflicts').all().map((r) => r.id);
  }

  /**
   * The user is no longer a member of a structure: its rows go (they are personal data the user may no longer
   * read), and its unsent decisions become conflicts, kept so that the user sees and can export them.
   */
  forgetStructure(structureId: string, rejectedAt: string): string[] {
    return this.transaction(() => {
      const moved: string[] = [];
      for (const entry of this.outbox(structureId)) {
        this.rejectEntry(entry, 'FORBIDDEN', '', rejectedAt, { reason: { key: 'leftStructure' } });
        moved.push(entry.id);
      }
      this.sqlite.prepare('delete from candidatures_fts where rowid in (select rid from candidatures where structure_id = ?)').run(structureId);
      for (const table of [...SERVER_ROW_TABLES, 'sync_state']) {
        this.sqlite.prepare(`delete from ${table} where structure_id = ?`).run(structureId);
      }
      return moved;
    });
  }
}
