// Issue 9 through the core: what a user sees and does offline is what the server will accept. Counters are the
// server's for everyone (plus the user's own unsent decisions), actions are offered only where the rules allow
// them, a queued decision can be taken back or edited until it is sent, and an avis keeps the time it was given.
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/domain/calendar-date';
import { formatCounter } from '../../../shared/domain/entry-point-counter';
import { useReferenceServer, startSignedIn, decidable, serverCandidatures, UNREACHABLE, type CoreUnderTest } from './core-harness';

const ref = useReferenceServer();
const opened: CoreUnderTest[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.dispose();
});
async function signedIn(email: string, options: Parameters<typeof startSignedIn>[2] = {}) {
  const t = await startSignedIn(ref.server, email, options);
  opened.push(t);
  return t;
}

async function allSessions(t: CoreUnderTest) {
  return (await t.call('sessions.list', { filters: { includeArchived: true }, sort: { field: 'carifNumber', direction: 'asc' }, offset: 0, limit: 1000 })).rows;
}

describe('counters everyone sees', () => {
  it('on the demo data, the prescripteur sees the OF’s counter on every session, and a full session is closed for both', { timeout: 120_000 }, async () => {
    const of = await signedIn('manager@demo.test');
    const presc = await signedIn('prescripteur-n3@demo.test');
    const ofSessions = await allSessions(of);
    const prescSessions = new Map((await allSessions(presc)).map((s) => [s.id, s]));
    let full = 0;
    for (const s of ofSessions) {
      const p = prescSessions.get(s.id);
      expect(p, `session ${s.carifNumber} visible to the prescripteur`).toBeDefined();
      expect(p!.counter && formatCounter(p!.counter), `session ${s.carifNumber}`).toBe(s.counter && formatCounter(s.counter));
      const [a, b] = [await of.call('sessions.get', { id: s.id }), await presc.call('sessions.get', { id: s.id })];
      expect(b.applicationsOpen, `session ${s.carifNumber} open`).toBe(a.applicationsOpen);
      if (s.counter?.full && s.status === 'PUBLISHED') {
        full++;
        expect(b.applicationsOpen).toBe(false);
      }
    }
    expect(full).toBeGreaterThan(0);
  });

  it('an unsent « non » frees a place at once, and the figure stays once the server has it', { timeout: 60_000 }, async () => {
    const t = await signedIn('manager@demo.test');
    const [target] = await decidable(t, 1);
    const before = (await t.call('sessions.get', { id: target!.sessionId })).upcoming!;
    t.proxy.mode = 'offline';
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    const offline = (await t.call('sessions.get', { id: target!.sessionId })).upcoming!;
    expect(offline.taken).toBe(before.taken - 1);
    t.proxy.mode = 'online';
    await t.core.syncNow();
    expect((await t.call('outbox.list', {}))).toEqual([]);
    expect((await t.call('sessions.get', { id: target!.sessionId })).upcoming!.taken).toBe(before.taken - 1);
  });

  it('a pre-registration on a full session is refused before anything is sent', { timeout: 60_000 }, async () => {
    const t = await signedIn('prescripteur-n3@demo.test');
    const full = (await allSessions(t)).find((s) => s.status === 'PUBLISHED' && s.counter?.full)!;
    expect(full).toBeDefined();
    t.proxy.mode = 'offline';
    await t.call('preRegistrations.create', { sessionId: full.id, candidate: { firstName: 'Zoé', lastName: 'Complet', email: 'zoe.complet@exemple.fr', phone: null } });
    const created = (await t.call('preRegistrations.list', {})).find((p) => p.preRegistration.sessionId === full.id && p.preRegistration.candidate.lastName === 'Complet')!;
    t.proxy.mode = 'online';
    await t.core.syncNow();
    const listed = (await t.call('preRegistrations.list', {})).find((p) => p.preRegistration.id === created.preRegistration.id)!;
    expect(listed.canValidate.allowed).toBe(false);
    expect(listed.canValidate.reason).toMatchObject({ key: 'rule', params: { code: 'CAPACITY_REACHED', message: expect.stringMatching(/complète/) } });
    await expect(t.call('preRegistrations.validate', { preRegistrationId: listed.preRegistration.id })).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    expect((await t.call('outbox.list', {}))).toEqual([]);
  });
});

describe('actions offered only where the rules allow them', () => {
  it('no avis can be opened on a decided candidature, nor a second one on a pending decision; the reason is a sentence', { timeout: 60_000 }, async () => {
    const t = await signedIn('manager@demo.test');
    const decided = (await t.call('candidatures.list', { filters: { states: ['RETENUE'], roles: ['RESPONSABLE'] }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 1 })).rows[0]!;
    const detail = await t.call('candidatures.get', { id: decided.id });
    expect(detail.canGiveAvis).toMatchObject({ allowed: false, reason: { key: 'rule', params: { code: 'ALREADY_DECIDED', message: expect.stringMatching(/retenue/) } } });
    await expect(t.call('avis.give', { candidatureId: decided.id, decision: UNREACHABLE })).rejects.toMatchObject({ code: 'RULE_VIOLATION' });

    const [target] = await decidable(t, 1);
    t.proxy.mode = 'offline';
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    expect((await t.call('candidatures.get', { id: target!.id })).canGiveAvis).toEqual({ allowed: false, reason: { key: 'avisAlreadyQueued' } });
  });

  it('retained dates are suggested from the upcoming entry point and the session’s own end, never the market’s end', { timeout: 60_000 }, async () => {
    const t = await signedIn('manager@demo.test');
    const [target] = await decidable(t, 1);
    const detail = await t.call('candidatures.get', { id: target!.id });
    expect(detail.suggestedEntry).toBe(detail.upcoming!.date);
    expect(detail.suggestedExit).not.toBe(detail.session.marketEnd);
    expect(detail.suggestedExit).toBe(detail.session.endDate);
  });

  it('a justification hidden by « personne injoignable » is never queued nor saved', { timeout: 60_000 }, async () => {
    const t = await signedIn('manager@demo.test');
    const [target] = await decidable(t, 1);
    await t.call('avis.give', { candidatureId: target!.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: 'ab' } });
    const [queued] = await t.call('outbox.list', {});
    expect(queued!.mutation).toMatchObject({ payload: { decision: { justification: null } } });
    await t.core.syncNow();
    expect((await serverCandidatures(ref.server)).get(target!.id)!.nonRetained).toEqual({ motive: 'PERSONNE_INJOIGNABLE', justification: null });
  });
});

describe('undo and edit until sent', () => {
  it('a cancelled decision never reaches the server; an edited one is sent once, with its final content', { timeout: 60_000 }, async () => {
    const t = await signedIn('manager@demo.test', { undoWindowMs: 1500 });
    const [a, b] = await decidable(t, 2);
    const server = await serverCandidatures(ref.server);
    const versionB = server.get(b!.id)!.version;

    const cancelled = await t.call('avis.give', { candidatureId: a!.id, decision: UNREACHABLE });
    const [pendingA] = await t.call('outbox.list', {});
    expect(pendingA!.changeable.allowed).toBe(true);
    expect(pendingA!.holdUntil! > pendingA!.createdAt).toBe(true);
    // Online, within the undo window, a sync sends nothing.
    await t.core.syncNow();
    expect((await t.call('outbox.list', {})).map((p) => p.id)).toEqual([cancelled.mutationId]);
    await t.call('outbox.cancel', { id: cancelled.mutationId });
    expect(await t.call('outbox.list', {})).toEqual([]);
    expect((await t.call('candidatures.get', { id: a!.id })).candidature.state).toBe('EN_ATTENTE');

    const edited = await t.call('avis.give', { candidatureId: b!.id, decision: UNREACHABLE });
    const detail = await t.call('candidatures.get', { id: b!.id });
    const entry = detail.suggestedEntry!;
    const retained = { kind: 'RETENUE' as const, plannedEntry: entry, plannedExit: addDays(entry, 60) };
    expect((await t.call('outbox.edit', { id: edited.mutationId, decision: retained })).mutationId).toBe(edited.mutationId);
    expect((await t.call('candidatures.get', { id: b!.id })).candidature.state).toBe('RETENUE');

    await new Promise((r) => setTimeout(r, 1600));
    await t.core.syncNow();
    expect(await t.call('outbox.list', {})).toEqual([]);
    const after = await serverCandidatures(ref.server);
    expect(after.get(a!.id)!.state).toBe('EN_ATTENTE');
    expect(after.get(b!.id)).toMatchObject({ state: 'RETENUE', retained: { plannedEntry: entry, plannedExit: addDays(entry, 60) }, version: versionB + 1 });
  });

  it('a decision whose undo window closes while a sync is still pulling is sent right after that sync, not at the next interval', { timeout: 60_000 }, async () => {
    // Tests sync every hour: only the round scheduled for the window's end can send it in time.
    const t = await signedIn('manager@demo.test', { undoWindowMs: 1000 });
    const [target] = await decidable(t, 1);
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    t.proxy.pullDelayMs = 1500; // a slow network: the window closes during the round's pull
    await t.core.syncNow();
    t.proxy.pullDelayMs = 0;
    const deadline = Date.now() + 10_000;
    while ((await t.call('outbox.list', {})).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await t.call('outbox.list', {})).toEqual([]);
    expect((await serverCandidatures(ref.server)).get(target!.id)!.state).toBe('NON_RETENUE');
  });

  it('a decision sent without an answer can no longer be taken back (the server may have it)', { timeout: 60_000 }, async () => {
    const t = await signedIn('manager@demo.test');
    const [target] = await decidable(t, 1);
    t.proxy.onPush = () => 'drop-response';
    const { mutationId } = await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    await t.core.syncNow();
    t.proxy.onPush = null;
    const [pending] = await t.call('outbox.list', {});
    expect(pending!.changeable).toMatchObject({ allowed: false, reason: { key: 'sentWithoutAnswer' } }); // « … il a pu la recevoir », worded by the renderer
    await expect(t.call('outbox.cancel', { id: mutationId })).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    await t.core.syncNow();
    expect(await t.call('outbox.list', {})).toEqual([]);
  });
});

describe('decision time and conflicts', () => {
  it('an avis given offline keeps the time it was given and the time it reached the server', { timeout: 60_000 }, async () => {
    const t = await signedIn('manager@demo.test');
    const [target] = await decidable(t, 1);
    t.proxy.mode = 'offline';
    const givenAt = ref.server.clock.now().toISOString();
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    const [queued] = await t.call('outbox.list', {});
    expect(Date.parse(queued!.mutation.decidedAt!)).toBeGreaterThanOrEqual(Date.parse(givenAt));
    ref.server.clock.advanceDays(1);
    try {
      t.proxy.mode = 'online';
      await t.core.syncNow();
      const { candidature } = await t.call('candidatures.get', { id: target!.id });
      expect(candidature.avisAt).toBe(queued!.mutation.decidedAt);
      expect(Date.parse(candidature.avisReceivedAt!) - Date.parse(candidature.avisAt!)).toBeGreaterThan(86_000_000);
    } finally {
      ref.server.clock.advanceDays(-1);
    }
  });

  it('a conflict says who decided and when, and which candidature it is about', { timeout: 60_000 }, async () => {
    const a = await signedIn('manager@demo.test');
    const b = await signedIn('manager2@demo.test');
    const [target] = await decidable(a, 1);
    b.proxy.mode = 'offline';
    await b.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    await a.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    await a.core.syncNow();
    b.proxy.mode = 'online';
    await b.core.syncNow();
    const [conflict] = await b.call('conflicts.list', {});
    expect(conflict).toMatchObject({ code: 'ALREADY_DECIDED', candidatureId: target!.id, decidedBy: expect.any(String), decidedAt: expect.any(String) });
  });

  it('an unsent avis whose deadline is near is flagged in the sync status', { timeout: 60_000 }, async () => {
    const t = await signedIn('manager@demo.test');
    const today = (await t.call('dashboard.get', {})).today;
    const [soon] = await decidable(t, 1, { deadlineSoon: true });
    expect((await t.call('sync.getStatus', {})).deadlineAlert).toBeNull();
    t.proxy.mode = 'offline';
    ref.server.clock.set(`${addDays(soon!.avisDeadline, -1)}T09:00:00.000Z`);
    try {
      await t.call('avis.give', { candidatureId: soon!.id, decision: UNREACHABLE });
      expect((await t.call('sync.getStatus', {})).deadlineAlert).toEqual({ count: 1, earliest: soon!.avisDeadline });
    } finally {
      ref.server.clock.set(`${today}T10:00:00.000Z`);
    }
  });
});

describe('answers that come twice', () => {
  it('the replayed answer of a push never puts back counters older than a pull already brought', { timeout: 90_000 }, async () => {
    const t = await signedIn('manager@demo.test');
    const other = await signedIn('manager@demo.test');
    // Two pending candidatures of one session: the user decides one, someone else the other.
    const bySession = new Map<string, string[]>();
    for (const c of await decidable(t, 40)) bySession.set(c.sessionId, [...(bySession.get(c.sessionId) ?? []), c.id]);
    const [sessionId, [mine, theirs]] = [...bySession].find(([, ids]) => ids.length >= 2) as [string, string[]];

    t.proxy.onPush = () => 'drop-response'; // the server applies the push, its answer is lost
    await t.call('avis.give', { candidatureId: mine!, decision: UNREACHABLE });
    await t.core.syncNow();
    await other.call('avis.give', { candidatureId: theirs!, decision: UNREACHABLE });
    await other.core.syncNow(); // the session's entry points are restamped once more
    t.proxy.onPush = () => 'garble-response';
    await t.core.syncNow(); // the answer is unreadable: the round still pulls, and brings the newer entry points
    t.proxy.onPush = null;
    await t.core.syncNow(); // the retry gets the server's recorded result, made before the other avis

    expect(await t.call('outbox.list', {})).toEqual([]);
    await other.core.syncNow();
    const seen = async (u: CoreUnderTest) => (await u.call('sessions.get', { id: sessionId })).entryPoints.map((e) => ({ ...e.entryPoint, counter: e.counter }));
    expect(await seen(t)).toEqual(await seen(other));
  });
});
