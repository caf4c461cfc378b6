// Issue 9 on the server: every user gets the server's counter (tallies on entry point rows, restamped whenever they
// change), an avis counts from the day the user gave it (within bounds), and rejections name their field and, for
// ALREADY_DECIDED, who decided and when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import type { Candidature, EntryPoint, Session } from '../../../shared/protocol/entities';
import type { PullPage } from '../../../shared/protocol/sync';
import { addDays, parisDay } from '../../../shared/domain/calendar-date';
import { allCounters, countersFromTallies, pendingReadFrom } from '../../../shared/domain/entry-point-counter';
import { MAX_OFFLINE_DAYS } from '../../../shared/domain/decision-time';
import { eos, mutation, person, pullAll, push, startTestServer, token, TEST_NOW } from './harness';

let server: ReferenceServer;
let manager: string;
let n3: string;
const today = () => parisDay(server.clock.now());

beforeAll(async () => {
  server = await startTestServer();
  manager = await token(server, 'manager@demo.test');
  n3 = await token(server, 'prescripteur-n3@demo.test');
});
afterAll(() => server?.close());

type Rows = { sessions: Map<string, Session>; entryPoints: Map<string, EntryPoint>; candidatures: Map<string, Candidature> };
const empty = (): Rows => ({ sessions: new Map(), entryPoints: new Map(), candidatures: new Map() });
function apply(rows: Rows, pages: PullPage[]): Rows {
  for (const p of pages) {
    for (const s of p.changes.sessions) rows.sessions.set(s.id, s);
    for (const e of p.changes.entryPoints) rows.entryPoints.set(e.id, e);
    for (const c of p.changes.candidatures) rows.candidatures.set(c.id, c);
    for (const id of p.removed.entryPoints) rows.entryPoints.delete(id);
    for (const id of p.removed.candidatures) rows.candidatures.delete(id);
  }
  return rows;
}
const pointsOf = (rows: Rows, sessionId: string) => [...rows.entryPoints.values()].filter((e) => e.sessionId === sessionId);
const candidaturesOf = (rows: Rows, sessionId: string) => [...rows.candidatures.values()].filter((c) => c.sessionId === sessionId);
/** The counters a client shows from the server's tallies. */
const fromTallies = (rows: Rows, sessionId: string) => countersFromTallies(pointsOf(rows, sessionId), today()).counters.map((k) => `${k.taken}/${k.places}`);
/** The counters computed from every candidature of the session (only an OF holds them all). */
const fromRows = (rows: Rows, sessionId: string) => allCounters(pointsOf(rows, sessionId), candidaturesOf(rows, sessionId), today()).map((k) => `${k.taken}/${k.places}`);

describe('decision time', () => {
  /** A pending candidature of a session of the demo OF with an entry point in the next days, and that entry point. */
  async function pendingBeforeEntryPoint() {
    const rows = apply(empty(), (await pullAll(server, manager, 'of-demo')).pages);
    for (const s of rows.sessions.values()) {
      if (s.status !== 'PUBLISHED' || (s.orgRole !== 'RESPONSABLE' && s.orgRole !== 'POSITIONNEUR')) continue;
      const upcoming = countersFromTallies(pointsOf(rows, s.id), today()).upcoming;
      const pending = candidaturesOf(rows, s.id).filter((c) => c.state === 'EN_ATTENTE' && c.avisDeadline > addDays(upcoming?.date ?? today(), 3)
        && c.createdAt < `${today()}T00:00:00.000Z`);
      if (upcoming && pending.length >= 1) return { session: s, upcoming, candidature: pending[0]!, rows };
    }
    throw new Error('no pending candidature before an entry point in the demo data');
  }

  it('a retention given offline on E(k)’s day and pushed after it counts in E(k)’s window', async () => {
    const { upcoming, candidature } = await pendingBeforeEntryPoint();
    const decidedAt = `${upcoming.date}T15:00:00.000Z`; // 17:00 in Paris, on E(k)'s day
    server.clock.set(`${addDays(upcoming.date, 2)}T08:00:00.000Z`); // synced two days after E(k)
    try {
      const reply = await push(server, manager, 'of-demo', [
        { ...mutation({ kind: 'avis', payload: { candidatureId: candidature.id, decision: { kind: 'RETENUE', plannedEntry: upcoming.date, plannedExit: addDays(upcoming.date, 90) } } }), decidedAt },
      ]);
      const result = reply.body.results[0]!;
      expect(result.status).toBe('applied');
      const row = (result as Extract<typeof result, { status: 'applied' }>).changes.candidatures[0]!;
      expect(row.avisOn).toBe(upcoming.date);
      expect(row.avisAt).toBe(decidedAt);
      expect(parisDay(row.avisReceivedAt!)).toBe(addDays(upcoming.date, 2));
      expect(row.avisTimeNote).toBeNull();
      // Its window is E(k)'s: E(k)'s retained tally holds it.
      const point = (result as Extract<typeof result, { status: 'applied' }>).changes.entryPoints.find((e) => e.id === upcoming.entryPointId)!;
      expect(point.retainedInWindow).toBeGreaterThan(0);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('a decision time in the future, before the candidature or beyond the offline limit is replaced by the server’s, with the reason', async () => {
    const cases = [
      { decidedAt: new Date(server.clock.now().getTime() + 3 * 3600_000).toISOString(), note: 'FUTURE' },
      { decidedAt: '2001-01-01T10:00:00.000Z', note: 'BEFORE_CANDIDATURE' },
    ] as const;
    for (const { decidedAt, note } of cases) {
      const { candidature } = await pendingBeforeEntryPoint();
      const reply = await push(server, manager, 'of-demo', [
        { ...mutation({ kind: 'avis', payload: { candidatureId: candidature.id, decision: { kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT', justification: 'Pièce manquante' } } }), decidedAt },
      ]);
      const row = (reply.body.results[0] as Extract<(typeof reply.body.results)[0], { status: 'applied' }>).changes.candidatures[0]!;
      expect(row.avisTimeNote).toBe(note);
      expect(row.avisOn).toBe(today());
    }
    // Beyond the offline limit: the candidature must be older than the limit, so move the server's clock forward.
    const { candidature } = await pendingBeforeEntryPoint();
    const decidedAt = new Date(server.clock.now().getTime() + 60_000).toISOString();
    server.clock.advanceDays(MAX_OFFLINE_DAYS + 1);
    try {
      // The deadline (45 days) has not passed yet for a candidature made today, but may have for older ones: pick by reply.
      const reply = await push(server, manager, 'of-demo', [
        { ...mutation({ kind: 'avis', payload: { candidatureId: candidature.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }), decidedAt },
      ]);
      const result = reply.body.results[0]!;
      if (result.status === 'rejected') expect(result.code).toBe('DEADLINE_PASSED');
      else {
        expect(result.changes.candidatures[0]!.avisTimeNote).toBe('TOO_OLD');
        expect(result.changes.candidatures[0]!.avisOn).toBe(today());
      }
    } finally {
      server.clock.set(TEST_NOW);
    }
  });

  it('a hidden justification is never stored: « personne injoignable » drops it', async () => {
    const { candidature } = await pendingBeforeEntryPoint();
    const reply = await push(server, manager, 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: candidature.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: 'ab' } } }),
    ]);
    const row = (reply.body.results[0] as Extract<(typeof reply.body.results)[0], { status: 'applied' }>).changes.candidatures[0]!;
    expect(row.nonRetained).toEqual({ motive: 'PERSONNE_INJOIGNABLE', justification: null });
  });
});

describe('rejections', () => {
  it('name the field, and ALREADY_DECIDED says who decided and when', async () => {
    const rows = apply(empty(), (await pullAll(server, manager, 'of-demo')).pages);
    const session = [...rows.sessions.values()].find((s) => s.status === 'PUBLISHED' && s.orgRole === 'RESPONSABLE' && candidaturesOf(rows, s.id).some((c) => c.state === 'EN_ATTENTE'))!;
    const pending = candidaturesOf(rows, session.id).find((c) => c.state === 'EN_ATTENTE')!;
    const bad = await push(server, manager, 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: pending.id, decision: { kind: 'RETENUE', plannedEntry: addDays(session.marketStart, 10), plannedExit: addDays(session.marketStart, 5) } } }),
    ]);
    expect(bad.body.results[0]).toMatchObject({ status: 'rejected', code: 'INVALID', field: 'plannedExit' });

    const decided = [...rows.candidatures.values()].find((c) => c.state === 'RETENUE' && c.avisBy && rows.sessions.get(c.sessionId)?.orgRole === 'RESPONSABLE' && rows.sessions.get(c.sessionId)?.status === 'PUBLISHED')!;
    const again = await push(server, manager, 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: decided.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
    ]);
    expect(again.body.results[0]).toMatchObject({ status: 'rejected', code: 'ALREADY_DECIDED', decidedBy: decided.avisBy, decidedAt: decided.avisAt });
  });
});

describe('server-authoritative counters', () => {
  let of: Rows;
  let presc: Rows;
  let ofCursor: string;
  let prescCursor: string;

  beforeAll(async () => {
    const a = await pullAll(server, manager, 'of-demo');
    of = apply(empty(), a.pages);
    ofCursor = a.cursor;
    const b = await pullAll(server, n3, 'presc-demo');
    presc = apply(empty(), b.pages);
    prescCursor = b.cursor;
  });

  it('on the whole demo data, the OF gets the same figure from the tallies as from its candidatures', () => {
    const sessions = [...of.sessions.keys()];
    expect(sessions.length).toBeGreaterThan(10);
    for (const id of sessions) expect(fromTallies(of, id), `session ${id}`).toEqual(fromRows(of, id));
  });

  it('a prescripteur, holding only its own candidatures, sees the same counters as the OF on every session, full ones closed', () => {
    let full = 0;
    for (const id of of.sessions.keys()) {
      expect(fromTallies(presc, id), `session ${id}`).toEqual(fromTallies(of, id));
      const upcoming = countersFromTallies(pointsOf(presc, id), today()).upcoming;
      if (upcoming?.full) full++;
      // What the prescripteur would have computed from its own rows is not the counter (the 3/8 vs 8/8).
    }
    expect(full).toBeGreaterThan(0);
    expect([...of.sessions.keys()].some((id) => fromRows(presc, id).join() !== fromTallies(presc, id).join())).toBe(true);
  });

  it('no personal data travels with the tallies', () => {
    const e = [...presc.entryPoints.values()][0]!;
    expect(Object.keys(e).sort()).toEqual(['bis', 'date', 'id', 'places', 'retainedInWindow', 'sessionId', 'sessionPending', 'version']);
  });

  it('avis, validation, the deadline job, cancellation and entry point changes restamp the tallies for everyone', async () => {
    const open = [...of.sessions.values()].find((s) => s.status === 'PUBLISHED' && (s.orgRole === 'RESPONSABLE' || s.orgRole === 'POSITIONNEUR')
      && candidaturesOf(of, s.id).filter((c) => c.state === 'EN_ATTENTE').length >= 2
      && !countersFromTallies(pointsOf(of, s.id), today()).upcoming?.full)!;
    expect(open).toBeDefined();
    const [first, second] = candidaturesOf(of, open.id).filter((c) => c.state === 'EN_ATTENTE');
    const upcoming = countersFromTallies(pointsOf(of, open.id), today()).upcoming!;

    // An avis « non »: a place is freed, and the prescripteur sees it.
    const noReply = await push(server, manager, 'of-demo', [mutation({ kind: 'avis', payload: { candidatureId: first!.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } })]);
    expect(noReply.body.results[0]).toMatchObject({ status: 'applied' });
    const applied = noReply.body.results[0] as Extract<typeof noReply.body.results[0], { status: 'applied' }>;
    // The applied result carries the session's restamped entry points, so the deciding client needs no extra pull.
    expect(applied.changes.entryPoints.map((e) => e.sessionId)).toContain(open.id);

    // A retained avis: the count does not move (the pending one already counted).
    await push(server, manager, 'of-demo', [mutation({ kind: 'avis', payload: { candidatureId: second!.id, decision: { kind: 'RETENUE', plannedEntry: upcoming.date, plannedExit: addDays(upcoming.date, 30) } } })]);

    // A prescripteur's validation: a new pending candidature.
    const preId = '0193b7a0-0000-7000-8000-00000000c0de';
    await push(server, n3, 'presc-demo', [
      mutation({ kind: 'preregistration.create', payload: { preRegistrationId: preId, sessionId: open.id, candidate: person(901) } }),
      mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: preId } }),
    ]);

    // EOS: a bis entry point (it moves the windows of the others).
    expect((await eos(server, 'POST', `/sessions/${open.id}/entry-points`, { id: `${open.id}-bis-test`, date: addDays(today(), 3), places: 4, bis: true })).status).toBe(201);

    // Another session gets cancelled: its pending candidatures leave the count.
    const cancelled = [...of.sessions.values()].find((s) => s.id !== open.id && s.status === 'PUBLISHED' && s.orgRole === 'RESPONSABLE' && candidaturesOf(of, s.id).some((c) => c.state === 'EN_ATTENTE'))!;
    expect((await eos(server, 'POST', `/sessions/${cancelled.id}/cancel`)).status).toBe(200);

    // Time passes: the deadline job turns overdue pending candidatures into « avis non transmis ».
    server.clock.advanceDays(40);
    expect(await server.runDeadlineJob()).toBeGreaterThan(0);

    const a = await pullAll(server, manager, 'of-demo', ofCursor);
    apply(of, a.pages);
    const b = await pullAll(server, n3, 'presc-demo', prescCursor);
    apply(presc, b.pages);
    for (const id of of.sessions.keys()) {
      expect(fromTallies(of, id), `OF, session ${id}`).toEqual(fromRows(of, id));
      expect(fromTallies(presc, id), `prescripteur, session ${id}`).toEqual(fromTallies(of, id));
    }
    server.clock.set(TEST_NOW);
  });
});

describe('a push batch', () => {
  it('restamps each session’s entry points once, and every applied result carries them as they stand after the batch', async () => {
    const before = await pullAll(server, manager, 'of-demo');
    const rows = apply(empty(), before.pages);
    const open = [...rows.sessions.values()].find((s) => s.status === 'PUBLISHED' && (s.orgRole === 'RESPONSABLE' || s.orgRole === 'POSITIONNEUR')
      && candidaturesOf(rows, s.id).filter((c) => c.state === 'EN_ATTENTE' && c.avisDeadline >= today()).length >= 2)!;
    expect(open).toBeDefined();
    const [first, second] = candidaturesOf(rows, open.id).filter((c) => c.state === 'EN_ATTENTE' && c.avisDeadline >= today());
    const versions = new Map(pointsOf(rows, open.id).map((e) => [e.id, e.version]));
    const no = (candidatureId: string) => mutation({ kind: 'avis', payload: { candidatureId, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } });
    const a = no(first!.id);
    const batch = [a, no('candidature-inconnue'), no(second!.id), a];
    const reply = await push(server, manager, 'of-demo', batch);
    const results = reply.body.results;
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['applied', 'NOT_FOUND', 'applied', 'applied']);
    // The same id twice in a batch: applied once, the second gets the first's result.
    expect(results[3]).toEqual(results[0]);
    const carried = [results[0]!, results[2]!].map((r) => (r as Extract<typeof r, { status: 'applied' }>).changes.entryPoints);
    // Two pending candidatures fewer: every entry point whose pending count is still read gets it; a past one, whose
    // count nobody reads again, is not sent again (it has one, the seed's, at least).
    const points = pointsOf(rows, open.id);
    const read = points.filter((e) => e.date >= pendingReadFrom(today()));
    expect(read.length).toBeGreaterThan(0);
    expect(points.length).toBeGreaterThan(read.length);
    expect(carried[0]!.map((e) => e.id).sort()).toEqual(read.map((e) => e.id).sort());
    expect(carried[1]).toEqual(carried[0]);
    // Restamped once for the batch, not once per avis.
    for (const e of carried[0]!) expect(e.version).toBe(versions.get(e.id)! + 1);

    // What a pull then brings is what the results carried; its tallies are the session's counters.
    apply(rows, (await pullAll(server, manager, 'of-demo', before.cursor)).pages);
    expect(pointsOf(rows, open.id)).toEqual(expect.arrayContaining(carried[0]!));
    expect(fromTallies(rows, open.id)).toEqual(fromRows(rows, open.id));

    // A retry of the whole batch replays the recorded results, with no second effect.
    expect((await push(server, manager, 'of-demo', batch)).body.results).toEqual(results);
  });
});
