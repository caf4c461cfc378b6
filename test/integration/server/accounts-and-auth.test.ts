// Sign-in, tokens, boundaries (body limit, error shape, OpenAPI) and the accounts / référent tools of seed 000.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { ReferenceServer } from '../../../server/index';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../server/demo/demo-accounts';
import type { LoginResponse } from '../../../shared/protocol/sync';
import type { Member, MembershipRequest } from '../../../shared/protocol/accounts';
import { isValidSiret } from '../../../shared/domain/siret';
import { call, login, startTestServer, token } from './harness';

let server: ReferenceServer;
let referent: string;

beforeAll(async () => {
  server = await startTestServer();
  referent = await token(server, 'manager@demo.test');
});
afterAll(() => server?.close());

describe('sign-in', () => {
  it('every demo account signs in with the demo password and gets its memberships', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const r = await call<LoginResponse>(server, 'POST', '/auth/login', { body: { email: account.email.toUpperCase(), password: DEMO_PASSWORD } });
      expect(r.status, account.email).toBe(200);
      expect(r.body.memberships.map((m) => m.structure.id).sort()).toEqual(account.memberships.map((m) => m.structureId).sort());
    }
    const me = await login(server, 'manager@demo.test');
    expect(me.memberships[0]).toMatchObject({ profile: 'OF_GENERAL', referent: true, structure: { name: 'Organisme Démo Formation', kind: 'ORGANISME_FORMATION' } });
    expect(isValidSiret(me.memberships[0]!.structure.siret)).toBe(true);
  });

  it('a wrong password or unknown e-mail is 401 with the same message; a malformed body is a 400 naming the field', async () => {
    const wrong = await call(server, 'POST', '/auth/login', { body: { email: 'manager@demo.test', password: 'nope' } });
    const unknown = await call(server, 'POST', '/auth/login', { body: { email: 'personne@demo.test', password: 'nope' } });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(unknown.body).toEqual(wrong.body);
    const missing = await call(server, 'POST', '/auth/login', { body: { email: 'manager@demo.test' } });
    expect(missing).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'password' } });
    const notJson = await call(server, 'POST', '/auth/login', { rawBody: '{"email":' });
    expect(notJson).toMatchObject({ status: 400, body: { code: 'VALIDATION' } });
  });

  it('/auth/me answers with the token; logout revokes it', async () => {
    const t = await token(server, 'catalogue@demo.test');
    expect((await call(server, 'GET', '/auth/me', { token: t })).status).toBe(200);
    expect((await call(server, 'POST', '/auth/logout', { token: t })).status).toBe(204);
    const after = await call(server, 'GET', '/auth/me', { token: t });
    expect(after).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect((await call(server, 'GET', '/auth/me', { token: 'pas-un-jeton' })).status).toBe(401);
  });

  it('login is rate-limited (429, RATE_LIMITED) and tokens expire', async () => {
    const limited = await startTestServer({ loginRateLimit: { max: 3, timeWindow: '1 minute' }, tokenTtlHours: 1 / 3600 });
    try {
      const attempt = () => call(limited, 'POST', '/auth/login', { body: { email: 'manager2@demo.test', password: 'mauvais' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      expect(await attempt()).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
      const t = (await login(limited, 'manager@demo.test')).token;
      expect((await call(limited, 'GET', '/auth/me', { token: t })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect((await call(limited, 'GET', '/auth/me', { token: t })).status).toBe(401);
    } finally {
      await limited.close();
    }
  }, 90_000); // starts a second server
});

describe('boundaries', () => {
  it('unknown routes, oversized bodies and every error carry the ApiError shape', async () => {
    expect(await call(server, 'GET', '/nulle-part', { token: referent })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const huge = await call(server, 'POST', '/auth/login', { rawBody: JSON.stringify({ email: 'a@b.fr', password: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('serves an OpenAPI document listing the routes', async () => {
    const doc = await call<{ openapi: string; paths: Record<string, Record<string, { security?: unknown }>> }>(server, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/auth/login', '/api/v1/structures/{structureId}/changes', '/api/v1/structures/{structureId}/mutations', '/api/v1/eos/sessions', '/api/v1/accounts/requests']) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.paths['/api/v1/structures/{structureId}/changes']!.get!.security).toEqual([{ bearer: [] }]);
    expect(doc.body.paths['/api/v1/eos/sessions']!.put!.security).toEqual([{ eosApiKey: [] }]);
    expect(doc.body.paths['/api/v1/auth/login']!.post!.security).toEqual([]);
  });
});

describe('accounts and référent tools', () => {
  it('searches structures by name, acronym or SIRET (public)', async () => {
    const byName = await call<{ structures: { id: string; siret: string }[] }>(server, 'GET', `/structures/search?q=${encodeURIComponent('démo formation')}`);
    expect(byName.body.structures.map((s) => s.id)).toContain('of-demo');
    const byAcronym = await call<{ structures: { id: string; siret: string }[] }>(server, 'GET', '/structures/search?q=MLDA');
    expect(byAcronym.body.structures.map((s) => s.id)).toEqual(['presc-demo']);
    const siret = byName.body.structures.find((s) => s.id === 'of-demo')!.siret;
    const bySiret = await call<{ structures: { id: string }[] }>(server, 'GET', `/structures/search?q=${siret.slice(0, 3)}%20${siret.slice(3, 9)}`);
    expect(bySiret.body.structures.map((s) => s.id)).toContain('of-demo');
    // Structures awaiting Cap Métiers are not offered.
    expect((await call<{ structures: unknown[] }>(server, 'GET', '/structures/search?q=Landais')).body.structures).toEqual([]);
    expect(await call(server, 'GET', '/structures/search?q=a')).toMatchObject({ status: 400, body: { field: 'q' } });
  });

  it('an account request for an existing structure waits for its référent, who accepts it with a profile', async () => {
    const body = { email: 'recrue@demo.test', password: 'motdepasse1', firstName: 'Anne', lastName: 'Recrue', phone: null, structureId: 'of-demo', newStructure: null };
    const created = await call<{ requestId: string; reviewer: string }>(server, 'POST', '/accounts/requests', { body });
    expect(created).toMatchObject({ status: 201, body: { reviewer: 'REFERENT', status: 'EN_ATTENTE' } });
    // Asking again answers the same (an existing e-mail is never revealed) and creates nothing more.
    expect(await call(server, 'POST', '/accounts/requests', { body })).toMatchObject({ status: 201, body: { reviewer: 'REFERENT', status: 'EN_ATTENTE' } });
    // Not yet validated: cannot sign in.
    expect((await call(server, 'POST', '/auth/login', { body: { email: 'recrue@demo.test', password: 'motdepasse1' } })).status).toBe(401);

    const requests = await call<{ requests: MembershipRequest[] }>(server, 'GET', '/structures/of-demo/requests', { token: referent });
    expect(requests.body.requests.map((r) => r.email)).toEqual(expect.arrayContaining(['recrue@demo.test', 'nouvelle.recrue@demo.test', 'formateur.associe@demo.test']));
    const decision = await call(server, 'POST', `/structures/of-demo/requests/${created.body.requestId}/decision`, { token: referent, body: { accept: true, profile: 'OF_PREINSCRIPTION' } });
    expect(decision.status).toBe(204);
    expect((await call(server, 'POST', `/structures/of-demo/requests/${created.body.requestId}/decision`, { token: referent, body: { accept: true, profile: null } })).status).toBe(409);
    const signedIn = await login(server, 'recrue@demo.test', 'motdepasse1');
    expect(signedIn.memberships[0]).toMatchObject({ profile: 'OF_PREINSCRIPTION', referent: false, structure: { id: 'of-demo' } });
  });

  it('a non-référent cannot use référent tools; a référent of A reaches nothing of B', async () => {
    const manager2 = await token(server, 'manager2@demo.test');
    expect(await call(server, 'GET', '/structures/of-demo/members', { token: manager2 })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await call(server, 'GET', '/structures/of-demo/requests', { token: manager2 })).status).toBe(403);
    expect((await call(server, 'GET', '/structures/presc-demo/members', { token: referent })).status).toBe(404);
    expect((await call(server, 'GET', '/structures/presc-demo/members.csv', { token: referent })).status).toBe(404);
    // A request of another structure cannot be decided by guessing its id.
    expect((await call(server, 'POST', '/structures/of-demo/requests/req-0004/decision', { token: referent, body: { accept: true, profile: null } })).status).toBe(404);
  });

  it('lists members with star and suitcase, sets one profile per user, never detaches oneself, exports CSV', async () => {
    const members = await call<{ members: Member[] }>(server, 'GET', '/structures/of-demo/members', { token: referent });
    const me = members.body.members.find((m) => m.email === 'manager@demo.test')!;
    expect(me).toMatchObject({ referent: true, employer: true, hasRights: true, profile: 'OF_GENERAL' });
    const catalogue = members.body.members.find((m) => m.email === 'catalogue@demo.test')!;
    const set = await call<Member>(server, 'PUT', `/structures/of-demo/members/${catalogue.userId}/profile`, { token: referent, body: { profile: 'OF_GENERAL' } });
    expect(set.body).toMatchObject({ profile: 'OF_GENERAL', hasRights: true });
    const none = await call<Member>(server, 'PUT', `/structures/of-demo/members/${catalogue.userId}/profile`, { token: referent, body: { profile: null } });
    expect(none.body).toMatchObject({ profile: null, hasRights: false });
    expect((await call(server, 'PUT', `/structures/of-demo/members/${catalogue.userId}/profile`, { token: referent, body: { profile: 'CHEF' } })).body).toMatchObject({ field: 'profile' });
    const wrongKind = await call(server, 'PUT', `/structures/of-demo/members/${catalogue.userId}/profile`, { token: referent, body: { profile: 'PRESCRIPTEUR_N3' } });
    expect(wrongKind).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'profile' } });
    const self = await call(server, 'DELETE', `/structures/of-demo/members/${me.userId}`, { token: referent });
    expect(self).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    const csv = await call(server, 'GET', '/structures/of-demo/members.csv', { token: referent });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, so Excel reads the accents
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<Record<string, string>>(csv.text.slice(1), { header: true, delimiter: ';', skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(['Nom', 'Prénom', 'E-mail', 'Téléphone', 'Profil', 'Référent(e)', 'Employeur']);
    expect(parsed.data.find((r) => r['E-mail'] === 'manager@demo.test')).toMatchObject({ Profil: 'Général', 'Référent(e)': 'Oui' });
    expect(parsed.data.find((r) => r['E-mail'] === 'catalogue@demo.test')).toMatchObject({ Profil: 'Aucun droit' });
  });

  it('mon compte: phone freely, e-mail and password only with the current password', async () => {
    const t = await token(server, 'preinscription@demo.test');
    const phone = await call<{ user: { phone: string } }>(server, 'PATCH', '/me', { token: t, body: { phone: '05 59 00 00 00' } });
    expect(phone.body.user.phone).toBe('05 59 00 00 00');
    expect((await call(server, 'PATCH', '/me', { token: t, body: { newPassword: 'nouveau-secret' } })).body).toMatchObject({ code: 'VALIDATION', field: 'currentPassword' });
    expect((await call(server, 'PATCH', '/me', { token: t, body: { newPassword: 'nouveau-secret', currentPassword: 'faux' } })).body).toMatchObject({ code: 'FORBIDDEN', field: 'currentPassword' });
    expect((await call(server, 'PATCH', '/me', { token: t, body: { email: 'manager@demo.test', currentPassword: 'demo' } })).body).toMatchObject({ code: 'CONFLICT', field: 'email' });
    expect((await call(server, 'PATCH', '/me', { token: t, body: { newPassword: 'nouveau-secret', currentPassword: 'demo' } })).status).toBe(200);
    await login(server, 'preinscription@demo.test', 'nouveau-secret');
  });

  it('affiliation: asks to join another structure; its référent accepts; duplicates are refused', async () => {
    const t = await token(server, 'prescripteur-n1@demo.test');
    const asked = await call<{ requestId: string }>(server, 'POST', '/me/affiliations', { token: t, body: { structureId: 'of-pyrenees' } });
    expect(asked.status).toBe(201);
    expect((await call(server, 'POST', '/me/affiliations', { token: t, body: { structureId: 'of-pyrenees' } })).status).toBe(409);
    expect((await call(server, 'POST', '/me/affiliations', { token: t, body: { structureId: 'presc-demo' } })).status).toBe(409);
    expect((await call(server, 'POST', '/me/affiliations', { token: t, body: { structureId: 'inconnue' } })).status).toBe(404);
    const pyreneesReferent = await token(server, 'multi@demo.test');
    expect((await call(server, 'POST', `/structures/of-pyrenees/requests/${asked.body.requestId}/decision`, { token: pyreneesReferent, body: { accept: true, profile: 'OF_CATALOGUE' } })).status).toBe(204);
    const me = await login(server, 'prescripteur-n1@demo.test');
    expect(me.memberships.map((m) => m.structure.id).sort()).toEqual(['of-pyrenees', 'presc-demo']);
  });

  it('the first account of a new structure waits for Cap Métiers and becomes its référent', async () => {
    const body = {
      email: 'directrice@of-neuf.test', password: 'motdepasse1', firstName: 'Maialen', lastName: 'Neuf', phone: null, structureId: null,
      newStructure: { siret: '73282932000074', name: 'OF Neuf des Landes', acronym: null, kind: 'ORGANISME_FORMATION', city: 'DAX' },
    };
    expect((await call(server, 'POST', '/accounts/requests', { body: { ...body, newStructure: { ...body.newStructure, siret: '73282932000075' } } })).body).toMatchObject({ field: 'newStructure.siret' });
    expect((await call(server, 'POST', '/accounts/requests', { body: { ...body, newStructure: null } })).body).toMatchObject({ field: 'structureId' });
    const created = await call<{ requestId: string; reviewer: string }>(server, 'POST', '/accounts/requests', { body });
    expect(created.body.reviewer).toBe('CAP_METIERS');
    const admin = await token(server, 'admin@capmetiers.test');
    expect((await call(server, 'GET', '/admin/requests', { token: referent })).status).toBe(403);
    const queue = await call<{ requests: MembershipRequest[] }>(server, 'GET', '/admin/requests', { token: admin });
    expect(queue.body.requests.map((r) => r.email)).toEqual(expect.arrayContaining(['directrice@of-neuf.test', 'direction@nouvel-of.test']));
    expect((await call(server, 'POST', `/admin/requests/${created.body.requestId}/decision`, { token: admin, body: { accept: true, profile: 'OF_GENERAL' } })).status).toBe(204);
    const signedIn = await login(server, 'directrice@of-neuf.test', 'motdepasse1');
    expect(signedIn.memberships[0]).toMatchObject({ referent: true, profile: 'OF_GENERAL', structure: { name: 'OF Neuf des Landes' } });
    const search = await call<{ structures: { name: string }[] }>(server, 'GET', '/structures/search?q=Neuf%20des');
    expect(search.body.structures.map((s) => s.name)).toEqual(['OF Neuf des Landes']);
    // A later account of that structure goes to its référent, not to Cap Métiers.
    const later = await call<{ reviewer: string }>(server, 'POST', '/accounts/requests', {
      body: { ...body, email: 'second@of-neuf.test', structureId: signedIn.memberships[0]!.structure.id, newStructure: null },
    });
    expect(later.body.reviewer).toBe('REFERENT');
  });
});
