// Findings 4 to 7 of issue 10: a password change left the account's other sessions alive; accounts could be
// enumerated (login did no argon2 work for an unknown e-mail, the public account request said « already exists »);
// account requests had no rate limit; members.csv exported formulas live.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Papa from 'papaparse';
import type { ReferenceServer } from '../../../server/index';
import type { MembershipRequest } from '../../../shared/protocol/accounts';
import { call, login, startTestServer, token } from './harness';
import type * as Argon2 from '@node-rs/argon2';

// Counts argon2 verifications: a behaviour the login's cost rests on, checked without timing anything.
const argon = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof Argon2>();
  return {
    ...actual,
    verify: (...args: Parameters<typeof actual.verify>) => {
      argon.verifications++;
      return actual.verify(...args);
    },
  };
});

let server: ReferenceServer;
let referent: string;

beforeAll(async () => {
  server = await startTestServer();
  referent = await token(server, 'manager@demo.test');
});
afterAll(() => server?.close());

const accountRequest = (over: Record<string, unknown> = {}) => ({
  email: 'inconnue@exemple.fr', password: 'un-mot-de-passe', firstName: 'Ina', lastName: 'Connue', phone: null, structureId: 'of-demo', newStructure: null, ...over,
});

async function pendingRequests(): Promise<MembershipRequest[]> {
  return (await call<{ requests: MembershipRequest[] }>(server, 'GET', '/structures/of-demo/requests', { token: referent })).body.requests;
}

describe('password change', () => {
  it('ends the account’s other sessions and keeps the one that made the change', async () => {
    const a = await token(server, 'manager2@demo.test');
    const b = await token(server, 'manager2@demo.test');
    const changed = await call(server, 'PATCH', '/me', { token: a, body: { newPassword: 'un-nouveau-secret', currentPassword: 'demo' } });
    expect(changed.status).toBe(200);
    expect(await call(server, 'GET', '/auth/me', { token: b })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect((await call(server, 'GET', '/auth/me', { token: a })).status).toBe(200);
    expect((await login(server, 'manager2@demo.test', 'un-nouveau-secret')).user.email).toBe('manager2@demo.test');
  });

  it('a phone change alone ends no session', async () => {
    const a = await token(server, 'preinscription@demo.test');
    const b = await token(server, 'preinscription@demo.test');
    expect((await call(server, 'PATCH', '/me', { token: a, body: { phone: '05 59 00 00 01' } })).status).toBe(200);
    expect((await call(server, 'GET', '/auth/me', { token: b })).status).toBe(200);
  });
});

describe('account enumeration', () => {
  it('a login with an unknown e-mail does the same argon2 verification as a wrong password', async () => {
    argon.verifications = 0;
    const unknown = await call(server, 'POST', '/auth/login', { body: { email: 'personne@demo.test', password: 'nope' } });
    expect(unknown.status).toBe(401);
    expect(argon.verifications).toBe(1);
    argon.verifications = 0;
    const wrong = await call(server, 'POST', '/auth/login', { body: { email: 'manager@demo.test', password: 'nope' } });
    expect(argon.verifications).toBe(1);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('the public account request answers the same whether or not the e-mail has an account', async () => {
    const fresh = await call<Record<string, unknown>>(server, 'POST', '/accounts/requests', { body: accountRequest() });
    const existing = await call<Record<string, unknown>>(server, 'POST', '/accounts/requests', {
      body: accountRequest({ email: 'Prescripteur-N1@demo.test', firstName: 'Usurpée', lastName: 'Identité', password: 'pas-le-sien-1' }),
    });
    expect(existing.status).toBe(fresh.status);
    expect(fresh.status).toBe(201);
    expect(Object.keys(existing.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect({ ...existing.body, requestId: 'x' }).toEqual({ ...fresh.body, requestId: 'x' });
    expect(existing.body.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
  });

  it('an existing account gets an affiliation request its reviewer sees, and nothing of the account changes', async () => {
    const requests = await pendingRequests();
    const affiliation = requests.find((r) => r.email === 'prescripteur-n1@demo.test');
    // The référent sees the account's real name, not what the stranger typed, and that it is an existing account.
    expect(affiliation).toMatchObject({ kind: 'AFFILIATION', firstName: 'Léa', lastName: 'Darrigrand' });
    expect(requests.find((r) => r.email === 'inconnue@exemple.fr')).toMatchObject({ kind: 'ACCOUNT' });
    expect((await login(server, 'prescripteur-n1@demo.test')).user).toMatchObject({ firstName: 'Léa', lastName: 'Darrigrand' });
  });

  it('asking again, or for a structure one already belongs to, answers the same and adds no request', async () => {
    const before = (await pendingRequests()).length;
    for (const email of ['prescripteur-n1@demo.test', 'inconnue@exemple.fr', 'manager@demo.test']) {
      const again = await call(server, 'POST', '/accounts/requests', { body: accountRequest({ email }) });
      expect(again, email).toMatchObject({ status: 201, body: { status: 'EN_ATTENTE', reviewer: 'REFERENT' } });
    }
    expect((await pendingRequests()).length).toBe(before);
  });
});

describe('request rate limits', () => {
  it('account and affiliation requests are limited per address like sign-in, each on its own counter', async () => {
    const limited = await startTestServer({ loginRateLimit: { max: 3, timeWindow: '1 minute' } });
    try {
      const manager = await token(limited, 'manager@demo.test');
      for (let i = 0; i < 3; i++) {
        // A different e-mail each time: varying it must not get around the limit.
        expect((await call(limited, 'POST', '/accounts/requests', { body: accountRequest({ email: `nouvelle${i}@exemple.fr` }) })).status).toBe(201);
      }
      expect(await call(limited, 'POST', '/accounts/requests', { body: accountRequest({ email: 'nouvelle9@exemple.fr' }) })).toMatchObject({
        status: 429, body: { code: 'RATE_LIMITED' },
      });
      const affiliate = () => call(limited, 'POST', '/me/affiliations', { token: manager, body: { structureId: 'of-pyrenees' } });
      expect((await affiliate()).status).toBe(201);
      expect((await affiliate()).status).toBe(409);
      expect((await affiliate()).status).toBe(409);
      expect(await affiliate()).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    } finally {
      await limited.close();
    }
  }, 90_000); // starts a second server
});

describe('members.csv', () => {
  it('neutralises formulas in names like the candidature export', async () => {
    const formula = '=HYPERLINK("http://exemple.invalid";"clic")';
    const created = await call(server, 'POST', '/accounts/requests', { body: accountRequest({ email: 'formule@exemple.fr', firstName: formula, lastName: '@SOMME(A1)' }) });
    expect(created.status).toBe(201);
    const request = (await pendingRequests()).find((r) => r.email === 'formule@exemple.fr')!;
    const accepted = await call(server, 'POST', `/structures/of-demo/requests/${request.id}/decision`, { token: referent, body: { accept: true, profile: 'OF_CATALOGUE' } });
    expect(accepted.status).toBe(204);

    const csv = await call(server, 'GET', '/structures/of-demo/members.csv', { token: referent });
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<Record<string, string>>(csv.text.slice(1), { header: true, delimiter: ';', skipEmptyLines: true });
    const row = parsed.data.find((r) => r['E-mail'] === 'formule@exemple.fr');
    expect(row).toMatchObject({ Prénom: `'${formula}`, Nom: "'@SOMME(A1)", Profil: 'Catalogue' });
    for (const r of parsed.data) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});
