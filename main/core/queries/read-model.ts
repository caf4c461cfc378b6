// What the renderer reads: server rows with the pending overlay laid over them (coalesce(pending_*, server)),
// and what the shared rules derive from them (counters, date limite, rights). Paging, sorting, filtering and
// full-text search run in SQL so a 100k-candidature structure stays fast.
import type { LocalStore } from '../local-store';
import type { Action, Candidature, EntryPoint, Membership, PreRegistration, Session } from '../../../shared/protocol/entities';
import type {
  CandidatureListQuery, CandidatureListRow, CounterView, Dashboard, PreRegistrationView, SessionDetail, SessionListQuery, SessionListRow,
} from '../../../shared/ipc/views';
import { buildDashboard } from '../../../shared/domain/dashboard';
import { addDays } from '../../../shared/domain/calendar-date';
import { DEADLINE_ALERT_DAYS, DEADLINE_SOON_DAYS } from '../../../shared/domain/avis-deadline';
import { checkCanApplyWith, countersFromTallies, withChanges, type Counter, type CountedCandidature } from '../../../shared/domain/entry-point-counter';
import { checkAvisPossible, suggestPlannedDates } from '../../../shared/domain/avis';
import { firstRefusal, refused } from '../../../shared/domain/rule-result';
import { registrationDeadline } from '../../../shared/domain/entry-point-window';
import { canEnrichAction, canGiveAvis } from '../../../shared/domain/rights';
import { applicationsState } from '../../../shared/domain/applications';
import { canDeletePreRegistration, canValidatePreRegistration, type PrescriberActor } from '../../../shared/domain/pre-registration-rights';
import type { RuleResult } from '../../../shared/domain/rule-result';
import { CandidatureState, type OrgRole } from '../../../shared/domain/vocabulary';

export const EFFECTIVE_STATE = 'coalesce(c.pending_state, c.state)';
const EFFECTIVE_AVIS_ON = 'coalesce(c.pending_avis_on, c.avis_on)';

export function permission(result: RuleResult) {
  return result.ok ? { allowed: true, reason: null } : { allowed: false, reason: result.message };
}

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

type RawCandidatureRow = Omit<CandidatureListRow, 'candidateName' | 'candidateEmail' | 'pending' | 'conflicted'> & {
  firstName: string; lastName: string; email: string; pendingMutationId: string | null;
};

export class ReadModel {
  constructor(private readonly store: LocalStore) {}

  private get sqlite() {
    return this.store.sqlite;
  }

  /**
   * Aggregates over a whole structure (the dashboard, list totals) are kept until the data changes: every write on
   * the connection moves total_changes(), which is then the data's version. Screens re-ask them on every event and
   * every page; at 100k candidatures each costs tens of milliseconds, a cached one nothing.
   */
  private cache: { version: number; entries: Map<string, unknown> } = { version: -1, entries: new Map() };

  private cached<T>(key: string, compute: () => T): T {
    const version = (this.sqlite.prepare('select total_changes() as v').get() as { v: number }).v;
    if (version !== this.cache.version) this.cache = { version, entries: new Map() };
    if (this.cache.entries.has(key)) return this.cache.entries.get(key) as T;
    const value = compute();
    if (this.cache.entries.size >= 100) this.cache.entries.clear();
    this.cache.entries.set(key, value);
    return value;
  }

  dashboard(structureId: string, today: string): Dashboard {
    return this.cached(`dashboard:${structureId}:${today}`, () => this.computeDashboard(structureId, today));
  }

  private computeDashboard(structureId: string, today: string): Dashboard {
    // Grouped in SQL by what the rule looks at (a few dozen groups, read from the covering session index), each
    // group split in two by whether the deadline falls in the "soon" window. Each part carries one of its deadlines,
    // which lies in the window exactly when all of them do, so the shared rule still decides every column.
    const soon = 'c.avis_deadline between @today and @until';
    const groups = this.sqlite.prepare(`select s.org_role as orgRole, s.status as sessionStatus, coalesce(c.pending_state, c.state) as state,
        sum(${soon}) as soonCount, min(case when ${soon} then c.avis_deadline end) as soonDeadline,
        sum(not (${soon})) as otherCount, min(case when not (${soon}) then c.avis_deadline end) as otherDeadline
      from candidatures c indexed by candidatures_session cross join sessions s on s.structure_id = c.structure_id and s.id = c.session_id
      where c.structure_id = @structureId and s.org_role is not null group by 1, 2, 3`)
      .all({ structureId, today, until: addDays(today, DEADLINE_SOON_DAYS) }) as { orgRole: OrgRole; sessionStatus: Session['status']; state: CandidatureState; soonCount: number; soonDeadline: string | null; otherCount: number; otherDeadline: string | null }[];
    const inputs = groups.flatMap((g) => [
      ...(g.soonCount ? [{ ...g, avisDeadline: g.soonDeadline!, count: g.soonCount }] : []),
      ...(g.otherCount ? [{ ...g, avisDeadline: g.otherDeadline!, count: g.otherCount }] : []),
    ]);
    return { structureId, today, rows: buildDashboard(inputs, today) };
  }

  /**
   * The filters on candidatures alone: session- and action-level conditions become one `session_id in (...)`
   * subquery over the few sessions, which SQLite evaluates once, so counting 100k rows needs no join.
   */
  private candidatureWhere(structureId: string, q: CandidatureListQuery, today: string): { sql: string; params: unknown[] } {
    const where = ['c.structure_id = ?'];
    const params: unknown[] = [structureId];
    const f = q.filters;
    if (f.states?.length) {
      where.push(`${EFFECTIVE_STATE} in (${f.states.map(() => '?').join(',')})`);
      params.push(...f.states);
    }
    if (f.sessionId) {
      where.push('c.session_id = ?');
      params.push(f.sessionId);
    }
    if (f.candidatureId) {
      where.push('c.id = ?');
      params.push(f.candidatureId);
    }
    if (f.deadlineSoon) {
      where.push(`${EFFECTIVE_STATE} = 'EN_ATTENTE' and c.avis_deadline between ? and ?`);
      params.push(today, addDays(today, DEADLINE_SOON_DAYS));
    }
    const fts = f.search ? ftsQuery(f.search) : null;
    if (fts) {
      where.push('c.rid in (select rowid from candidatures_fts where candidatures_fts match ?)');
      params.push(fts);
    }

    const sessionWhere = ['s.structure_id = ?'];
    const sessionParams: unknown[] = [structureId];
    if (!f.includeArchived && !f.sessionId && !f.candidatureId) sessionWhere.push("s.status != 'ARCHIVED'");
    if (f.roles?.length) {
      sessionWhere.push(`s.org_role in (${f.roles.map(() => '?').join(',')})`);
      sessionParams.push(...f.roles);
    }
    const like = (column: string, value: string | undefined) => {
      if (!value) return;
      sessionWhere.push(`${column} like ?`);
      sessionParams.push(`%${value}%`);
    };
    like('a.organisme', f.organisme);
    like('a.market_number', f.marketNumber);
    like('s.carif_number', f.carifNumber);
    if (sessionWhere.length > 1) {
      // `+`: a membership test on each row, never the index seek that would then sort every row of those sessions.
      where.push(`+c.session_id in (select s.id from sessions s left join actions a on a.structure_id = s.structure_id and a.id = s.action_id where ${sessionWhere.join(' and ')})`);
      params.push(...sessionParams);
    }
    return { sql: where.join(' and '), params };
  }

  // CROSS JOIN makes SQLite drive from candidatures (its created_on or effective-state index, then LIMIT) instead
  // of scanning sessions and sorting every candidature in a temporary tree.
  private static readonly CANDIDATURE_FROM = `from candidatures c
    cross join sessions s on s.structure_id = c.structure_id and s.id = c.session_id
    left join actions a on a.structure_id = s.structure_id and a.id = s.action_id`;

  candidatures(structureId: string, q: CandidatureListQuery, today: string, conflictedIds: Set<string>): { total: number; rows: CandidatureListRow[] } {
    const { sql, params } = this.candidatureWhere(structureId, q, today);
    const total = this.cached(`candidatures:${sql}:${JSON.stringify(params)}`, () =>
      (this.sqlite.prepare(`select count(*) as n from candidatures c where ${sql}`).get(...params) as { n: number }).n);
    // Every sort walks an index (migrations 0002 and 0004) and ends with the row id, so paging is stable and a page
    // costs its rows, not the structure's. created_on's tie-break follows candidatures_created (created_on,
    // session_id, rowid); state's, candidatures_effective_state (state, deadline, rowid). Sorts on the session or the
    // action walk sessions (or actions, then their sessions) in that order, then each session's candidatures by rowid.
    // INDEXED BY: with several indexes to choose from (and statistics that favour an IN list of sessions), the planner
    // may take another and sort every row.
    const bySession = (index: string) =>
      `from sessions s indexed by ${index} cross join candidatures c indexed by candidatures_session_rid on c.structure_id = s.structure_id and c.session_id = s.id`;
    const byIndex = (index: string) => `from candidatures c indexed by ${index}`;
    const order: Record<string, { terms: string[]; from: string }> = {
      candidateName: { terms: ['c.last_name collate nocase', 'c.first_name collate nocase'], from: byIndex('candidatures_name') },
      createdOn: { terms: ['c.created_on', 'c.session_id'], from: byIndex('candidatures_created') },
      avisDeadline: { terms: ['c.avis_deadline'], from: byIndex('candidatures_deadline') },
      state: { terms: [EFFECTIVE_STATE, 'c.avis_deadline'], from: byIndex('candidatures_effective_state') },
      actionTitle: {
        terms: ['a.title collate nocase', 'a.rowid', 's.rowid'],
        from: `from actions a indexed by actions_title cross join sessions s indexed by sessions_action on s.structure_id = a.structure_id and s.action_id = a.id
          cross join candidatures c indexed by candidatures_session_rid on c.structure_id = s.structure_id and c.session_id = s.id`,
      },
      carifNumber: { terms: ['s.carif_number', 's.rowid'], from: bySession('sessions_carif') },
      city: { terms: ['s.city', 's.rowid'], from: bySession('sessions_city') },
    };
    const sort = order[q.sort.field]!;
    const dir = q.sort.direction === 'desc' ? 'desc' : 'asc';
    const orderBy = [...sort.terms, 'c.rid'].map((term) => `${term} ${dir}`).join(', ');
    // A filter that keeps few rows (one session, one candidature, a search, deadlines within 15 days) is better served
    // by its own index and a sort of what it keeps: the planner chooses. The page is chosen on narrow rows first, and
    // only its rows are then read whole.
    const f = q.filters;
    const few = !!(f.sessionId || f.candidatureId || f.deadlineSoon || (f.search && ftsQuery(f.search)));
    const pageFrom = few ? (sort.from.includes('sessions s') ? ReadModel.CANDIDATURE_FROM : 'from candidatures c') : sort.from;
    const pageOfRids = `select c.rid ${pageFrom} where ${sql} order by ${orderBy} limit ? offset ?`;
    const rows = this.sqlite.prepare(`select c.id, c.session_id as sessionId, c.first_name as firstName, c.last_name as lastName, c.email, ${EFFECTIVE_STATE} as state,
        c.pending_mutation_id as pendingMutationId, c.created_on as createdOn, c.avis_deadline as avisDeadline, ${EFFECTIVE_AVIS_ON} as avisOn,
        coalesce(a.title, '') as actionTitle, coalesce(a.reference, '') as actionReference, coalesce(a.market_number, '') as marketNumber, coalesce(a.organisme, '') as organisme,
        s.carif_number as carifNumber, s.city, s.department, s.org_role as orgRole, json_extract(c.data, '$.prescriberStructureName') as prescriberStructureName
      ${ReadModel.CANDIDATURE_FROM} where c.rid in (${pageOfRids}) order by ${orderBy}`).all(...params, q.limit, q.offset) as RawCandidatureRow[];
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
    return this.candidatures(structureId, { ...q, offset: 0, limit: 1_000_000 } as CandidatureListQuery, today, new Set()).rows;
  }

  entryPointsOf(structureId: string, sessionId: string): EntryPoint[] {
    return (this.sqlite.prepare('select data from entry_points where structure_id = ? and session_id = ?').all(structureId, sessionId) as { data: string }[]).map((r) => JSON.parse(r.data) as EntryPoint);
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
    const avis = this.sqlite.prepare(`select c.session_id as sessionId, c.state, c.avis_on as avisOn, c.pending_state as pendingState, c.pending_avis_on as pendingAvisOn
      from candidatures c where c.structure_id = ? and c.session_id in (select value from json_each(?)) and c.pending_state is not null`)
      .all(structureId, ids) as { sessionId: string; state: CountedCandidature['state']; avisOn: string | null; pendingState: CountedCandidature['state']; pendingAvisOn: string | null }[];
    const validations = this.sqlite.prepare(`select session_id as sessionId, count(*) as n from pre_registrations
      where structure_id = ? and session_id in (select value from json_each(?)) and json_extract(pending, '$.op') = 'validate' group by 1`)
      .all(structureId, ids) as { sessionId: string; n: number }[];
    const add = (sessionId: string, change: UnsentCounterChange) => out.set(sessionId, [...(out.get(sessionId) ?? []), change]);
    for (const r of avis) add(r.sessionId, { before: { state: r.state, avisOn: r.avisOn }, after: { state: r.pendingState, avisOn: r.pendingAvisOn } });
    for (const r of validations) for (let i = 0; i < r.n; i++) add(r.sessionId, { before: null, after: { state: 'EN_ATTENTE', avisOn: null } });
    return out;
  }

  session(structureId: string, id: string): Session | null {
    const row = this.sqlite.prepare('select data from sessions where structure_id = ? and id = ?').get(structureId, id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Session) : null;
  }

  action(structureId: string, id: string): Action | null {
    const row = this.sqlite.prepare('select data, pending from actions where structure_id = ? and id = ?').get(structureId, id) as { data: string; pending: string | null } | undefined;
    if (!row) return null;
    const action = JSON.parse(row.data) as Action;
    return row.pending ? { ...action, ...(JSON.parse(row.pending) as Partial<Action>) } : action;
  }

  /**
   * Unsent avis whose candidature's deadline falls within DEADLINE_ALERT_DAYS (or has passed): they must reach the
   * server first, or the candidature turns « avis non transmis » and the decision comes back refused.
   */
  unsentAvisNearDeadline(structureId: string, today: string): { count: number; earliest: string } | null {
    // CROSS JOIN: from the few queued avis to their candidatures, never from every candidature near its deadline to
    // the outbox (the planner's pick once candidatures_deadline exists: 70 ms and more per command at 30k rows).
    const row = this.sqlite.prepare(`select count(*) as n, min(c.avis_deadline) as earliest from outbox o
      cross join candidatures c on c.structure_id = o.structure_id and c.id = json_extract(o.mutation, '$.payload.candidatureId')
      where o.structure_id = ? and o.kind = 'avis' and c.avis_deadline <= ?`).get(structureId, addDays(today, DEADLINE_ALERT_DAYS)) as { n: number; earliest: string | null };
    return row.n > 0 && row.earliest ? { count: row.n, earliest: row.earliest } : null;
  }

  /** A candidature as the user sees it (with the unsent avis laid over it), or as the server has it (`overlay: false`). */
  candidature(structureId: string, id: string, options: { overlay: boolean } = { overlay: true }): (Candidature & { pendingMutationId: string | null }) | null {
    const row = this.sqlite.prepare('select data, pending_state as pendingState, pending_avis_on as pendingAvisOn, pending_mutation_id as pendingMutationId from candidatures where structure_id = ? and id = ?')
      .get(structureId, id) as { data: string; pendingState: string | null; pendingAvisOn: string | null; pendingMutationId: string | null } | undefined;
    if (!row) return null;
    const c = JSON.parse(row.data) as Candidature;
    return { ...c, ...(row.pendingState && options.overlay ? { state: row.pendingState as Candidature['state'], avisOn: row.pendingAvisOn } : {}), pendingMutationId: row.pendingMutationId };
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
    const where = ['s.structure_id = ?'];
    const params: unknown[] = [structureId];
    const f = q.filters;
    if (!f.includeArchived) where.push("s.status != 'ARCHIVED'");
    if (f.roles?.length) {
      where.push(`s.org_role in (${f.roles.map(() => '?').join(',')})`);
      params.push(...f.roles);
    }
    if (f.search) {
      where.push('(a.title like ? or s.city like ? or s.carif_number like ? or a.reference like ?)');
      params.push(...Array(4).fill(`%${f.search}%`));
    }
    if (f.organisme) { where.push('a.organisme like ?'); params.push(`%${f.organisme}%`); }
    if (f.marketNumber) { where.push('a.market_number like ?'); params.push(`%${f.marketNumber}%`); }
    if (f.carifNumber) { where.push('s.carif_number like ?'); params.push(`%${f.carifNumber}%`); }
    if (f.actionId) { where.push('s.action_id = ?'); params.push(f.actionId); }
    if (f.department) { where.push('s.department = ?'); params.push(f.department); }
    if (f.mesure) { where.push("json_extract(a.data, '$.financing.mesure') like ?"); params.push(`%${f.mesure}%`); }
    if (f.entryFrom || f.entryTo) {
      // An upcoming entry point inside the range: past ones take no application any more.
      const first = f.entryFrom && f.entryFrom > today ? f.entryFrom : today;
      where.push('exists (select 1 from entry_points e where e.structure_id = s.structure_id and e.session_id = s.id and e.date >= ? and e.date <= ?)');
      params.push(first, f.entryTo ?? '9999-12-31');
    }
    const from = `from sessions s left join actions a on a.structure_id = s.structure_id and a.id = s.action_id where ${where.join(' and ')}`;
    const total = this.cached(`sessions:${from}:${JSON.stringify(params)}`, () => (this.sqlite.prepare(`select count(*) as n ${from}`).get(...params) as { n: number }).n);
    const nextDate = `(select min(e.date) from entry_points e where e.structure_id = s.structure_id and e.session_id = s.id and e.date >= '${today.replace(/[^0-9-]/g, '')}')`;
    const order: Record<string, string> = {
      actionTitle: 'a.title collate nocase',
      carifNumber: 's.carif_number',
      city: 's.city',
      deadline: `coalesce(${nextDate}, '9999-12-31')`,
      pending: 'coalesce(p.n, 0)',
    };
    // Pending counts for the pending sort: one pass over the structure's pending rows (candidatures_effective_state),
    // not one count per session.
    const pendingJoin = q.sort.field === 'pending'
      ? `left join (select c.session_id, count(*) as n from candidatures c where c.structure_id = ? and ${EFFECTIVE_STATE} = 'EN_ATTENTE' group by 1) p on p.session_id = s.id`
      : '';
    const dir = q.sort.direction === 'desc' ? 'desc' : 'asc';
    // The page's sessions with their actions, then everything the rows show for the whole page at once: counts by
    // state in one grouped query, entry points and unsent decisions in one query each.
    const pageFrom = pendingJoin ? from.replace(' where ', ` ${pendingJoin} where `) : from;
    // The page is chosen on ids alone (sorting thousands of sessions with their JSON would copy it all), then read.
    const pageIds = (this.sqlite.prepare(`select s.id ${pageFrom} order by ${order[q.sort.field]} ${dir}, s.id limit ? offset ?`)
      .all(...(pendingJoin ? [structureId] : []), ...params, q.limit, q.offset) as { id: string }[]).map((r) => r.id);
    const ids = JSON.stringify(pageIds);
    const byId = new Map((this.sqlite.prepare(`select s.id, s.data as session, a.data as action, a.pending as actionPending
        from sessions s left join actions a on a.structure_id = s.structure_id and a.id = s.action_id
        where s.structure_id = ? and s.id in (select value from json_each(?))`).all(structureId, ids) as { id: string; session: string; action: string | null; actionPending: string | null }[])
      .map((r) => [r.id, r]));
    const rows = pageIds.map((id) => byId.get(id)!);
    const countsBySession = new Map<string, Record<string, number>>();
    for (const r of this.sqlite.prepare(`select c.session_id as sessionId, ${EFFECTIVE_STATE} as state, count(*) as n from candidatures c
        where c.structure_id = ? and c.session_id in (select value from json_each(?)) group by 1, 2`).all(structureId, ids) as { sessionId: string; state: string; n: number }[]) {
      const counts = countsBySession.get(r.sessionId) ?? Object.fromEntries(CandidatureState.options.map((st) => [st, 0]));
      counts[r.state] = r.n;
      countsBySession.set(r.sessionId, counts);
    }
    const epsBySession = new Map<string, EntryPoint[]>();
    for (const r of this.sqlite.prepare('select session_id as sessionId, data from entry_points where structure_id = ? and session_id in (select value from json_each(?))')
      .all(structureId, ids) as { sessionId: string; data: string }[]) {
      epsBySession.set(r.sessionId, [...(epsBySession.get(r.sessionId) ?? []), JSON.parse(r.data) as EntryPoint]);
    }
    const changesBySession = this.unsentCounterChangesOf(structureId, rows.map((r) => r.id));
    return {
      total,
      rows: rows.map((row) => {
        const id = row.id;
        const session = JSON.parse(row.session) as Session;
        const action = row.action ? { ...(JSON.parse(row.action) as Action), ...(row.actionPending ? (JSON.parse(row.actionPending) as Partial<Action>) : {}) } : null;
        const { eps, upcoming } = this.countersOf(structureId, id, today, { eps: epsBySession.get(id) ?? [], changes: changesBySession.get(id) ?? [] });
        const counts = countsBySession.get(id) ?? Object.fromEntries(CandidatureState.options.map((st) => [st, 0]));
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
          counts: counts as SessionListRow['counts'],
          applications: applicationsState(session.status, upcoming),
          mesure: action?.financing.mesure ?? '',
        };
      }),
    };
  }
  /** The org roles the structure holds on the sessions of an action (enrichment rights follow them). */
  rolesOnAction(structureId: string, actionId: string): OrgRole[] {
    return (this.sqlite.prepare('select distinct org_role as role from sessions where structure_id = ? and action_id = ? and org_role is not null').all(structureId, actionId) as { role: OrgRole }[]).map((r) => r.role);
  }

  /** A pre-registration as the user sees it (server row or local draft, with its pending operation). */
  preRegistration(structureId: string, id: string): { preRegistration: PreRegistration; pendingOp: string | null } | null {
    const row = this.sqlite.prepare('select data, pending from pre_registrations where structure_id = ? and id = ?').get(structureId, id) as { data: string | null; pending: string | null } | undefined;
    return row ? effectivePreRegistration(row) : null;
  }

  /** The structure's pre-registrations as the user sees them, with what the actor may do to each and why not. */
  /**
   * Whether a candidature can be made on a session today (what validating a pre-registration does), judged on the
   * counter everyone sees, the user's own unsent validations included.
   */
  canApplyOn(structureId: string, sessionId: string, today: string): RuleResult {
    const session = this.session(structureId, sessionId);
    if (!session) return refused('NOT_FOUND', 'Session introuvable dans les données locales. Synchronisez puis réessayez.');
    return checkCanApplyWith(session, this.countersOf(structureId, sessionId, today).upcoming);
  }

  preRegistrations(structureId: string, actor: PrescriberActor, today: string): PreRegistrationView[] {
    const rows = this.sqlite.prepare(`select p.data, p.pending, coalesce(a.title, '') as title, coalesce(s.carif_number, '') as carif from pre_registrations p
      left join sessions s on s.structure_id = p.structure_id and s.id = p.session_id
      left join actions a on a.structure_id = s.structure_id and a.id = s.action_id
      where p.structure_id = ?`).all(structureId) as { data: string | null; pending: string | null; title: string; carif: string }[];
    return rows
      .map((r) => ({ ...effectivePreRegistration(r), sessionTitle: r.title, carifNumber: r.carif }))
      .filter((r) => r.pendingOp !== 'delete')
      .sort((a, b) => (a.preRegistration.createdAt < b.preRegistration.createdAt ? 1 : -1))
      .map((r) => {
        const waiting = r.pendingOp ? { allowed: false, reason: "Une opération attend d'être envoyée." } : null;
        return {
          preRegistration: r.preRegistration,
          sessionTitle: r.sessionTitle,
          carifNumber: r.carifNumber,
          pending: r.pendingOp !== null,
          canValidate: waiting ?? permission(firstRefusal(canValidatePreRegistration(actor, r.preRegistration), this.canApplyOn(structureId, r.preRegistration.sessionId, today))),
          canDelete: waiting ?? permission(canDeletePreRegistration(actor, r.preRegistration)),
        };
      });
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
      // The form opens only where the server would accept an avis: rights, then the candidature's own state (with
      // the user's unsent avis laid over it), the session and the deadline.
      canGiveAvis: permission(firstRefusal(
        canGiveAvis(membership?.profile ?? null, session.orgRole),
        pendingMutationId ? refused('ALREADY_DECIDED', "Votre avis sur cette candidature attend d'être envoyé : annulez-le ou modifiez-le depuis la file d'envoi.") : { ok: true },
        checkAvisPossible({ candidature, session, today }),
      )),
    };
  }
}

function effectivePreRegistration(row: { data: string | null; pending: string | null }): { preRegistration: PreRegistration; pendingOp: string | null } {
  const pending = row.pending ? (JSON.parse(row.pending) as { op: string; preRegistration: PreRegistration }) : null;
  const preRegistration = pending?.preRegistration ?? (JSON.parse(row.data!) as PreRegistration);
  return { preRegistration, pendingOp: pending?.op ?? null };
}
