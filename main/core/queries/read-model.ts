// What the renderer reads: server rows with the pending overlay laid over them (coalesce(pending_*, server)),
// and what the shared rules derive from them (counters, date limite, rights). Paging, sorting, filtering and
// full-text search run in SQL so a 100k-candidature structure stays fast.
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { ActionOverlay, PreRegistrationOverlay, type LocalStore } from '../local-store';
import { Action, EntryPoint, Session, type Candidature, type Membership, type PreRegistration } from '../../../shared/protocol/entities';
import type {
  CandidatureListQuery, CandidatureListRow, CounterView, Dashboard, Permission, PreRegistrationView, SessionDetail, SessionListQuery, SessionListRow,
} from '../../../shared/ipc/views';
import type { ErrorReason } from '../../../shared/ipc/errors';
import { buildDashboard } from '../../../shared/domain/dashboard';
import { addDays } from '../../../shared/domain/calendar-date';
import { DEADLINE_ALERT_DAYS, DEADLINE_SOON_DAYS } from '../../../shared/domain/avis-deadline';
import { checkCanApplyWith, countersFromTallies, withChanges, type Counter, type CountedCandidature } from '../../../shared/domain/entry-point-counter';
import { checkAvisPossible, suggestPlannedDates } from '../../../shared/domain/avis';
import { registrationDeadline } from '../../../shared/domain/entry-point-window';
import { canEnrichAction, canGiveAvis } from '../../../shared/domain/rights';
import { applicationsState } from '../../../shared/domain/applications';
import { canDeletePreRegistration, canValidatePreRegistration, type PrescriberActor } from '../../../shared/domain/pre-registration-rights';
import type { RuleResult } from '../../../shared/domain/rule-result';
import { CandidatureState, type OrgRole, type SessionStatus } from '../../../shared/domain/vocabulary';
import type { ActionRow, CandidatureRow, EntryPointRow, PreRegistrationRow, SessionRow } from '../db/schema';
import { compiledRowSchemas } from '../compiled-row-schemas';
import { aggregateRow, allOf, allRows, execute, parseJson, readStoredJson, render, valueList } from '../db/typed-sql';

/** The state the user sees: their unsent avis over the server's (written as candidatures_effective_state indexes it). */
export const EFFECTIVE_STATE = sql.raw('coalesce(c.pending_state, c.state)');
const EFFECTIVE_AVIS_ON = sql.raw('coalesce(c.pending_avis_on, c.avis_on)');

/** A cache key for a statement: its text and the values it binds. */
function keyOf(query: SQL): string {
  const { sql: text, params } = render(query);
  return `${text}:${JSON.stringify(params)}`;
}

/** A shared rule's verdict as a permission: a refusal keeps the rule's code and sentence (the renderer shows it). */
export function permission(result: RuleResult): Permission {
  return result.ok ? { allowed: true, reason: null } : { allowed: false, reason: { key: 'rule', params: { code: result.code, message: result.message } } };
}

/** Not allowed for a reason of the app's own (something waiting to be sent, data missing locally). */
const notAllowed = (reason: ErrorReason): Permission => ({ allowed: false, reason });

export function toCounterView(k: Counter): CounterView {
  return { entryPointId: k.entryPointId, date: k.date, taken: k.taken, places: k.places, remaining: k.remaining, full: k.full };
}

/** A search box's words as an FTS5 query: every word must prefix-match, accents ignored by the tokenizer. */
export function ftsQuery(text: string): string | null {
  // A "word" of punctuation only ("Saint - Jean") would match nothing and empty the whole search: dropped.
  const words = text.normalize('NFKC').split(/[^\p{L}\p{N}@._-]+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).slice(0, 8);
  return words.length ? words.map((w) => `"${w.replace(/"/g, '')}"*`).join(' AND ') : null;
}

type UnsentCounterChange = { before: CountedCandidature | null; after: CountedCandidature | null };

/** A row of the candidatures list as its query reads it. */
type CandidatureListSqlRow = Pick<CandidatureRow, 'id' | 'sessionId' | 'firstName' | 'lastName' | 'email' | 'state' | 'pendingMutationId' | 'createdOn' | 'avisDeadline' | 'avisOn'>
  & { actionTitle: ActionRow['title']; actionReference: ActionRow['reference']; marketNumber: ActionRow['marketNumber']; organisme: ActionRow['organisme'] }
  & Pick<SessionRow, 'carifNumber' | 'city' | 'department' | 'orgRole'> & { prescriberStructureName: string | null };

/** How the candidatures list walks an index for each sort: its order terms, and where it reads from. */
type CandidatureOrder = { terms: SQL[]; from: SQL; fromSessions: boolean };

/** A session of a sessions-list page, read with what its row shows (JSON: counts by state, entry points). */
type SessionPageRow = Pick<SessionRow, 'id'> & { session: SessionRow['data']; action: ActionRow['data'] | null; actionPending: ActionRow['pending']; counts: string; entryPoints: string };

/** A session's candidatures counted by state (every state present, zero when none). */
const CandidatureCounts = z.record(CandidatureState, z.number());

/** A group of the dashboard's query: what the rule looks at, split by whether the deadline is near. */
type DashboardGroup = {
  orgRole: NonNullable<SessionRow['orgRole']>; sessionStatus: SessionStatus; state: CandidatureState;
  soonCount: number; soonDeadline: string | null; otherCount: number; otherDeadline: string | null;
};

/** Values kept until the data's version moves (at most 100 of them). */
class VersionedCache<T> {
  private version = -1;
  private readonly entries = new Map<string, T>();

  get(version: number, key: string, compute: () => T): T {
    if (version !== this.version) {
      this.version = version;
      this.entries.clear();
    }
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept;
    const value = compute();
    if (this.entries.size >= 100) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}

export class ReadModel {
  /** The fixed single-row reads, prepared once; lists and filtered queries are built with the `sql` template. */
  private readonly stmts;

  constructor(private readonly store: LocalStore) {
    const q = <Params extends unknown[], Row>(text: string) => store.sqlite.prepare<Params, Row>(text);
    this.stmts = {
      entryPoints: q<[structureId: string, sessionId: string], Pick<EntryPointRow, 'id' | 'data'>>('select id, data from entry_points where structure_id = ? and session_id = ?'),
      session: q<[structureId: string, id: string], Pick<SessionRow, 'data'>>('select data from sessions where structure_id = ? and id = ?'),
      action: q<[structureId: string, id: string], Pick<ActionRow, 'data' | 'pending'>>('select data, pending from actions where structure_id = ? and id = ?'),
      candidature: q<[structureId: string, id: string], Pick<CandidatureRow, 'data' | 'pendingState' | 'pendingAvisOn' | 'pendingMutationId'>>(`select data,
        pending_state as pendingState, pending_avis_on as pendingAvisOn, pending_mutation_id as pendingMutationId from candidatures where structure_id = ? and id = ?`),
      rolesOnAction: q<[structureId: string, actionId: string], { role: OrgRole }>('select distinct org_role as role from sessions where structure_id = ? and action_id = ? and org_role is not null'),
      preRegistration: q<[structureId: string, id: string], Pick<PreRegistrationRow, 'id' | 'data' | 'pending'>>('select id, data, pending from pre_registrations where structure_id = ? and id = ?'),
      dataVersion: q<[], { v: number }>('select total_changes() as v'),
    };
  }

  private get sqlite() {
    return this.store.sqlite;
  }

  /**
   * Aggregates over a whole structure (the dashboard, list totals) are kept until the data changes: every write on
   * the connection moves total_changes(), which is then the data's version. Screens re-ask them on every event and
   * every page; at 100k candidatures each costs tens of milliseconds, a cached one nothing.
   */
  private readonly totals = new VersionedCache<number>();
  private readonly dashboards = new VersionedCache<Dashboard>();

  private dataVersion(): number {
    return this.stmts.dataVersion.get()?.v ?? 0;
  }

  /** Which structure, day and data version temp.session_facts was computed for. */
  private sessionFactsFor: string | null = null;

  /**
   * Per session, what the sessions list sorts on that covers the whole structure (its next entry date, its pending
   * candidatures), kept in a temporary table (in memory, this connection only; no personal data) until the data or
   * the day changes: a sort or a page then reads it by key instead of aggregating every candidature each time.
   * Refreshed only outside a transaction, so that a bulk load rolled back never leaves it out of step.
   */
  private sessionFacts(structureId: string, today: string): boolean {
    const wanted = () => `${this.dataVersion()}:${structureId}:${today}`;
    if (this.sessionFactsFor === wanted()) return true;
    if (this.sqlite.inTransaction) return false;
    this.sqlite.transaction(() => {
      this.sqlite.exec(`create temp table if not exists session_facts(session_id text primary key, next_date text not null, pending integer not null) without rowid;
        create index if not exists temp.session_facts_next on session_facts(next_date, session_id);
        create index if not exists temp.session_facts_pending on session_facts(pending, session_id);
        delete from temp.session_facts`);
      execute(this.sqlite, sql`insert into temp.session_facts(session_id, next_date, pending)
        select s.id, coalesce((select min(e.date) from entry_points e where e.structure_id = s.structure_id and e.session_id = s.id and e.date >= ${today}), '9999-12-31'), coalesce(p.n, 0)
        from sessions s left join (select c.session_id, count(*) as n from candidatures c where c.structure_id = ${structureId} and ${EFFECTIVE_STATE} = 'EN_ATTENTE' group by 1) p
          on p.session_id = s.id
        where s.structure_id = ${structureId}`);
    })();
    this.sessionFactsFor = wanted(); // the version this refresh itself moved to
    return true;
  }

  /**
   * How the sessions list reads in each order: where it can, it walks an index in that order (the action titles, then
   * each action's sessions; the session facts), so a page costs its rows and not a sort of every session.
   */
  private sessionOrder(field: SessionListQuery['sort']['field'], structureId: string, today: string, factsKept: boolean): { from: SQL; terms: SQL[] } {
    const withAction = sql`left join actions a on a.structure_id = s.structure_id and a.id = s.action_id`;
    const plain = (column: SQL) => ({ from: sql`from sessions s ${withAction}`, terms: [column, sql`s.id`] });
    const byFacts = (index: string, column: SQL) => ({
      from: sql`from temp.session_facts f indexed by ${sql.raw(index)} cross join sessions s on s.structure_id = ${structureId} and s.id = f.session_id ${withAction}`,
      terms: [column, sql`f.session_id`],
    });
    switch (field) {
      case 'actionTitle':
        return {
          from: sql`from actions a indexed by actions_title cross join sessions s indexed by sessions_action on s.structure_id = a.structure_id and s.action_id = a.id`,
          terms: [sql`a.title collate nocase`, sql`a.rowid`, sql`s.rowid`],
        };
      case 'carifNumber':
        return plain(sql`s.carif_number`);
      case 'city':
        return plain(sql`s.city`);
      case 'deadline':
        if (factsKept) return byFacts('session_facts_next', sql`f.next_date`);
        return plain(sql`coalesce((select min(e.date) from entry_points e where e.structure_id = s.structure_id and e.session_id = s.id and e.date >= ${today}), '9999-12-31')`);
      case 'pending':
        if (factsKept) return byFacts('session_facts_pending', sql`f.pending`);
        return {
          from: sql`from sessions s ${withAction} left join (select c.session_id, count(*) as n from candidatures c
            where c.structure_id = ${structureId} and ${EFFECTIVE_STATE} = 'EN_ATTENTE' group by 1) p on p.session_id = s.id`,
          terms: [sql`coalesce(p.n, 0)`, sql`s.id`],
        };
    }
  }

  /** How many rows a count query finds, kept until the data changes. */
  private total(countQuery: SQL<{ n: number }>): number {
    return this.totals.get(this.dataVersion(), keyOf(countQuery), () => aggregateRow(this.sqlite, countQuery).n);
  }

  dashboard(structureId: string, today: string): Dashboard {
    return this.dashboards.get(this.dataVersion(), `${structureId}:${today}`, () => this.computeDashboard(structureId, today));
  }

  private computeDashboard(structureId: string, today: string): Dashboard {
    // Grouped in SQL by what the rule looks at (a few dozen groups, read from the covering session index), each
    // group split in two by whether the deadline falls in the "soon" window. Each part carries one of its deadlines,
    // which lies in the window exactly when all of them do, so the shared rule still decides every column.
    const soon = sql`c.avis_deadline between ${today} and ${addDays(today, DEADLINE_SOON_DAYS)}`;
    const groups = allRows(this.sqlite, sql<DashboardGroup>`select s.org_role as orgRole, s.status as sessionStatus, ${EFFECTIVE_STATE} as state,
        sum(${soon}) as soonCount, min(case when ${soon} then c.avis_deadline end) as soonDeadline,
        sum(not (${soon})) as otherCount, min(case when not (${soon}) then c.avis_deadline end) as otherDeadline
      from candidatures c indexed by candidatures_session cross join sessions s on s.structure_id = c.structure_id and s.id = c.session_id
      where c.structure_id = ${structureId} and s.org_role is not null group by 1, 2, 3`);
    const inputs = groups.flatMap((g) => [
      ...(g.soonCount && g.soonDeadline !== null ? [{ ...g, avisDeadline: g.soonDeadline, count: g.soonCount }] : []),
      ...(g.otherCount && g.otherDeadline !== null ? [{ ...g, avisDeadline: g.otherDeadline, count: g.otherCount }] : []),
    ]);
    return { structureId, today, rows: buildDashboard(inputs, today) };
  }

  /**
   * The filters on candidatures alone: session- and action-level conditions become one `session_id in (...)`
   * subquery over the few sessions, which SQLite evaluates once, so counting 100k rows needs no join.
   */
  private candidatureWhere(structureId: string, q: CandidatureListQuery, today: string): SQL {
    const f = q.filters;
    const where = [sql`c.structure_id = ${structureId}`];
    if (f.states?.length) where.push(sql`${EFFECTIVE_STATE} in (${valueList(f.states)})`);
    if (f.sessionId) where.push(sql`c.session_id = ${f.sessionId}`);
    if (f.candidatureId) where.push(sql`c.id = ${f.candidatureId}`);
    if (f.deadlineSoon) where.push(sql`${EFFECTIVE_STATE} = 'EN_ATTENTE' and c.avis_deadline between ${today} and ${addDays(today, DEADLINE_SOON_DAYS)}`);
    const fts = f.search ? ftsQuery(f.search) : null;
    if (fts) where.push(sql`c.rid in (select rowid from candidatures_fts where candidatures_fts match ${fts})`);

    const sessionWhere: SQL[] = [];
    const hideArchived = !f.includeArchived && !f.sessionId && !f.candidatureId;
    if (f.roles?.length) sessionWhere.push(sql`s.org_role in (${valueList(f.roles)})`);
    if (f.organisme) sessionWhere.push(sql`a.organisme like ${`%${f.organisme}%`}`);
    if (f.marketNumber) sessionWhere.push(sql`a.market_number like ${`%${f.marketNumber}%`}`);
    if (f.carifNumber) sessionWhere.push(sql`s.carif_number like ${`%${f.carifNumber}%`}`);
    if (sessionWhere.length) {
      // `+`: a membership test on each row, never the index seek that would then sort every row of those sessions.
      if (hideArchived) sessionWhere.push(sql`s.status != 'ARCHIVED'`);
      where.push(sql`+c.session_id in (select s.id from sessions s left join actions a on a.structure_id = s.structure_id and a.id = s.action_id
        where ${allOf([sql`s.structure_id = ${structureId}`, ...sessionWhere])})`);
    } else if (hideArchived) {
      // The default list: tested against the few archived sessions rather than the many others (at 100k, walking
      // 50 000 rows to a deep page took 20 ms against a list of every session, 6 ms against the archived ones). A
      // candidature's session is always held with it (the server removes a session's tree together).
      where.push(sql`+c.session_id not in (select s.id from sessions s where s.structure_id = ${structureId} and s.status = 'ARCHIVED')`);
    }
    return allOf(where);
  }

  // CROSS JOIN makes SQLite drive from candidatures (its created_on or effective-state index, then LIMIT) instead
  // of scanning sessions and sorting every candidature in a temporary tree.
  private static readonly CANDIDATURE_FROM = sql`from candidatures c
    cross join sessions s on s.structure_id = c.structure_id and s.id = c.session_id
    left join actions a on a.structure_id = s.structure_id and a.id = s.action_id`;

  // Every sort walks an index (migrations 0002 and 0004) and ends with the row id, so paging is stable and a page
  // costs its rows, not the structure's. created_on's tie-break follows candidatures_created (created_on,
  // session_id, rowid); state's, candidatures_effective_state (state, deadline, rowid). Sorts on the session or the
  // action walk sessions (or actions, then their sessions) in that order, then each session's candidatures by rowid.
  // INDEXED BY: with several indexes to choose from (and statistics that favour an IN list of sessions), the planner
  // may take another and sort every row.
  private static readonly CANDIDATURE_ORDER: Record<CandidatureListQuery['sort']['field'], CandidatureOrder> = (() => {
    const bySession = (index: string, column: SQL): CandidatureOrder => ({
      terms: [column, sql`s.rowid`],
      from: sql.raw(`from sessions s indexed by ${index} cross join candidatures c indexed by candidatures_session_rid on c.structure_id = s.structure_id and c.session_id = s.id`),
      fromSessions: true,
    });
    const byIndex = (index: string, terms: SQL[]): CandidatureOrder => ({ terms, from: sql.raw(`from candidatures c indexed by ${index}`), fromSessions: false });
    return {
      candidateName: byIndex('candidatures_name', [sql`c.last_name collate nocase`, sql`c.first_name collate nocase`]),
      createdOn: byIndex('candidatures_created', [sql`c.created_on`, sql`c.session_id`]),
      avisDeadline: byIndex('candidatures_deadline', [sql`c.avis_deadline`]),
      state: byIndex('candidatures_effective_state', [EFFECTIVE_STATE, sql`c.avis_deadline`]),
      actionTitle: {
        terms: [sql`a.title collate nocase`, sql`a.rowid`, sql`s.rowid`],
        from: sql`from actions a indexed by actions_title cross join sessions s indexed by sessions_action on s.structure_id = a.structure_id and s.action_id = a.id
          cross join candidatures c indexed by candidatures_session_rid on c.structure_id = s.structure_id and c.session_id = s.id`,
        fromSessions: true,
      },
      carifNumber: bySession('sessions_carif', sql`s.carif_number`),
      city: bySession('sessions_city', sql`s.city`),
    };
  })();

  candidatures(structureId: string, q: CandidatureListQuery, today: string, conflictedIds: Set<string>): { total: number; rows: CandidatureListRow[] } {
    const where = this.candidatureWhere(structureId, q, today);
    const total = this.total(sql`select count(*) as n from candidatures c where ${where}`);
    const sort = ReadModel.CANDIDATURE_ORDER[q.sort.field];
    const dir = sql.raw(q.sort.direction === 'desc' ? 'desc' : 'asc');
    const orderBy = sql.join([...sort.terms, sql`c.rid`].map((term) => sql`${term} ${dir}`), sql`, `);
    // A filter that keeps few rows (one session, one candidature, a search, deadlines within 15 days) is better served
    // by its own index and a sort of what it keeps: the planner chooses. The page is chosen on narrow rows first, and
    // only its rows are then read whole.
    const f = q.filters;
    const few = !!(f.sessionId || f.candidatureId || f.deadlineSoon || (f.search && ftsQuery(f.search)));
    const pageFrom = few ? (sort.fromSessions ? ReadModel.CANDIDATURE_FROM : sql`from candidatures c`) : sort.from;
    const pageOfRids = sql`select c.rid ${pageFrom} where ${where} order by ${orderBy} limit ${q.limit} offset ${q.offset}`;
    const rows = allRows(this.sqlite, sql<CandidatureListSqlRow>`select c.id, c.session_id as sessionId, c.first_name as firstName, c.last_name as lastName, c.email, ${EFFECTIVE_STATE} as state,
        c.pending_mutation_id as pendingMutationId, c.created_on as createdOn, c.avis_deadline as avisDeadline, ${EFFECTIVE_AVIS_ON} as avisOn,
        coalesce(a.title, '') as actionTitle, coalesce(a.reference, '') as actionReference, coalesce(a.market_number, '') as marketNumber, coalesce(a.organisme, '') as organisme,
        s.carif_number as carifNumber, s.city, s.department, s.org_role as orgRole, json_extract(c.data, '$.prescriberStructureName') as prescriberStructureName
      ${ReadModel.CANDIDATURE_FROM} where c.rid in (${pageOfRids}) order by ${orderBy}`);
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        sessionId: r.sessionId,
        candidateName: `${r.lastName} ${r.firstName}`,
        candidateEmail: r.email,
        state: r.state,
        pending: r.pendingMutationId !== null,
        conflicted: conflictedIds.has(r.id),
        createdOn: r.createdOn,
        avisDeadline: r.avisDeadline,
        avisOn: r.avisOn,
        actionTitle: r.actionTitle,
        actionReference: r.actionReference,
        marketNumber: r.marketNumber,
        carifNumber: r.carifNumber,
        city: r.city,
        department: r.department,
        orgRole: r.orgRole,
        organisme: r.organisme,
        prescriberStructureName: r.prescriberStructureName,
      })),
    };
  }

  /** Every candidature of the query, for CSV export (no paging). */
  allCandidatures(structureId: string, q: Omit<CandidatureListQuery, 'offset' | 'limit'>, today: string): CandidatureListRow[] {
    return this.candidatures(structureId, { ...q, offset: 0, limit: 1_000_000 }, today, new Set()).rows;
  }

  entryPointsOf(structureId: string, sessionId: string): EntryPoint[] {
    return this.stmts.entryPoints.all(structureId, sessionId).map((r) => parseJson(compiledRowSchemas.entryPoints, r.data, `entry point ${r.id}`));
  }

  /**
   * What the user's own unsent decisions change in a session's counter, which the server's tallies do not hold yet:
   * each overlaid avis (from its server state to its pending one) and each pending pre-registration validation
   * (a candidature about to exist).
   */
  unsentCounterChanges(structureId: string, sessionId: string): UnsentCounterChange[] {
    return this.unsentCounterChangesOf(structureId, [sessionId]).get(sessionId) ?? [];
  }

  /** unsentCounterChanges for several sessions at once (a page of the sessions list), by session. */
  private unsentCounterChangesOf(structureId: string, sessionIds: readonly string[]): Map<string, UnsentCounterChange[]> {
    const out = new Map<string, UnsentCounterChange[]>();
    if (sessionIds.length === 0) return out;
    const ids = JSON.stringify(sessionIds);
    const avis = allRows(this.sqlite, sql<Pick<CandidatureRow, 'sessionId' | 'state' | 'avisOn' | 'pendingAvisOn'> & { pendingState: CandidatureState }>`select c.session_id as sessionId,
        c.state, c.avis_on as avisOn, c.pending_state as pendingState, c.pending_avis_on as pendingAvisOn
      from candidatures c where c.structure_id = ${structureId} and c.session_id in (select value from json_each(${ids})) and c.pending_state is not null`);
    const validations = allRows(this.sqlite, sql<Pick<PreRegistrationRow, 'sessionId'> & { n: number }>`select session_id as sessionId, count(*) as n from pre_registrations
      where structure_id = ${structureId} and session_id in (select value from json_each(${ids})) and json_extract(pending, '$.op') = 'validate' group by 1`);
    const add = (sessionId: string, change: UnsentCounterChange) => out.set(sessionId, [...(out.get(sessionId) ?? []), change]);
    for (const r of avis) add(r.sessionId, { before: { state: r.state, avisOn: r.avisOn }, after: { state: r.pendingState, avisOn: r.pendingAvisOn } });
    for (const r of validations) for (let i = 0; i < r.n; i++) add(r.sessionId, { before: null, after: { state: 'EN_ATTENTE', avisOn: null } });
    return out;
  }

  session(structureId: string, id: string): Session | null {
    const row = this.stmts.session.get(structureId, id);
    return row ? parseJson(compiledRowSchemas.sessions, row.data, `session ${id}`) : null;
  }

  action(structureId: string, id: string): Action | null {
    const row = this.stmts.action.get(structureId, id);
    if (!row) return null;
    const action = parseJson(compiledRowSchemas.actions, row.data, `action ${id}`);
    return row.pending ? { ...action, ...parseJson(ActionOverlay, row.pending, `action ${id} overlay`) } : action;
  }

  /**
   * Unsent avis whose candidature's deadline falls within DEADLINE_ALERT_DAYS (or has passed): they must reach the
   * server first, or the candidature turns « avis non transmis » and the decision comes back refused.
   */
  unsentAvisNearDeadline(structureId: string, today: string): { count: number; earliest: string } | null {
    // CROSS JOIN: from the few queued avis to their candidatures, never from every candidature near its deadline to
    // the outbox (the planner's pick once candidatures_deadline exists: 70 ms and more per command at 30k rows).
    const row = aggregateRow(this.sqlite, sql<{ n: number; earliest: string | null }>`select count(*) as n, min(c.avis_deadline) as earliest from outbox o
      cross join candidatures c on c.structure_id = o.structure_id and c.id = json_extract(o.mutation, '$.payload.candidatureId')
      where o.structure_id = ${structureId} and o.kind = 'avis' and c.avis_deadline <= ${addDays(today, DEADLINE_ALERT_DAYS)}`);
    return row.n > 0 && row.earliest ? { count: row.n, earliest: row.earliest } : null;
  }

  /** A candidature as the user sees it (with the unsent avis laid over it), or as the server has it (`overlay: false`). */
  candidature(structureId: string, id: string, options: { overlay: boolean } = { overlay: true }): (Candidature & { pendingMutationId: string | null }) | null {
    const row = this.stmts.candidature.get(structureId, id);
    if (!row) return null;
    const c = parseJson(compiledRowSchemas.candidatures, row.data, `candidature ${id}`);
    return { ...c, ...(row.pendingState && options.overlay ? { state: row.pendingState, avisOn: row.pendingAvisOn } : {}), pendingMutationId: row.pendingMutationId };
  }

  /**
   * A session's counters as everyone sees them: the server's tallies (public, carried on entry point rows, so a
   * prescripteur holding few candidatures sees the same figure as the OF) plus the user's own unsent decisions,
   * through the one shared rule.
   */
  countersOf(structureId: string, sessionId: string, today: string, read?: { eps: EntryPoint[]; changes: UnsentCounterChange[] }) {
    const eps = read?.eps ?? this.entryPointsOf(structureId, sessionId);
    const { counters, upcoming } = countersFromTallies(withChanges(eps, read?.changes ?? this.unsentCounterChanges(structureId, sessionId)), today);
    return { eps, counters, upcoming };
  }

  sessionDetail(structureId: string, id: string, today: string, membership: Membership | null): SessionDetail | null {
    const session = this.session(structureId, id);
    if (!session) return null;
    const action = this.action(structureId, session.actionId);
    if (!action) return null;
    const { eps, counters, upcoming } = this.countersOf(structureId, id, today);
    const deadline = registrationDeadline(eps, session, today);
    const profile = membership?.profile ?? null;
    return {
      session,
      action,
      entryPoints: [...eps].sort((a, b) => (a.date < b.date ? -1 : 1)).map((e) => ({ entryPoint: e, counter: toCounterView(counters.find((k) => k.entryPointId === e.id)!) })),
      upcoming: upcoming ? toCounterView(upcoming) : null,
      deadline: deadline.kind === 'ENTRY_POINT' ? deadline.date : null,
      applicationsOpen: session.status === 'PUBLISHED' && upcoming !== null && !upcoming.full,
      applications: applicationsState(session.status, upcoming),
      canEnrich: permission(canEnrichAction(profile, session.orgRole)),
      canGiveAvis: permission(canGiveAvis(profile, session.orgRole)),
    };
  }

  sessions(structureId: string, q: SessionListQuery, today: string): { total: number; rows: SessionListRow[] } {
    const f = q.filters;
    const where = [sql`s.structure_id = ${structureId}`];
    if (!f.includeArchived) where.push(sql`s.status != 'ARCHIVED'`);
    if (f.roles?.length) where.push(sql`s.org_role in (${valueList(f.roles)})`);
    if (f.search) {
      const like = `%${f.search}%`;
      where.push(sql`a.title like ${like} or s.city like ${like} or s.carif_number like ${like} or a.reference like ${like}`);
    }
    if (f.organisme) where.push(sql`a.organisme like ${`%${f.organisme}%`}`);
    if (f.marketNumber) where.push(sql`a.market_number like ${`%${f.marketNumber}%`}`);
    if (f.carifNumber) where.push(sql`s.carif_number like ${`%${f.carifNumber}%`}`);
    if (f.actionId) where.push(sql`s.action_id = ${f.actionId}`);
    if (f.department) where.push(sql`s.department = ${f.department}`);
    if (f.mesure) where.push(sql`json_extract(a.data, '$.financing.mesure') like ${`%${f.mesure}%`}`);
    if (f.entryFrom || f.entryTo) {
      // An upcoming entry point inside the range: past ones take no application any more.
      const first = f.entryFrom && f.entryFrom > today ? f.entryFrom : today;
      where.push(sql`exists (select 1 from entry_points e where e.structure_id = s.structure_id and e.session_id = s.id and e.date >= ${first} and e.date <= ${f.entryTo ?? '9999-12-31'})`);
    }
    const from = sql`from sessions s left join actions a on a.structure_id = s.structure_id and a.id = s.action_id`;
    const filter = allOf(where);
    // Sorting on the next entry date or the pending count reads the session facts; inside a transaction (a load in
    // progress) they are computed in the query instead.
    const factsKept = q.sort.field === 'deadline' || q.sort.field === 'pending' ? this.sessionFacts(structureId, today) : false;
    const total = this.total(sql`select count(*) as n ${from} where ${filter}`);
    const dir = sql.raw(q.sort.direction === 'desc' ? 'desc' : 'asc');
    const sort = this.sessionOrder(q.sort.field, structureId, today, factsKept);
    // The page is chosen on ids alone (sorting thousands of sessions with their JSON would copy it all), then read
    // in one grouped query: each session with its action, its candidatures counted by state and its entry points.
    const pageIds = allRows(this.sqlite, sql<Pick<SessionRow, 'id'>>`select s.id ${sort.from} where ${filter}
      order by ${sql.join(sort.terms.map((term) => sql`${term} ${dir}`), sql`, `)} limit ${q.limit} offset ${q.offset}`).map((r) => r.id);
    const ids = JSON.stringify(pageIds);
    const countByState = sql.join(CandidatureState.options.map((state) => sql`${state}, count(case when ${EFFECTIVE_STATE} = ${state} then 1 end)`), sql`, `);
    const byId = new Map(allRows(this.sqlite, sql<SessionPageRow>`select s.id, s.data as session, a.data as action, a.pending as actionPending,
        (select json_object(${countByState}) from candidatures c where c.structure_id = s.structure_id and c.session_id = s.id) as counts,
        (select json_group_array(json(e.data)) from entry_points e where e.structure_id = s.structure_id and e.session_id = s.id) as entryPoints
      from sessions s left join actions a on a.structure_id = s.structure_id and a.id = s.action_id
      where s.structure_id = ${structureId} and s.id in (select value from json_each(${ids}))`).map((r) => [r.id, r]));
    const rows = pageIds.flatMap((id) => byId.get(id) ?? []);
    const changesBySession = this.unsentCounterChangesOf(structureId, rows.map((r) => r.id));
    return {
      total,
      rows: rows.map((row) => {
        const id = row.id;
        // Read back without zod (a page holds up to a thousand sessions): written from rows checked at the sync edge.
        const session = readStoredJson(Session, row.session);
        const action = row.action ? { ...readStoredJson(Action, row.action), ...(row.actionPending ? readStoredJson(ActionOverlay, row.actionPending) : {}) } : null;
        const entryPoints = readStoredJson(z.array(EntryPoint), row.entryPoints);
        const { eps, upcoming } = this.countersOf(structureId, id, today, { eps: entryPoints, changes: changesBySession.get(id) ?? [] });
        const deadline = registrationDeadline(eps, session, today);
        return {
          id,
          actionId: session.actionId,
          actionTitle: action?.title ?? '',
          actionReference: action?.reference ?? '',
          marketNumber: action?.financing.marketNumber ?? '',
          carifNumber: session.carifNumber,
          city: session.city,
          department: session.department,
          orgRole: session.orgRole,
          organisme: action?.responsibleStructureName ?? '',
          status: session.status,
          counter: upcoming ? toCounterView(upcoming) : null,
          deadline: deadline.kind === 'ENTRY_POINT' ? deadline.date : null,
          marketStart: session.marketStart,
          marketEnd: session.marketEnd,
          counts: readStoredJson(CandidatureCounts, row.counts),
          applications: applicationsState(session.status, upcoming),
          mesure: action?.financing.mesure ?? '',
        };
      }),
    };
  }
  /** The org roles the structure holds on the sessions of an action (enrichment rights follow them). */
  rolesOnAction(structureId: string, actionId: string): OrgRole[] {
    return this.stmts.rolesOnAction.all(structureId, actionId).map((r) => r.role);
  }

  /** A pre-registration as the user sees it (server row or local draft, with its pending operation). */
  preRegistration(structureId: string, id: string): EffectivePreRegistration | null {
    const row = this.stmts.preRegistration.get(structureId, id);
    return row ? effectivePreRegistration(row) : null;
  }

  /** The structure's pre-registrations as the user sees them, with what the actor may do to each and why not. */
  /**
   * Whether a candidature can be made on a session today (what validating a pre-registration does), judged on the
   * counter everyone sees, the user's own unsent validations included; null when the session is not in the local data.
   */
  canApplyOn(structureId: string, sessionId: string, today: string): RuleResult | null {
    const session = this.session(structureId, sessionId);
    if (!session) return null;
    return checkCanApplyWith(session, this.countersOf(structureId, sessionId, today).upcoming);
  }

  preRegistrations(structureId: string, actor: PrescriberActor, today: string): PreRegistrationView[] {
    const rows = allRows(this.sqlite, sql<Pick<PreRegistrationRow, 'id' | 'data' | 'pending'> & { title: string; carif: string }>`select p.id, p.data, p.pending,
        coalesce(a.title, '') as title, coalesce(s.carif_number, '') as carif from pre_registrations p
      left join sessions s on s.structure_id = p.structure_id and s.id = p.session_id
      left join actions a on a.structure_id = s.structure_id and a.id = s.action_id
      where p.structure_id = ${structureId}`);
    return rows
      .map((r) => ({ ...effectivePreRegistration(r), sessionTitle: r.title, carifNumber: r.carif }))
      .filter((r) => r.pendingOp !== 'delete')
      .sort((a, b) => (a.preRegistration.createdAt < b.preRegistration.createdAt ? 1 : -1))
      .map((r) => {
        const waiting = r.pendingOp ? notAllowed({ key: 'preRegistrationOperationQueued' }) : null;
        return {
          preRegistration: r.preRegistration,
          sessionTitle: r.sessionTitle,
          carifNumber: r.carifNumber,
          pending: r.pendingOp !== null,
          canValidate: waiting ?? this.validatePermission(structureId, actor, r.preRegistration, today),
          canDelete: waiting ?? permission(canDeletePreRegistration(actor, r.preRegistration)),
        };
      });
  }

  private validatePermission(structureId: string, actor: PrescriberActor, pre: PreRegistration, today: string): Permission {
    const rights = canValidatePreRegistration(actor, pre);
    if (!rights.ok) return permission(rights);
    const capacity = this.canApplyOn(structureId, pre.sessionId, today);
    return capacity ? permission(capacity) : notAllowed({ key: 'notFoundLocally', params: { entity: 'session' } });
  }

  /**
   * The form opens only where the server would accept an avis: rights, then no avis of the user's already waiting to
   * be sent, then the candidature's own state (the unsent avis laid over it), the session and the deadline.
   */
  private avisPermission(membership: Membership | null, session: Session, candidature: Candidature, queued: boolean, today: string): Permission {
    const rights = canGiveAvis(membership?.profile ?? null, session.orgRole);
    if (!rights.ok) return permission(rights);
    if (queued) return notAllowed({ key: 'avisAlreadyQueued' });
    return permission(checkAvisPossible({ candidature, session, today }));
  }

  candidatureDetail(structureId: string, id: string, today: string, membership: Membership | null) {
    const candidature = this.candidature(structureId, id);
    if (!candidature) return null;
    const session = this.session(structureId, candidature.sessionId);
    const action = session ? this.action(structureId, session.actionId) : null;
    if (!session || !action) return null;
    const { upcoming } = this.countersOf(structureId, session.id, today);
    const { pendingMutationId, ...plain } = candidature;
    const suggested = suggestPlannedDates(upcoming?.date ?? null, session);
    return {
      candidature: plain,
      pendingMutationId,
      session,
      action,
      upcoming: upcoming ? toCounterView(upcoming) : null,
      suggestedEntry: suggested.plannedEntry,
      suggestedExit: suggested.plannedExit,
      canGiveAvis: this.avisPermission(membership, session, candidature, pendingMutationId !== null, today),
    };
  }
}

type EffectivePreRegistration = { preRegistration: PreRegistration; pendingOp: PreRegistrationOverlay['op'] | null };

/** The pending operation's row when there is one, else the server's (a row always has one or the other). */
function effectivePreRegistration(row: Pick<PreRegistrationRow, 'id' | 'data' | 'pending'>): EffectivePreRegistration {
  const pending = row.pending ? parseJson(PreRegistrationOverlay, row.pending, `pre-registration ${row.id} overlay`) : null;
  if (pending) return { preRegistration: pending.preRegistration, pendingOp: pending.op };
  if (row.data === null) throw new Error(`pre-registration ${row.id}: neither a server row nor a pending operation`);
  return { preRegistration: parseJson(compiledRowSchemas.preRegistrations, row.data, `pre-registration ${row.id}`), pendingOp: null };
}
