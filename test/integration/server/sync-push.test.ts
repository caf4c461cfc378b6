// Push over HTTP: each mutation kind, every rejection code, idempotent retries, the rights matrix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { ReferenceServer } from '../../../server/index';
import type { Candidature, Session, Action, PreRegistration } from '../../../shared/protocol/entities';
import { addDays, parisDay } from '../../../shared/domain/calendar-date';
import { call, eos, mutation, person, pullAll, push, startTestServer, token } from './harness';

let server: ReferenceServer;
let manager: string;
let sessions: Session[];
let actions: Action[];
let candidatures: Candidature[];
const today = () => parisDay(server.clock.now());

function pendingIn(role: Session['orgRole']): Candidature[] {
  const ids = new Set(sessions.filter((s) => s.orgRole === role && s.status === 'PUBLISHED').map((s) => s.id));
  return candidatures.filter((c) => ids.has(c.sessionId) && c.state === 'EN_ATTENTE' && c.avisDeadline >= today());
}
const sessionOf = (c: Candidature) => sessions.find((s) => s.id === c.sessionId)!;
const retained = (c: Candidature) => ({ kind: 'RETENUE' as const, plannedEntry: addDays(today(), 10), plannedExit: addDays(today(), 90), _s: sessionOf(c) });

beforeAll(async () => {
  server = await startTestServer();
  manager = await token(server, 'manager@demo.test');
  const { pages } = await pullAll(server, manager, 'of-demo');
  sessions = pages.flatMap((p) => p.changes.sessions);
  actions = pages.flatMap((p) => p.changes.actions);
  candidatures = pages.flatMap((p) => p.changes.candidatures);
});
afterAll(() => server?.close());

function decisionFor(c: Candidature) {
  const { _s, ...d } = retained(c);
  void _s;
  return d;
}

describe('avis', () => {
  it('applies a retained avis once and replays the same result on retry', async () => {
    const c = pendingIn('RESPONSABLE')[0]!;
    const m = mutation({ kind: 'avis', payload: { candidatureId: c.id, decision: decisionFor(c) } });
    const first = await push(server, manager, 'of-demo', [m]);
    expect(first.status).toBe(200);
    const result = first.body.results[0]!;
    expect(result.status).toBe('applied');
    if (result.status !== 'applied') return;
    const row = result.changes.candidatures[0]!;
    expect(row).toMatchObject({ id: c.id, state: 'RETENUE', avisOn: today(), avisBy: 'Camille Etcheverry', version: c.version + 1 });

    const retry = await push(server, manager, 'of-demo', [m]);
    expect(retry.body.results[0]).toEqual(result);
    // Only one application: the version moved once.
    const again = await pullAll(server, manager, 'of-demo');
    const now = again.pages.flatMap((p) => p.changes.candidatures).find((x) => x.id === c.id)!;
    expect(now.version).toBe(c.version + 1);
  });

  it('a non-retained avis needs a justification unless the person is unreachable, and frees nothing twice', async () => {
    const [a, b] = pendingIn('POSITIONNEUR');
    const res = await push(server, manager, 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: a!.id, decision: { kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT', justification: '' } } }),
      mutation({ kind: 'avis', payload: { candidatureId: b!.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
    ]);
    expect(res.body.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(res.body.results[0]).toMatchObject({ code: 'INVALID' });
  });

  it('rejects ALREADY_DECIDED, NOT_FOUND, FORBIDDEN (formateur, catalogue profile) without blocking the batch', async () => {
    const decided = candidatures.find((c) => c.state === 'RETENUE' && sessionOf(c)?.orgRole === 'RESPONSABLE')!;
    const formateur = candidatures.find((c) => c.state === 'EN_ATTENTE' && sessionOf(c)?.orgRole === 'FORMATEUR')!;
    const ok = pendingIn('RESPONSABLE')[1]!;
    const res = await push(server, manager, 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: decided.id, decision: decisionFor(decided) } }),
      mutation({ kind: 'avis', payload: { candidatureId: 'cand-unknown', decision: decisionFor(decided) } }),
      mutation({ kind: 'avis', payload: { candidatureId: formateur.id, decision: decisionFor(formateur) } }),
      mutation({ kind: 'avis', payload: { candidatureId: ok.id, decision: decisionFor(ok) } }),
    ]);
    expect(res.body.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['ALREADY_DECIDED', 'NOT_FOUND', 'FORBIDDEN', 'applied']);
    for (const r of res.body.results) if (r.status === 'rejected') expect(r.message).toMatch(/[a-zé]/);

    const catalogue = await token(server, 'catalogue@demo.test');
    const next = pendingIn('RESPONSABLE')[2]!;
    const denied = await push(server, catalogue, 'of-demo', [mutation({ kind: 'avis', payload: { candidatureId: next.id, decision: decisionFor(next) } })]);
    expect(denied.body.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  });

  it('rejects DEADLINE_PASSED for a pending candidature past its deadline, SESSION_CANCELLED on a cancelled session', async () => {
    const c = pendingIn('RESPONSABLE')[3]!;
    const cancelled = candidatures.find((x) => sessionOf(x)?.status === 'CANCELLED' && sessionOf(x)?.orgRole !== 'FORMATEUR')!;
    const saved = server.clock.now();
    server.clock.set(`${addDays(c.avisDeadline, 1)}T10:00:00.000Z`);
    try {
      const res = await push(server, manager, 'of-demo', [
        mutation({ kind: 'avis', payload: { candidatureId: c.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
      ]);
      expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'DEADLINE_PASSED' });
    } finally {
      server.clock.set(saved);
    }
    const res2 = await push(server, manager, 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: cancelled.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
    ]);
    expect(res2.body.results[0]).toMatchObject({ status: 'rejected', code: 'SESSION_CANCELLED' });
  });

  it('a user of another structure cannot push to this one (404) nor reach its candidatures through its own', async () => {
    const partner = await token(server, 'prescripteur-n3@demo.test');
    const c = pendingIn('RESPONSABLE')[4]!;
    const cross = await push(server, partner, 'of-demo', [mutation({ kind: 'avis', payload: { candidatureId: c.id, decision: decisionFor(c) } })]);
    expect(cross.status).toBe(404);
    expect(cross.body).toMatchObject({ code: 'NOT_FOUND' });
    const own = await push(server, partner, 'presc-demo', [mutation({ kind: 'avis', payload: { candidatureId: c.id, decision: decisionFor(c) } })]);
    expect(own.body.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
  });
});

describe('action.enrich', () => {
  it('RESPONSABLE with a catalogue profile enriches; stale baseVersion is a VERSION_CONFLICT; others are FORBIDDEN', async () => {
    const responsibleIds = new Set(sessions.filter((s) => s.orgRole === 'RESPONSABLE').map((s) => s.actionId));
    const own = actions.find((a) => responsibleIds.has(a.id) && a.responsibleStructureName === 'Organisme Démo Formation')!;
    const foreign = actions.find((a) => a.responsibleStructureName !== 'Organisme Démo Formation')!;
    const catalogue = await token(server, 'catalogue@demo.test');
    const payload = { actionId: own.id, highlight: 'Stage de 3 semaines en mairie.', webLink: 'https://exemple.fr/formation' };
    const res = await push(server, catalogue, 'of-demo', [mutation({ kind: 'action.enrich', baseVersion: own.version, payload })]);
    expect(res.body.results[0]).toMatchObject({ status: 'applied' });
    const stale = await push(server, manager, 'of-demo', [mutation({ kind: 'action.enrich', baseVersion: own.version, payload: { ...payload, highlight: 'Autre' } })]);
    expect(stale.body.results[0]).toMatchObject({ status: 'rejected', code: 'VERSION_CONFLICT' });
    const other = await push(server, catalogue, 'of-demo', [mutation({ kind: 'action.enrich', baseVersion: foreign.version, payload: { ...payload, actionId: foreign.id } })]);
    expect(other.body.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    const preinscription = await token(server, 'preinscription@demo.test');
    const noProfile = await push(server, preinscription, 'of-demo', [mutation({ kind: 'action.enrich', baseVersion: null, payload })]);
    expect(noProfile.body.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  });

  it('refuses an invalid lien web at the edge with the field named', async () => {
    const res = await push(server, manager, 'of-demo', [
      mutation({ kind: 'action.enrich', payload: { actionId: actions[0]!.id, highlight: null, webLink: 'ftp://exemple.fr' } }),
    ]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION', field: 'mutations.0.payload.webLink' });
  });
});

describe('pre-registrations', () => {
  let n1: string;
  let n2: string;
  let n3: string;
  let openSession: Session;
  beforeAll(async () => {
    n1 = await token(server, 'prescripteur-n1@demo.test');
    n2 = await token(server, 'prescripteur-n2@demo.test');
    n3 = await token(server, 'prescripteur-n3@demo.test');
    const catalogue = await pullAll(server, n3, 'presc-demo');
    const all = catalogue.pages.flatMap((p) => p.changes.sessions);
    expect(all.every((s) => s.orgRole === null)).toBe(true);
    // A session with room left at its upcoming entry point: apply once to find out (a refusal would say complete).
    openSession = sessions.find((s) => s.status === 'PUBLISHED' && s.orgRole === 'RESPONSABLE' && !['ses-000003', 'ses-000005'].includes(s.id))!;
    const eps = catalogue.pages.flatMap((p) => p.changes.entryPoints).filter((e) => e.sessionId === openSession.id);
    // Give the session a fresh upcoming entry point with ample room, so capacity is not what this block tests.
    for (const e of eps) if (e.date > today()) await eos(server, 'DELETE', `/entry-points/${e.id}`);
    await eos(server, 'POST', `/sessions/${openSession.id}/entry-points`, { id: `${openSession.id}-big`, date: addDays(today(), 20), places: 500 });
  });

  const create = (sessionId: string, n: number) => {
    const id = uuidv7();
    return { id, m: mutation({ kind: 'preregistration.create', payload: { preRegistrationId: id, sessionId, candidate: person(n) } }) };
  };

  it('N1 creates but cannot validate; N3 validates it into a candidature the OF then sees', async () => {
    const { id, m } = create(openSession.id, 1);
    const created = await push(server, n1, 'presc-demo', [m]);
    expect(created.body.results[0]).toMatchObject({ status: 'applied' });
    const v1 = await push(server, n1, 'presc-demo', [mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: id } })]);
    expect(v1.body.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    const v3 = await push(server, n3, 'presc-demo', [mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: id } })]);
    const r = v3.body.results[0]!;
    expect(r.status).toBe('applied');
    if (r.status !== 'applied') return;
    const pre: PreRegistration = r.changes.preRegistrations[0]!;
    const cand = r.changes.candidatures[0]!;
    expect(pre).toMatchObject({ status: 'VALIDEE', candidatureId: cand.id });
    expect(cand).toMatchObject({ state: 'EN_ATTENTE', origin: 'PRESCRIPTEUR', prescriberStructureName: 'Mission Locale Démo Atlantique', createdOn: today() });
    const again = await push(server, n3, 'presc-demo', [mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: id } })]);
    expect(again.body.results[0]).toMatchObject({ status: 'rejected', code: 'ALREADY_DECIDED' });
    const del = await push(server, n3, 'presc-demo', [mutation({ kind: 'preregistration.delete', payload: { preRegistrationId: id } })]);
    expect(del.body.results[0]).toMatchObject({ status: 'rejected', code: 'ALREADY_DECIDED' });
  });

  it('N2 validates and deletes only its own; N3 deletes those of N1/N2; OF users cannot pre-register', async () => {
    const mine = create(openSession.id, 2);
    const theirs = create(openSession.id, 3);
    await push(server, n2, 'presc-demo', [mine.m]);
    await push(server, n1, 'presc-demo', [theirs.m]);
    const res = await push(server, n2, 'presc-demo', [
      mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: theirs.id } }),
      mutation({ kind: 'preregistration.delete', payload: { preRegistrationId: theirs.id } }),
      mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: mine.id } }),
    ]);
    expect(res.body.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['FORBIDDEN', 'FORBIDDEN', 'applied']);
    const del = await push(server, n3, 'presc-demo', [mutation({ kind: 'preregistration.delete', payload: { preRegistrationId: theirs.id } })]);
    expect(del.body.results[0]).toMatchObject({ status: 'applied', removed: { preRegistrations: [theirs.id] } });
    const gone = await push(server, n3, 'presc-demo', [mutation({ kind: 'preregistration.delete', payload: { preRegistrationId: theirs.id } })]);
    expect(gone.body.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });

    const ofCreate = create(openSession.id, 4);
    const denied = await push(server, manager, 'of-demo', [ofCreate.m]);
    expect(denied.body.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  });

  it('rejects pre-registration on a cancelled session, on a full one (CAPACITY_REACHED) and with no upcoming entry point', async () => {
    const cancelled = sessions.find((s) => s.status === 'CANCELLED')!;
    const onCancelled = create(cancelled.id, 5);
    const r1 = await push(server, n2, 'presc-demo', [onCancelled.m]);
    expect(r1.body.results[0]).toMatchObject({ status: 'rejected', code: 'SESSION_CANCELLED' });

    // A session of its own: one upcoming entry point with one place.
    await eos(server, 'PUT', '/sessions', { sessions: [{ ...sessionBody('ses-tiny', openSession.actionId), roles: [{ structureId: 'of-demo', role: 'RESPONSABLE' }] }] });
    const closed = create('ses-tiny', 6);
    await push(server, n2, 'presc-demo', [closed.m]);
    const noEntry = await push(server, n2, 'presc-demo', [mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: closed.id } })]);
    expect(noEntry.body.results[0]).toMatchObject({ status: 'rejected', code: 'APPLICATIONS_CLOSED' });

    await eos(server, 'POST', '/sessions/ses-tiny/entry-points', { id: 'ses-tiny-ep', date: addDays(today(), 5), places: 1 });
    const ok = await push(server, n2, 'presc-demo', [mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: closed.id } })]);
    expect(ok.body.results[0]).toMatchObject({ status: 'applied' });
    const late = create('ses-tiny', 7);
    await push(server, n2, 'presc-demo', [late.m]);
    const full = await push(server, n2, 'presc-demo', [mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: late.id } })]);
    expect(full.body.results[0]).toMatchObject({ status: 'rejected', code: 'CAPACITY_REACHED' });
    expect((full.body.results[0] as { message: string }).message).toContain('1/1');
  });

  it('a reused preRegistrationId is INVALID; a reused mutation id from another user is not replayed', async () => {
    const dup = create(openSession.id, 8);
    await push(server, n2, 'presc-demo', [dup.m]);
    const again = mutation({ kind: 'preregistration.create', payload: { preRegistrationId: dup.id, sessionId: openSession.id, candidate: person(9) } });
    const r = await push(server, n2, 'presc-demo', [again]);
    expect(r.body.results[0]).toMatchObject({ status: 'rejected', code: 'INVALID' });
    const stolen = await push(server, n3, 'presc-demo', [dup.m]);
    expect(stolen.body.results[0]).toMatchObject({ status: 'rejected', code: 'INVALID' });
  });
});

function sessionBody(id: string, actionId: string) {
  return {
    id, actionId, carifNumber: '00999001', publishedOn: '2025-01-02', marketStart: '2024-02-01', marketEnd: '2027-12-31',
    city: 'PAU', department: '64', trainingPlace: '2 place Royale, PAU', cpfEligible: true, fixedDates: true,
    contact: { name: 'Jeanne Test', email: null, phone: null }, disabilityReferent: null, status: 'PUBLISHED',
  };
}

describe('push boundaries', () => {
  it('needs a bearer token before anything, validates the body naming the field', async () => {
    const noAuth = await call(server, 'POST', '/structures/of-demo/mutations', { body: { clientId: uuidv7(), mutations: [] } });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const badKind = await call(server, 'POST', '/structures/of-demo/mutations', {
      token: manager,
      body: { clientId: uuidv7(), mutations: [{ id: uuidv7(), kind: 'avis', baseVersion: null, createdAt: new Date().toISOString(), payload: { candidatureId: 'x', decision: { kind: 'PEUT_ETRE' } } }] },
    });
    expect(badKind.status).toBe(400);
    expect(badKind.body).toMatchObject({ code: 'VALIDATION', field: 'mutations.0.payload.decision.kind' });
    const notV7 = await call(server, 'POST', '/structures/of-demo/mutations', {
      token: manager,
      body: { clientId: uuidv7(), mutations: [{ ...mutation({ kind: 'preregistration.delete', payload: { preRegistrationId: 'x' } }), id: '6f1c2e0e-3b1a-4c1e-9d2a-1a2b3c4d5e6f' }] },
    });
    expect(notV7.body).toMatchObject({ code: 'VALIDATION', field: 'mutations.0.id' });
  });
});

describe('authorisation matrix: profile × org role of the structure on the session', () => {
  // Expected outcomes written out from the guide (004 part 1, 000 profiles), not computed with the rule under test.
  const AVIS: Record<string, Record<'RESPONSABLE' | 'POSITIONNEUR' | 'FORMATEUR', 'applied' | 'FORBIDDEN'>> = {
    'manager@demo.test': { RESPONSABLE: 'applied', POSITIONNEUR: 'applied', FORMATEUR: 'FORBIDDEN' },
    'preinscription@demo.test': { RESPONSABLE: 'applied', POSITIONNEUR: 'applied', FORMATEUR: 'FORBIDDEN' },
    'catalogue@demo.test': { RESPONSABLE: 'FORBIDDEN', POSITIONNEUR: 'FORBIDDEN', FORMATEUR: 'FORBIDDEN' },
  };
  const ENRICH: Record<string, Record<'RESPONSABLE' | 'OTHER', 'applied' | 'FORBIDDEN'>> = {
    'manager@demo.test': { RESPONSABLE: 'applied', OTHER: 'FORBIDDEN' },
    'preinscription@demo.test': { RESPONSABLE: 'FORBIDDEN', OTHER: 'FORBIDDEN' },
    'catalogue@demo.test': { RESPONSABLE: 'applied', OTHER: 'FORBIDDEN' },
  };

  it('avis', async () => {
    const pools = {
      RESPONSABLE: pendingIn('RESPONSABLE').slice(-4),
      POSITIONNEUR: pendingIn('POSITIONNEUR').slice(-4),
      FORMATEUR: candidatures.filter((c) => c.state === 'EN_ATTENTE' && sessionOf(c)?.orgRole === 'FORMATEUR' && sessionOf(c)?.status === 'PUBLISHED').slice(-4),
    };
    for (const [email, row] of Object.entries(AVIS)) {
      const tok = await token(server, email);
      for (const [role, expected] of Object.entries(row) as [keyof typeof pools, string][]) {
        const c = pools[role].pop();
        expect(c, `${role} candidature available`).toBeDefined();
        const res = await push(server, tok, 'of-demo', [
          mutation({ kind: 'avis', payload: { candidatureId: c!.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
        ]);
        const r = res.body.results[0]!;
        expect(r.status === 'applied' ? 'applied' : r.code, `${email} on ${role}`).toBe(expected);
      }
    }
  });

  it('action.enrich', async () => {
    const demoActions = actions.filter((a) => a.responsibleStructureName === 'Organisme Démo Formation');
    const others = actions.filter((a) => a.responsibleStructureName !== 'Organisme Démo Formation');
    expect(others.length).toBeGreaterThan(0);
    for (const [email, row] of Object.entries(ENRICH)) {
      const tok = await token(server, email);
      for (const [kind, expected] of Object.entries(row)) {
        const a = kind === 'RESPONSABLE' ? demoActions.at(-1)! : others.at(-1)!;
        const res = await push(server, tok, 'of-demo', [mutation({ kind: 'action.enrich', payload: { actionId: a.id, highlight: `Par ${email}`, webLink: null } })]);
        const r = res.body.results[0]!;
        expect(r.status === 'applied' ? 'applied' : r.code, `${email} on ${kind}`).toBe(expected);
      }
    }
  });

  it('prescriber profiles give no avis and enrich nothing (no role on any session)', async () => {
    const n3 = await token(server, 'prescripteur-n3@demo.test');
    const c = pendingIn('RESPONSABLE').at(-6)!;
    const res = await push(server, n3, 'presc-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: c.id, decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } } }),
      mutation({ kind: 'action.enrich', payload: { actionId: actions[0]!.id, highlight: null, webLink: null } }),
    ]);
    // The candidature is not theirs to see (NOT_FOUND); the action is in their catalogue but not theirs (FORBIDDEN).
    expect(res.body.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['NOT_FOUND', 'FORBIDDEN']);
  });
});
