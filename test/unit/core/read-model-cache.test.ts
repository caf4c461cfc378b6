// The read model: whole-structure aggregates (dashboard, list totals) kept between writes, which any write must show at
// once; the sessions list walking its indexes; the candidatures list without archived sessions unless asked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from './temp-database';
import type { Sqlite } from '../../../main/core/db/open-database';
import { LocalStore } from '../../../main/core/local-store';
import { ReadModel } from '../../../main/core/queries/read-model';
import type { ChangeSet, Removals } from '../../../shared/protocol/sync';

const TODAY = '2025-06-16';
const NONE: Removals = { actions: [], sessions: [], entryPoints: [], candidatures: [], preRegistrations: [] };
let db: TempDatabase;
let sqlite: Sqlite;
let store: LocalStore;
let read: ReadModel;

const action = { id: 'a1', reference: 'R1', type: 'SIMPLE', moduleCount: null, title: 'Soudure', financing: { financeur: 'F', marketNumber: 'M1', dispositif: 'D', mesure: 'HSP' }, highlight: null, webLink: null, responsibleStructureName: 'OF', version: 1 };
const session = { id: 's1', actionId: 'a1', carifNumber: '001', publishedOn: '2025-01-01', marketStart: '2025-01-01', marketEnd: '2026-12-31', city: 'PAU', department: '64', trainingPlace: 'PAU', cpfEligible: true, fixedDates: true, contact: { name: 'X', email: null, phone: null }, disabilityReferent: null, status: 'PUBLISHED', endDate: null, orgRole: 'RESPONSABLE', version: 1 };
const candidature = (id: string, state: string) => ({
  id, sessionId: 's1', candidate: { firstName: 'Ana', lastName: `Nom${id}`, email: `${id}@x.fr`, phone: null }, origin: 'CANDIDAT', prescriberStructureName: null,
  createdAt: '2025-06-01T10:00:00.000Z', createdOn: '2025-06-01', avisDeadline: '2025-06-20', state, retained: null, nonRetained: null, avisAt: null, avisOn: null, avisBy: null,
  avisReceivedAt: null, avisTimeNote: null, version: 1,
});
const changes = (c: Partial<ChangeSet>): ChangeSet => ({ actions: [], sessions: [], entryPoints: [], candidatures: [], preRegistrations: [], ...c }) as ChangeSet;
const pendingTotal = () =>
  read.candidatures('of', { filters: { states: ['EN_ATTENTE'] }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 10 }, TODAY, new Set()).total;
const dashboard = () => JSON.stringify(read.dashboard('of', TODAY));

beforeEach(() => {
  db = openTempDatabase('read-cache-');
  sqlite = db.sqlite;
  store = new LocalStore(sqlite);
  read = new ReadModel(store);
  store.transaction(() => store.applyServerRows('of', changes({ actions: [action], sessions: [session], candidatures: [candidature('c1', 'EN_ATTENTE'), candidature('c2', 'EN_ATTENTE')] } as never), NONE));
});
afterEach(() => db.remove());

describe('aggregates kept between writes', () => {
  it('a pull, an overlay and its removal each show at once in the totals and the dashboard', () => {
    expect(pendingTotal()).toBe(2);
    const two = dashboard();
    expect(pendingTotal()).toBe(2); // asked again without a write: the same answer

    store.transaction(() => store.applyServerRows('of', changes({ candidatures: [candidature('c3', 'EN_ATTENTE')] } as never), NONE));
    expect(pendingTotal()).toBe(3);
    const three = dashboard();
    expect(three).not.toBe(two);

    store.transaction(() => store.setCandidatureOverlay('of', 'c1', 'NON_RETENUE', TODAY, 'm1'));
    expect(pendingTotal()).toBe(2);
    expect(dashboard()).not.toBe(three);

    store.transaction(() => store.clearOverlay('m1'));
    expect(pendingTotal()).toBe(3);
    expect(dashboard()).toBe(three);
  });
});

describe('the sessions list sorted on what covers the whole structure', () => {
  const entryPoint = (id: string, sessionId: string, date: string) => ({ id, sessionId, date, places: 10, bis: false, version: 1, retainedInWindow: 0, sessionPending: 0 });
  const inSession = (id: string, sessionId: string) => ({ ...candidature(id, 'EN_ATTENTE'), sessionId });
  const order = (field: 'pending' | 'deadline', direction: 'asc' | 'desc', today = TODAY) =>
    read.sessions('of', { filters: {}, sort: { field, direction }, offset: 0, limit: 10 }, today).rows.map((r) => r.id);

  beforeEach(() => {
    store.transaction(() =>
      store.applyServerRows('of', changes({
        sessions: [{ ...session, id: 's2', carifNumber: '002' }],
        entryPoints: [entryPoint('e1', 's1', '2025-07-01'), entryPoint('e2', 's2', '2025-06-20'), entryPoint('e3', 's2', '2025-09-01')],
        candidatures: [inSession('c3', 's2')],
      } as never), NONE),
    );
  });

  it('by pending candidatures: follows a pull and an unsent avis at once', () => {
    expect(order('pending', 'desc')).toEqual(['s1', 's2']); // 2 against 1
    store.transaction(() => store.applyServerRows('of', changes({ candidatures: [inSession('c4', 's2'), inSession('c5', 's2')] } as never), NONE));
    expect(order('pending', 'desc')).toEqual(['s2', 's1']); // 2 against 3
    store.transaction(() => {
      store.setCandidatureOverlay('of', 'c3', 'NON_RETENUE', TODAY, 'm1');
      store.setCandidatureOverlay('of', 'c4', 'NON_RETENUE', TODAY, 'm2');
    });
    expect(order('pending', 'desc')).toEqual(['s1', 's2']); // 2 against 1
    expect(order('pending', 'asc')).toEqual(['s2', 's1']);
  });

  it('by next entry date: follows a new entry point and the day', () => {
    expect(order('deadline', 'asc')).toEqual(['s2', 's1']); // 20 June before 1 July
    expect(order('deadline', 'asc', '2025-06-21')).toEqual(['s1', 's2']); // s2's next is now 1 September
    store.transaction(() => store.applyServerRows('of', changes({ entryPoints: [entryPoint('e4', 's2', '2025-06-25')] } as never), NONE));
    expect(order('deadline', 'asc', '2025-06-21')).toEqual(['s2', 's1']);
  });
});

describe('the sessions list walks an index in each order it offers', () => {
  /** The plan of the statement that chooses a page of session ids, for one sort. */
  const pagePlan = (field: 'actionTitle' | 'carifNumber' | 'city' | 'deadline' | 'pending', direction: 'asc' | 'desc') => {
    const prepare = sqlite.prepare.bind(sqlite);
    let plan: string[] = [];
    const spy = (text: string) => {
      const statement = prepare(text);
      if (!text.startsWith('select s.id from')) return statement;
      return new Proxy(statement, {
        get: (target, key) => (key === 'all' ? (...params: unknown[]) => {
          plan = (prepare(`explain query plan ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail);
          return target.all(...params);
        } : Reflect.get(target, key)),
      });
    };
    sqlite.prepare = spy as typeof sqlite.prepare;
    try {
      read.sessions('of', { filters: {}, sort: { field, direction }, offset: 0, limit: 10 }, TODAY);
    } finally {
      sqlite.prepare = prepare as typeof sqlite.prepare;
    }
    return plan;
  };

  it.each(['actionTitle', 'deadline', 'pending'] as const)('sorted by %s, both ways: no sort of every session', (field) => {
    for (const direction of ['asc', 'desc'] as const) {
      const plan = pagePlan(field, direction);
      expect(plan.length).toBeGreaterThan(0);
      expect(plan.filter((step) => /TEMP B-TREE/.test(step))).toEqual([]);
    }
  });
});

describe('the candidatures list and archived sessions', () => {
  const list = (filters: Record<string, unknown>, offset = 0) =>
    read.candidatures('of', { filters, sort: { field: 'createdOn', direction: 'desc' }, offset, limit: 10 } as never, TODAY, new Set());
  const ids = (filters: Record<string, unknown>, offset = 0) => list(filters, offset).rows.map((r) => r.id).sort();

  beforeEach(() => {
    store.transaction(() =>
      store.applyServerRows('of', changes({
        sessions: [{ ...session, id: 's2', carifNumber: '002', status: 'ARCHIVED' }, { ...session, id: 's3', carifNumber: '003', orgRole: 'PARTENAIRE' }],
        candidatures: [{ ...candidature('c3', 'EN_ATTENTE'), sessionId: 's2' }, { ...candidature('c4', 'EN_ATTENTE'), sessionId: 's3' }],
      } as never), NONE),
    );
  });

  it('hides an archived session\'s candidatures unless asked, in the rows, the pages and the total', () => {
    expect(ids({})).toEqual(['c1', 'c2', 'c4']);
    expect(list({}).total).toBe(3);
    expect(list({}, 2).rows).toHaveLength(1);
    expect(ids({ includeArchived: true })).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(ids({ roles: ['RESPONSABLE'] })).toEqual(['c1', 'c2']); // with a session filter of its own
    expect(ids({ roles: ['RESPONSABLE'], includeArchived: true })).toEqual(['c1', 'c2', 'c3']);
    expect(ids({ sessionId: 's2' })).toEqual(['c3']); // a session asked for by name shows, archived or not
  });

  it('follows a session archived or brought back by a pull', () => {
    store.transaction(() => store.applyServerRows('of', changes({ sessions: [{ ...session, status: 'ARCHIVED', version: 2 }] } as never), NONE));
    expect(ids({})).toEqual(['c4']);
    expect(list({}).total).toBe(1);
    store.transaction(() => store.applyServerRows('of', changes({ sessions: [{ ...session, id: 's2', carifNumber: '002', version: 2 }] } as never), NONE));
    expect(ids({})).toEqual(['c3', 'c4']);
  });
});
