// The guide's worked examples through the API (counter and capacity via intake and validation), the deadline job,
// session cancellation, Cap Métiers' reopen, and the EOS feed's entry-point rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import type { Candidature } from '../../../shared/protocol/entities';
import { call, eos, mutation, person, pullAll, push, startTestServer, token } from './harness';

let server: ReferenceServer;
let manager: string;
let counter = 0;

const apply = (sessionId: string) => call<Candidature>(server, 'POST', `/sessions/${sessionId}/candidatures`, { body: { candidate: person(++counter) } });
const retain = (c: Candidature, entry: string, exit: string) =>
  mutation({ kind: 'avis', payload: { candidatureId: c.id, decision: { kind: 'RETENUE', plannedEntry: entry, plannedExit: exit } } });

function sessionBody(id: string) {
  return {
    id, actionId: 'act-guide', carifNumber: '00498943', publishedOn: '2024-01-15', marketStart: '2024-02-01', marketEnd: '2027-12-31',
    city: 'BAYONNE', department: '64', trainingPlace: '12 allées Paulmy, BAYONNE', cpfEligible: false, fixedDates: false,
    contact: { name: 'Maite Elissalde', email: 'contact@odf.exemple.fr', phone: null }, disabilityReferent: null, status: 'PUBLISHED',
    roles: [{ structureId: 'of-demo', role: 'RESPONSABLE' }],
  };
}

async function applyMany(sessionId: string, n: number): Promise<Candidature[]> {
  const out: Candidature[] = [];
  for (let i = 0; i < n; i++) {
    const r = await apply(sessionId);
    expect(r.status).toBe(201);
    out.push(r.body);
  }
  return out;
}

beforeAll(async () => {
  server = await startTestServer({ now: '2025-01-20T09:00:00.000Z' });
  manager = await token(server, 'manager@demo.test');
  const action = await eos(server, 'PUT', '/actions', {
    actions: [{
      id: 'act-guide', reference: '202404234195', type: 'SIMPLE', moduleCount: null, title: 'Formation Secrétaires de mairie remplaçants',
      financing: { financeur: 'Région Nouvelle-Aquitaine', marketNumber: '2024-017-HSP', dispositif: 'Habilitation de service public', mesure: 'HSP SOCLE' },
      responsibleStructureId: 'of-demo',
    }],
  });
  expect(action.status).toBe(200);
  expect((await eos(server, 'PUT', '/sessions', { sessions: [sessionBody('ses-guide'), sessionBody('ses-cancel')] })).status).toBe(200);
});
afterAll(() => server?.close());

describe("the guide's worked examples", () => {
  it('1–4: two entry points, a bis, the counter, a non-retained avis giving the place back', { timeout: 90_000 }, async () => {
    // Example 1: on 20/01/2025 EOS sends 03/03/2025 (15 places) and 15/09/2025 (12 places).
    expect((await eos(server, 'POST', '/sessions/ses-guide/entry-points', { id: 'ep-0303', date: '2025-03-03', places: 15 })).status).toBe(201);
    expect((await eos(server, 'POST', '/sessions/ses-guide/entry-points', { id: 'ep-0915', date: '2025-09-15', places: 12 })).status).toBe(201);
    const first = await applyMany('ses-guide', 15);
    expect(first.every((c) => c.state === 'EN_ATTENTE' && c.createdOn === '2025-01-20' && c.avisDeadline === '2025-03-06')).toBe(true);
    const sixteenth = await apply('ses-guide');
    expect(sixteenth.body.state).toBe('REFUS_SESSION_COMPLETE');

    // Example 4: a pending candidature set to "non retenue" gives its place back.
    const refuse = await push(server, manager, 'of-demo', [
      mutation({ kind: 'avis', payload: { candidatureId: first[0]!.id, decision: { kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT', justification: 'Attestation Pôle emploi manquante.' } } }),
    ]);
    expect(refuse.body.results[0]).toMatchObject({ status: 'applied' });
    expect((await apply('ses-guide')).body.state).toBe('EN_ATTENTE');
    expect((await apply('ses-guide')).body.state).toBe('REFUS_SESSION_COMPLETE');

    // The 15 pending are retained before 03/03: they count for that entry point, not the next.
    const pending = (await pullAll(server, manager, 'of-demo')).pages
      .flatMap((p) => p.changes.candidatures)
      .filter((c) => c.sessionId === 'ses-guide' && c.state === 'EN_ATTENTE');
    expect(pending).toHaveLength(15);
    const retained = await push(server, manager, 'of-demo', pending.map((c) => retain(c, '2025-03-03', '2025-06-30')));
    expect(retained.body.results.every((r) => r.status === 'applied')).toBe(true);

    // Example 3: on 04/03/2025 a bis entry point on 17/03/2025 with 5 places tops the intake up.
    server.clock.set('2025-03-04T09:00:00.000Z');
    expect((await eos(server, 'POST', '/sessions/ses-guide/entry-points', { id: 'ep-0317-bis', date: '2025-03-17', places: 5, bis: true })).status).toBe(201);
    const bis = await applyMany('ses-guide', 5);
    expect(bis.every((c) => c.state === 'EN_ATTENTE')).toBe(true);
    expect((await apply('ses-guide')).body.state).toBe('REFUS_SESSION_COMPLETE');
    await push(server, manager, 'of-demo', bis.map((c) => retain(c, '2025-03-17', '2025-07-31')));

    // Examples 1–2: from 18/03 the 15/09 entry point takes 12; at 9/12, exactly 3 more are possible.
    server.clock.set('2025-03-18T09:00:00.000Z');
    const nine = await applyMany('ses-guide', 9);
    expect(nine.every((c) => c.state === 'EN_ATTENTE')).toBe(true);
    const three = await applyMany('ses-guide', 3);
    expect(three.map((c) => c.state)).toEqual(['EN_ATTENTE', 'EN_ATTENTE', 'EN_ATTENTE']);
    expect((await apply('ses-guide')).body.state).toBe('REFUS_SESSION_COMPLETE');

    // A prescripteur validating for a full entry point is rejected, not recorded.
    const n2 = await token(server, 'prescripteur-n2@demo.test');
    const preId = '0190a0f0-0000-7000-8000-00000000a001';
    await push(server, n2, 'presc-demo', [mutation({ kind: 'preregistration.create', payload: { preRegistrationId: preId, sessionId: 'ses-guide', candidate: person(999) } })]);
    const validated = await push(server, n2, 'presc-demo', [mutation({ kind: 'preregistration.validate', payload: { preRegistrationId: preId } })]);
    expect(validated.body.results[0]).toMatchObject({ status: 'rejected', code: 'CAPACITY_REACHED' });
  });

  it('the deadline job turns pending candidatures past their deadline into avis non transmis, once', async () => {
    server.clock.set('2025-05-02T09:00:00.000Z'); // deadline of 18/03 candidatures: 02/05 — not yet passed
    const before = await pullAll(server, manager, 'of-demo');
    const mine = before.pages.flatMap((p) => p.changes.candidatures).filter((c) => c.sessionId === 'ses-guide' && c.state === 'EN_ATTENTE');
    expect(mine).toHaveLength(12);
    expect(mine.every((c) => c.avisDeadline === '2025-05-02')).toBe(true);
    await server.runDeadlineJob();
    server.clock.set('2025-05-03T09:00:00.000Z');
    const changed = await server.runDeadlineJob();
    expect(changed).toBeGreaterThanOrEqual(12);
    expect(await server.runDeadlineJob()).toBe(0);
    const after = await pullAll(server, manager, 'of-demo', before.cursor);
    const states = after.pages.flatMap((p) => p.changes.candidatures).filter((c) => mine.some((m) => m.id === c.id));
    expect(states.map((c) => c.state)).toEqual(mine.map(() => 'AVIS_NON_TRANSMIS'));
  });
});

describe('session cancellation', () => {
  it('refuses every pending candidature, keeps decided ones, and closes applications and avis', async () => {
    server.clock.set('2025-05-05T09:00:00.000Z');
    await eos(server, 'POST', '/sessions/ses-cancel/entry-points', { id: 'ep-cancel', date: '2025-06-02', places: 10 });
    const cands = await applyMany('ses-cancel', 4);
    await push(server, manager, 'of-demo', [retain(cands[0]!, '2025-06-02', '2025-09-30')]);
    const res = await eos(server, 'POST', '/sessions/ses-cancel/cancel');
    expect(res).toMatchObject({ status: 200, body: { refused: 3 } });
    const rows = (await pullAll(server, manager, 'of-demo')).pages;
    const session = rows.flatMap((p) => p.changes.sessions).find((s) => s.id === 'ses-cancel')!;
    expect(session.status).toBe('CANCELLED');
    const states = rows.flatMap((p) => p.changes.candidatures).filter((c) => c.sessionId === 'ses-cancel').map((c) => c.state).sort();
    expect(states).toEqual(['REFUS_SESSION_ANNULEE', 'REFUS_SESSION_ANNULEE', 'REFUS_SESSION_ANNULEE', 'RETENUE']);
    const late = await apply('ses-cancel');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'CONFLICT' });
    expect((await eos(server, 'POST', '/sessions/ses-inconnue/cancel')).status).toBe(404);
  });
});

describe('Cap Métiers: reopen a non-retained candidature', () => {
  it('only an admin, only from NON_RETENUE, with valid planned dates', async () => {
    const admin = await token(server, 'admin@capmetiers.test');
    const all = (await pullAll(server, manager, 'of-demo')).pages.flatMap((p) => p.changes.candidatures);
    const nonRetained = all.find((c) => c.state === 'NON_RETENUE')!;
    const retained = all.find((c) => c.state === 'RETENUE')!;
    const body = { plannedEntry: '2025-06-02', plannedExit: '2025-10-31' };
    const byManager = await call(server, 'POST', `/admin/candidatures/${nonRetained.id}/reopen`, { token: manager, body });
    expect(byManager.status).toBe(403);
    const badDates = await call(server, 'POST', `/admin/candidatures/${nonRetained.id}/reopen`, { token: admin, body: { plannedEntry: '2025-06-02', plannedExit: '2025-06-01' } });
    expect(badDates).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'plannedExit' } });
    const ok = await call<Candidature>(server, 'POST', `/admin/candidatures/${nonRetained.id}/reopen`, { token: admin, body });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: nonRetained.id, state: 'RETENUE', retained: body, nonRetained: null });
    const again = await call(server, 'POST', `/admin/candidatures/${retained.id}/reopen`, { token: admin, body });
    expect(again.status).toBe(409);
    expect((await call(server, 'POST', '/admin/candidatures/inconnue/reopen', { token: admin, body })).status).toBe(404);
  });
});

describe('EOS feed', () => {
  it('needs its API key and validates bodies naming the field', async () => {
    expect((await call(server, 'PUT', '/eos/actions', { body: { actions: [] } })).status).toBe(401);
    expect((await call(server, 'PUT', '/eos/actions', { body: { actions: [] }, headers: { 'x-api-key': 'faux' } })).status).toBe(401);
    const bad = await eos(server, 'POST', '/sessions/ses-guide/entry-points', { id: 'ep-x', date: '2025-13-01', places: 3 });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'date' } });
    const unknownStructure = await eos(server, 'PUT', '/sessions', { sessions: [{ ...sessionBody('ses-x'), roles: [{ structureId: 'nope', role: 'FORMATEUR' }] }] });
    expect(unknownStructure).toMatchObject({ status: 400, body: { field: 'sessions.roles.structureId' } });
  });

  it('deletes an entry point only before its date, sends the removal, and refuses a duplicate id', async () => {
    server.clock.set('2025-05-05T09:00:00.000Z');
    const { cursor } = await pullAll(server, manager, 'of-demo');
    await eos(server, 'POST', '/sessions/ses-guide/entry-points', { id: 'ep-later', date: '2025-11-03', places: 8 });
    expect((await eos(server, 'POST', '/sessions/ses-guide/entry-points', { id: 'ep-later', date: '2025-11-04', places: 8 })).status).toBe(409);
    expect((await eos(server, 'DELETE', '/entry-points/ep-0303')).status).toBe(409); // its date has passed
    expect((await eos(server, 'DELETE', '/entry-points/ep-later')).status).toBe(204);
    expect((await eos(server, 'DELETE', '/entry-points/ep-later')).status).toBe(404);
    const after = await pullAll(server, manager, 'of-demo', cursor);
    expect(after.pages.flatMap((p) => p.removed.entryPoints)).toContain('ep-later');
  });

  it('upserts an action and bumps its version; the OF pulls the change', async () => {
    const { cursor } = await pullAll(server, manager, 'of-demo');
    const res = await eos(server, 'PUT', '/actions', {
      actions: [{
        id: 'act-guide', reference: '202404234195', type: 'MODULAIRE', moduleCount: 3, title: 'Formation Secrétaires de mairie remplaçants',
        financing: { financeur: 'Région Nouvelle-Aquitaine', marketNumber: '2024-017-HSP', dispositif: 'Habilitation de service public', mesure: 'PRF' },
        responsibleStructureId: 'of-demo',
      }],
    });
    expect(res.status).toBe(200);
    const after = await pullAll(server, manager, 'of-demo', cursor);
    const action = after.pages.flatMap((p) => p.changes.actions).find((a) => a.id === 'act-guide')!;
    expect(action).toMatchObject({ type: 'MODULAIRE', moduleCount: 3, version: 2, responsibleStructureName: 'Organisme Démo Formation' });
  });

  it('an action handed to another structure is removed for the former one when nothing else shows it', async () => {
    const base = {
      id: 'act-orphan', reference: '202400000001', type: 'SIMPLE', moduleCount: null, title: 'Remise à niveau – Français langue étrangère',
      financing: { financeur: 'Région Nouvelle-Aquitaine', marketNumber: '2024-099-HSP', dispositif: 'Habilitation de service public', mesure: 'HSP SOCLE' },
    };
    expect((await eos(server, 'PUT', '/actions', { actions: [{ ...base, responsibleStructureId: 'of-demo' }] })).status).toBe(200);
    const { pages, cursor } = await pullAll(server, manager, 'of-demo');
    expect(pages.flatMap((p) => p.changes.actions).some((a) => a.id === 'act-orphan')).toBe(true);
    expect((await eos(server, 'PUT', '/actions', { actions: [{ ...base, responsibleStructureId: 'of-pyrenees' }] })).status).toBe(200);
    const after = await pullAll(server, manager, 'of-demo', cursor);
    expect(after.pages.flatMap((p) => p.removed.actions)).toEqual(['act-orphan']);
    const multi = await token(server, 'multi@demo.test');
    const partner = (await pullAll(server, multi, 'of-pyrenees')).pages.flatMap((p) => p.changes.actions).find((a) => a.id === 'act-orphan');
    expect(partner?.responsibleStructureName).toBe('Centre de Formation des Pyrénées');
  });
});
