// Findings 1 and 3 of issue 10: NUL bytes and lone surrogates gave HTTP 500 (PostgreSQL refuses NUL in text) or were
// stored silently mangled, and some router errors answered with Fastify's own body. Every string field and path id
// now goes through shared/protocol/text.ts: 400 VALIDATION naming the field; every error body is an ApiError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import { ApiError, type PullPage } from '../../../shared/protocol/sync';
import type { MeResponse } from '../../../shared/protocol/sync';
import { call, eos, mutation, pullAll, push, startTestServer, token } from './harness';

const NUL = 'A\u0000';
const LONE = 'A\ud800';

let server: ReferenceServer;
let manager: string;
let admin: string;
let pulled: PullPage['changes'];

beforeAll(async () => {
  server = await startTestServer();
  manager = await token(server, 'manager@demo.test');
  admin = await token(server, 'admin@capmetiers.test');
  const { pages } = await pullAll(server, manager, 'of-demo');
  pulled = {
    actions: pages.flatMap((p) => p.changes.actions),
    sessions: pages.flatMap((p) => p.changes.sessions),
    entryPoints: [],
    candidatures: pages.flatMap((p) => p.changes.candidatures),
    preRegistrations: [],
  };
});
afterAll(() => server?.close());

const candidate = (over: Record<string, unknown> = {}) => ({ firstName: 'Alice', lastName: 'Martin', email: 'alice.martin@exemple.fr', phone: null, ...over });
const accountRequest = (over: Record<string, unknown> = {}) => ({
  email: 'nouvelle.personne@exemple.fr', password: 'un-bon-mot-de-passe', firstName: 'Nina', lastName: 'Nouvelle', phone: null,
  structureId: 'of-demo', newStructure: null, ...over,
});

type Probe = { name: string; send: () => ReturnType<typeof call>; field: string };

function probes(): Probe[] {
  const session = pulled.sessions.find((s) => s.status === 'PUBLISHED')!;
  const responsible = pulled.actions.find((a) => pulled.sessions.some((s) => s.actionId === a.id && s.orgRole === 'RESPONSABLE'))!;
  const pending = pulled.candidatures.find((c) => c.state === 'EN_ATTENTE')!;
  const eosAction = { id: 'act-hostile', reference: '2025000001', type: 'SIMPLE', moduleCount: null, title: 'Titre', responsibleStructureId: 'of-demo',
    financing: { financeur: 'Région', marketNumber: 'M1', dispositif: 'HSP', mesure: 'HSP SOCLE' } };
  return [
    // Public routes first: anyone can send these.
    { name: 'structure search with NUL', send: () => call(server, 'GET', '/structures/search?q=%00%00'), field: 'q' },
    { name: 'intake, NUL in a name', send: () => call(server, 'POST', `/sessions/${session.id}/candidatures`, { body: { candidate: candidate({ firstName: NUL }) } }), field: 'candidate.firstName' },
    { name: 'intake, lone surrogate in a name', send: () => call(server, 'POST', `/sessions/${session.id}/candidatures`, { body: { candidate: candidate({ lastName: LONE }) } }), field: 'candidate.lastName' },
    { name: 'intake, NUL session id', send: () => call(server, 'POST', '/sessions/%00/candidatures', { body: { candidate: candidate() } }), field: 'sessionId' },
    { name: 'account request, NUL first name', send: () => call(server, 'POST', '/accounts/requests', { body: accountRequest({ firstName: NUL }) }), field: 'firstName' },
    { name: 'account request, NUL phone', send: () => call(server, 'POST', '/accounts/requests', { body: accountRequest({ phone: '06\u000012' }) }), field: 'phone' },
    { name: 'account request, lone surrogate in a proposed structure', send: () => call(server, 'POST', '/accounts/requests', { body: accountRequest({ structureId: null, newStructure: { siret: '73282932000074', name: LONE + 'BC', acronym: null, kind: 'ORGANISME_FORMATION', city: null } }) }), field: 'newStructure.name' },
    { name: 'login, NUL in the password', send: () => call(server, 'POST', '/auth/login', { body: { email: 'manager@demo.test', password: NUL } }), field: 'password' },
    // Signed in.
    { name: 'pull, NUL structure id', send: () => call(server, 'GET', '/structures/%00/changes', { token: manager }), field: 'structureId' },
    { name: 'pull, NUL cursor', send: () => call(server, 'GET', '/structures/of-demo/changes?since=%00', { token: manager }), field: 'since' },
    { name: 'push, NUL structure id', send: () => call(server, 'POST', '/structures/%00/mutations', { token: manager, body: { clientId: '0b8f0a52-52b1-4bd4-9d43-2a4fd0c3f3b1', mutations: [] } }), field: 'structureId' },
    { name: 'push, NUL in "le plus"', send: () => push(server, manager, 'of-demo', [mutation({ kind: 'action.enrich', baseVersion: responsible.version, payload: { actionId: responsible.id, highlight: NUL, webLink: null } })]), field: 'mutations.0.payload.highlight' },
    { name: 'push, NUL in a web link', send: () => push(server, manager, 'of-demo', [mutation({ kind: 'action.enrich', baseVersion: responsible.version, payload: { actionId: responsible.id, highlight: null, webLink: 'https://exemple.fr/\u0000' } })]), field: 'mutations.0.payload.webLink' },
    { name: 'push, lone surrogate in a justification', send: () => push(server, manager, 'of-demo', [mutation({ kind: 'avis', baseVersion: pending.version, payload: { candidatureId: pending.id, decision: { kind: 'NON_RETENUE', motive: 'AUTRE', justification: LONE } } } as never)]), field: 'mutations.0.payload.decision.justification' },
    { name: 'PATCH /me, NUL phone', send: () => call(server, 'PATCH', '/me', { token: manager, body: { phone: NUL } }), field: 'phone' },
    { name: 'PATCH /me, lone surrogate phone', send: () => call(server, 'PATCH', '/me', { token: manager, body: { phone: LONE } }), field: 'phone' },
    { name: 'affiliation, NUL structure id', send: () => call(server, 'POST', '/me/affiliations', { token: manager, body: { structureId: '\u0000' } }), field: 'structureId' },
    { name: 'members, NUL structure id', send: () => call(server, 'GET', '/structures/%00/members', { token: manager }), field: 'structureId' },
    { name: 'members CSV, NUL structure id', send: () => call(server, 'GET', '/structures/%00/members.csv', { token: manager }), field: 'structureId' },
    { name: 'requests, NUL structure id', send: () => call(server, 'GET', '/structures/%00/requests', { token: manager }), field: 'structureId' },
    { name: 'request decision, NUL request id', send: () => call(server, 'POST', '/structures/of-demo/requests/%00/decision', { token: manager, body: { accept: false, profile: null } }), field: 'requestId' },
    { name: 'profile, NUL user id', send: () => call(server, 'PUT', '/structures/of-demo/members/%00/profile', { token: manager, body: { profile: null } }), field: 'userId' },
    { name: 'detach, NUL user id', send: () => call(server, 'DELETE', '/structures/of-demo/members/%00', { token: manager }), field: 'userId' },
    { name: 'admin reopen, NUL candidature id', send: () => call(server, 'POST', '/admin/candidatures/%00/reopen', { token: admin, body: { plannedEntry: '2025-07-01', plannedExit: '2025-12-01' } }), field: 'candidatureId' },
    { name: 'admin decision, NUL request id', send: () => call(server, 'POST', '/admin/requests/%00/decision', { token: admin, body: { accept: false, profile: null } }), field: 'requestId' },
    // The EOS feed.
    { name: 'EOS action, NUL title', send: () => eos(server, 'PUT', '/actions', { actions: [{ ...eosAction, title: NUL }] }), field: 'actions.0.title' },
    { name: 'EOS action, lone surrogate in financing', send: () => eos(server, 'PUT', '/actions', { actions: [{ ...eosAction, financing: { ...eosAction.financing, mesure: LONE } }] }), field: 'actions.0.financing.mesure' },
    { name: 'EOS entry point, NUL session id', send: () => eos(server, 'POST', '/sessions/%00/entry-points', { id: 'ep-x', date: '2025-09-01', places: 3 }), field: 'sessionId' },
    { name: 'EOS entry point delete, NUL id', send: () => eos(server, 'DELETE', '/entry-points/%00'), field: 'entryPointId' },
    { name: 'EOS cancel, NUL session id', send: () => eos(server, 'POST', '/sessions/%00/cancel'), field: 'sessionId' },
  ];
}

describe('hostile text', () => {
  it('NUL bytes and lone surrogates in every kind of field answer 400 VALIDATION naming the field', async () => {
    const failures: string[] = [];
    for (const probe of probes()) {
      const reply = await probe.send();
      const body = ApiError.safeParse(reply.body);
      if (reply.status !== 400 || !body.success || body.data.code !== 'VALIDATION' || body.data.field !== probe.field) {
        failures.push(`${probe.name}: ${reply.status} ${reply.text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('nothing hostile was stored, and a well-formed pair (an emoji) is still a valid name', async () => {
    const me = await call<MeResponse>(server, 'GET', '/auth/me', { token: manager });
    const phone = me.body.user.phone ?? '';
    expect(phone.includes('\u0000') || phone.includes('\ufffd')).toBe(false);
    const session = pulled.sessions.find((s) => s.status === 'PUBLISHED' && s.orgRole === 'RESPONSABLE')!;
    const emoji = await call(server, 'POST', `/sessions/${session.id}/candidatures`, { body: { candidate: candidate({ firstName: 'Zoé 🌻' }) } });
    expect(emoji.status).toBe(201);
  });
});

describe('router errors', () => {
  it('a path parameter over the router limit answers 414 with an ApiError body', async () => {
    const reply = await call(server, 'GET', `/structures/${'a'.repeat(150)}/changes`, { token: manager });
    expect(reply.status).toBe(414);
    expect(ApiError.parse(reply.body)).toMatchObject({ code: 'VALIDATION' });
  });

  it('an id between the schema bound and the router limit is a 400 naming it', async () => {
    expect(await call(server, 'GET', `/structures/${'a'.repeat(80)}/changes`, { token: manager })).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'structureId' } });
  });

  it('a malformed percent-encoding answers 400 with an ApiError body', async () => {
    const reply = await call(server, 'GET', '/structures/%E0%A4%A/changes', { token: manager });
    expect(reply.status).toBe(400);
    expect(ApiError.parse(reply.body)).toMatchObject({ code: 'VALIDATION' });
  });

  it('unknown routes and unsupported media types answer with ApiError bodies', async () => {
    const unknown = await call(server, 'GET', '/nulle/part');
    expect(unknown.status).toBe(404);
    expect(ApiError.parse(unknown.body).code).toBe('NOT_FOUND');
    const media = await call(server, 'POST', '/auth/login', { rawBody: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(media.status).toBe(415);
    expect(ApiError.parse(media.body).code).toBe('VALIDATION');
  });
});
