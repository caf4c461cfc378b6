// Each kind of server refusal reaches the user as a conflict: the server's code and French message, the overlay
// undone (the list shows the server's truth again), and the conflict resolvable. The mutations queued behind a
// rejected one still go through.
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { login, token, push, mutation, eos, call, person, pullAll } from '../server/harness';
import { daysBetween, parisDay } from '../../../shared/domain/calendar-date';
import { useReferenceServer, serverCandidatures, startSignedIn, decidable, UNREACHABLE, type CoreUnderTest } from './core-harness';

const OF = 'of-demo';
const ref = useReferenceServer();
let t: CoreUnderTest;

afterEach(async () => t?.dispose());

async function signedInCore(email = 'manager@demo.test') {
  t = await startSignedIn(ref.server, email);
  return t;
}

const serverCandidature = async (id: string) => (await serverCandidatures(ref.server, OF)).get(id)!;

describe('conflicts from the server', () => {
  it('already decided by another manager: ALREADY_DECIDED, overlay undone, the next avis still applied', { timeout: 60_000 }, async () => {
    await signedInCore();
    const [taken, free] = await decidable(t, 2);
    const other = await login(ref.server, 'manager2@demo.test');
    const c = await serverCandidature(taken!.id);
    // « Personne injoignable » needs no dates, so the other manager's decision applies whatever the session's market.
    const direct = await push(ref.server, other.token, OF, [mutation({ kind: 'avis', baseVersion: c.version, payload: { candidatureId: c.id, decision: UNREACHABLE } })]);
    expect(direct.body.results[0]?.status).toBe('applied');

    await t.call('avis.give', { candidatureId: taken!.id, decision: UNREACHABLE });
    await t.call('avis.give', { candidatureId: free!.id, decision: UNREACHABLE });
    expect((await t.call('candidatures.get', { id: taken!.id })).pending).not.toBeNull();
    const status = await t.core.syncNow();

    expect(status.pendingCount).toBe(0);
    expect(status.conflictCount).toBe(1);
    const [conflict] = await t.call('conflicts.list', {});
    expect(conflict).toMatchObject({ code: 'ALREADY_DECIDED', canResubmit: false });
    expect(conflict!.message.length).toBeGreaterThan(10);
    expect(t.eventsOf('conflicts.added').flatMap((e) => e.conflicts.map((x) => x.id))).toContain(conflict!.id);
    // The server's decision shows, not ours; the one behind it was applied.
    const shown = await t.call('candidatures.get', { id: taken!.id });
    expect(shown.pending).toBeNull();
    expect(shown.candidature.avisBy).toContain('Lacoste');
    expect((await serverCandidature(free!.id)).state).toBe('NON_RETENUE');
    const listed = await t.call('candidatures.list', { filters: { search: taken!.name.split(' ')[0] }, sort: { field: 'createdOn', direction: 'desc' }, offset: 0, limit: 50 });
    expect(listed.rows.find((r) => r.id === taken!.id)?.conflicted).toBe(true);

    await expect(t.call('conflicts.resubmit', { conflictId: conflict!.id })).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    await t.call('conflicts.discard', { conflictId: conflict!.id });
    expect(await t.call('conflicts.list', {})).toEqual([]);
  });

  it('rights removed by the référent: FORBIDDEN', { timeout: 60_000 }, async () => {
    await signedInCore('manager2@demo.test');
    const [target] = await decidable(t, 1);
    const referent = await token(ref.server, 'manager@demo.test');
    const members = await call<{ members: { userId: string; email: string }[] }>(ref.server, 'GET', `/structures/${OF}/members`, { token: referent });
    const manager2 = members.body.members.find((m) => m.email === 'manager2@demo.test')!;
    const changed = await call(ref.server, 'PUT', `/structures/${OF}/members/${manager2.userId}/profile`, { token: referent, body: { profile: 'OF_CATALOGUE' } });
    expect(changed.status).toBe(200);
    // The other tests of this file share the server: manager2 gets the profile back whatever happens here.
    onTestFinished(async () => {
      await call(ref.server, 'PUT', `/structures/${OF}/members/${manager2.userId}/profile`, { token: referent, body: { profile: 'OF_GENERAL' } });
    });
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE }); // local rights are still the old ones
    await t.core.syncNow();
    const [conflict] = await t.call('conflicts.list', {});
    expect(conflict?.code).toBe('FORBIDDEN');
    // A catalogue profile receives no candidate data: the candidature has left this machine, the conflict stays.
    await expect(t.call('candidatures.get', { id: target!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('session cancelled through the EOS feed: SESSION_CANCELLED, and the pull shows the refusal', { timeout: 60_000 }, async () => {
    await signedInCore();
    const [target] = await decidable(t, 1);
    await t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE });
    const cancelled = await eos(ref.server, 'POST', `/sessions/${target!.sessionId}/cancel`);
    expect(cancelled.status).toBe(200);
    await t.core.syncNow();
    const [conflict] = await t.call('conflicts.list', {});
    expect(conflict?.code).toBe('SESSION_CANCELLED');
    const shown = await t.call('candidatures.get', { id: target!.id });
    expect(shown.candidature.state).toBe('REFUS_SESSION_ANNULEE');
    expect(shown.session.status).toBe('CANCELLED');
    // The form does not open any more, and the panel says why in a sentence; the command refuses too.
    expect(shown.canGiveAvis).toMatchObject({ allowed: false, reason: { key: 'rule', params: { code: 'SESSION_CANCELLED', message: expect.stringMatching(/annulée/) } } });
    await expect(t.call('avis.give', { candidatureId: target!.id, decision: UNREACHABLE })).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
  });

  it('capacity reached by other applicants before a prescriber validation arrives: CAPACITY_REACHED', { timeout: 90_000 }, async () => {
    await signedInCore('prescripteur-n2@demo.test');
    const sessions = await t.call('sessions.list', { filters: {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: 200 });
    // A published session with an upcoming entry point; the prescriber's local counter knows nothing of others.
    const session = sessions.rows.find((s) => s.status === 'PUBLISHED' && s.counter && s.deadline)!;
    expect(session).toBeDefined();
    await t.call('preRegistrations.create', { sessionId: session.id, candidate: person(9001) });
    await t.core.syncNow();
    const [pre] = await t.call('preRegistrations.list', {});
    expect(pre).toMatchObject({ pending: false, preRegistration: { status: 'BROUILLON' } });

    // Candidates apply directly: `places` pending applications fill the upcoming entry point whatever it held, so the
    // one after them is recorded as refused (session complète).
    const states: string[] = [];
    for (let n = 0; n <= session.counter!.places; n++) {
      const applied = await call<{ state: string }>(ref.server, 'POST', `/sessions/${session.id}/candidatures`, { body: { candidate: person(9100 + n) } });
      expect(applied.status).toBe(201);
      states.push(applied.body.state);
    }
    expect(states.at(-1)).toBe('REFUS_SESSION_COMPLETE');
    await t.call('preRegistrations.validate', { preRegistrationId: pre!.preRegistration.id });
    expect((await t.call('preRegistrations.list', {}))[0]).toMatchObject({ pending: true, preRegistration: { status: 'VALIDEE' } });
    await t.core.syncNow();
    const [conflict] = await t.call('conflicts.list', {});
    expect(conflict?.code).toBe('CAPACITY_REACHED');
    expect((await t.call('preRegistrations.list', {}))[0]).toMatchObject({ pending: false, preRegistration: { status: 'BROUILLON' } });
  });

  it('an enrichment made stale by someone else: VERSION_CONFLICT, then resubmitted edited and applied', { timeout: 60_000 }, async () => {
    await signedInCore('catalogue@demo.test');
    const sessions = await t.call('sessions.list', { filters: { roles: ['RESPONSABLE'] }, sort: { field: 'actionTitle', direction: 'desc' }, offset: 0, limit: 1 });
    const { action } = await t.call('sessions.get', { id: sessions.rows[0]!.id });
    t.proxy.mode = 'offline';
    await t.call('actions.enrich', { actionId: action.id, highlight: 'Version hors connexion', webLink: null });
    const other = await login(ref.server, 'manager@demo.test');
    const direct = await push(ref.server, other.token, OF, [mutation({ kind: 'action.enrich', baseVersion: action.version, payload: { actionId: action.id, highlight: 'Version du bureau', webLink: null } })]);
    expect(direct.body.results[0]?.status).toBe('applied');

    t.proxy.mode = 'online';
    await t.core.syncNow();
    const [conflict] = await t.call('conflicts.list', {});
    expect(conflict).toMatchObject({ code: 'VERSION_CONFLICT', canResubmit: true });
    expect((await t.call('sessions.get', { id: sessions.rows[0]!.id })).action.highlight).toBe('Version du bureau');

    await t.call('conflicts.resubmit', { conflictId: conflict!.id, enrich: { actionId: action.id, highlight: 'Version relue et fusionnée', webLink: null } });
    expect(await t.call('conflicts.list', {})).toEqual([]);
    expect((await t.core.syncNow())).toMatchObject({ pendingCount: 0, conflictCount: 0 });
    const { pages } = await pullAll(ref.server, other.token, OF);
    expect(pages.flatMap((p) => p.changes.actions).filter((a) => a.id === action.id).at(-1)?.highlight).toBe('Version relue et fusionnée');
  });

  // Last: it moves the server's clock.
  it('deadline passed before the push arrives: DEADLINE_PASSED', { timeout: 60_000 }, async () => {
    await signedInCore();
    const today = parisDay(ref.server.clock.now());
    const rows = await t.call('candidatures.list', { filters: { states: ['EN_ATTENTE'], roles: ['RESPONSABLE'] }, sort: { field: 'avisDeadline', direction: 'asc' }, offset: 0, limit: 50 });
    const target = rows.rows.find((r) => r.avisDeadline >= today)!;
    await t.call('avis.give', { candidatureId: target.id, decision: UNREACHABLE });
    ref.server.clock.advanceDays(daysBetween(today, target.avisDeadline) + 1);
    await t.core.syncNow();
    const [conflict] = await t.call('conflicts.list', {});
    expect(conflict?.code).toBe('DEADLINE_PASSED');
    // Once the server's deadline job has run, the pull brings the new state.
    await ref.server.runDeadlineJob();
    await t.core.syncNow();
    expect((await t.call('candidatures.get', { id: target.id })).candidature.state).toBe('AVIS_NON_TRANSMIS');
  });
});
