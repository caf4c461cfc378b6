// Every route of the server's OpenAPI document, fuzzed with hostile input (fast-check, fixed seed): NUL bytes and
// unpaired surrogates in any field, path id or query value, over-long text and ids, wrong types, out-of-range
// numbers, malformed or oversized bodies, foreign content types, bad tokens. Each request carries exactly one
// hostile part and valid everything else (real ids, the right credentials), so the hostile part is what the server
// must refuse. Whatever the input: never a 5xx, every error body an ApiError, and the data unchanged.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceServer } from '../../../server/index';
import { ApiError } from '../../../shared/protocol/sync';
import { call, login, pullAll, startTestServer, token } from './harness';
import { hostileFor, hostilePathSegment, hostileQueryValue, hostileRawBody, places, sample, setAt, type JsonSchema } from './hostile-inputs';

const SEED = 20250616;
const RUNS_PER_ROUTE = 24;

type Operation = {
  parameters?: { in: 'path' | 'query' | 'header'; name: string; schema: JsonSchema; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: Record<string, unknown>[];
};
type Route = { method: string; template: string; op: Operation };

let server: ReferenceServer;
let routes: Route[] = [];
const tokens: Record<string, string> = {};
const pathDefaults: Record<string, string> = { structureId: 'of-demo', requestId: 'demande-inconnue' };
const cursors: Record<string, string> = {};
const WATCHED = [
  { structureId: 'of-demo', email: 'manager@demo.test' },
  { structureId: 'presc-demo', email: 'prescripteur-n3@demo.test' },
  { structureId: 'of-pyrenees', email: 'multi@demo.test' },
];

beforeAll(async () => {
  server = await startTestServer();
  for (const email of ['manager@demo.test', 'manager2@demo.test', 'admin@capmetiers.test', 'prescripteur-n3@demo.test', 'multi@demo.test']) tokens[email] = await token(server, email);
  const doc = (await call<{ paths: Record<string, Record<string, Operation>> }>(server, 'GET', '/openapi.json')).body;
  routes = Object.entries(doc.paths).flatMap(([template, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), template: template.replace(/^\/api\/v1/, ''), op })));
  const { pages } = await pullAll(server, tokens['manager@demo.test']!, 'of-demo');
  pathDefaults.sessionId = pages.flatMap((p) => p.changes.sessions).find((s) => s.status === 'PUBLISHED')!.id;
  pathDefaults.candidatureId = pages.flatMap((p) => p.changes.candidatures)[0]!.id;
  pathDefaults.entryPointId = pages.flatMap((p) => p.changes.entryPoints)[0]!.id;
  pathDefaults.userId = (await login(server, 'manager2@demo.test')).user.id;
  for (const w of WATCHED) cursors[w.structureId] = (await pullAll(server, tokens[w.email]!, w.structureId)).cursor;
}, 120_000);
afterAll(async () => server?.close());

/** What a user or the EOS feed could observe of the data: a hostile request must leave all of it as it was. */
async function observable(): Promise<string> {
  const seen: unknown[] = [];
  for (const w of WATCHED) {
    const { pages } = await pullAll(server, tokens[w.email]!, w.structureId, cursors[w.structureId]);
    seen.push(pages.map((p) => [p.changes, p.removed]));
  }
  for (const [email, path] of [
    ['manager@demo.test', '/structures/of-demo/members'], ['manager@demo.test', '/structures/of-demo/requests'],
    ['prescripteur-n3@demo.test', '/structures/presc-demo/members'], ['admin@capmetiers.test', '/admin/requests'],
    ['manager@demo.test', '/auth/me'], ['manager2@demo.test', '/auth/me'], ['multi@demo.test', '/auth/me'],
  ] as const) {
    const reply = await call(server, 'GET', path, { token: tokens[email]! });
    seen.push([path, reply.status, reply.body]);
  }
  return JSON.stringify(seen);
}

function credentials(route: Route): Record<string, string> {
  const scheme = Object.keys(route.op.security?.[0] ?? {})[0];
  if (scheme === 'eosApiKey') return { 'x-api-key': server.eosApiKey };
  if (scheme !== 'bearer') return {};
  // Signing out would end the fuzzer's own session: that route only meets bad tokens.
  if (route.template === '/auth/logout') return { authorization: 'Bearer jeton-inconnu' };
  const who = route.template.startsWith('/admin/') ? 'admin@capmetiers.test' : route.template.startsWith('/me') ? 'manager2@demo.test' : 'manager@demo.test';
  return { authorization: `Bearer ${tokens[who]}` };
}

type Poison =
  | { slot: 'path'; name: string; value: string }
  | { slot: 'query'; name: string; value: string }
  | { slot: 'field'; path: (string | number)[]; value: unknown }
  | { slot: 'raw'; body: string; contentType: string }
  | { slot: 'token'; value: string };

function poisons(route: Route): fc.Arbitrary<Poison> {
  const params = route.op.parameters ?? [];
  const bodySchema = route.op.requestBody?.content['application/json']?.schema;
  const options: fc.Arbitrary<Poison>[] = [];
  for (const p of params.filter((x) => x.in === 'path')) options.push(hostilePathSegment.map((value) => ({ slot: 'path' as const, name: p.name, value })));
  for (const p of params.filter((x) => x.in === 'query')) options.push(hostileQueryValue.map((value) => ({ slot: 'query' as const, name: p.name, value })));
  if (bodySchema) {
    for (const place of places(bodySchema, sample(bodySchema))) {
      options.push(hostileFor(place.schema).map((value) => ({ slot: 'field' as const, path: place.path, value })));
    }
    options.push(hostileRawBody.map((raw) => ({ slot: 'raw' as const, ...raw })));
  } else if (route.method !== 'GET') {
    // No body schema: only bodies that cannot be parsed, or too big, are sure to be refused whatever the route does.
    options.push(fc.constantFrom('{', '{"a":', '\u0000').map((body) => ({ slot: 'raw' as const, body, contentType: 'application/json' })));
  }
  if (credentials(route).authorization) {
    // Headers cannot carry NUL or non-Latin-1 text at all: printable junk, odd schemes and over-long tokens instead.
    const junk = fc.string({ minLength: 1, maxLength: 80 }).map((t) => [...t].map((ch) => (ch >= ' ' && ch <= '~' ? ch : '?')).join(''));
    options.push(fc.oneof(junk.map((t) => `Bearer ${t}`), fc.constantFrom('Bearer', 'Basic Zm9vOmJhcg==', `Bearer ${'x'.repeat(5000)}`)).map((value) => ({ slot: 'token' as const, value })));
  }
  return fc.oneof(...options);
}

async function send(route: Route, poison: Poison) {
  const params = route.op.parameters ?? [];
  let path = route.template.replace(/\{(\w+)\}/g, (_m, name: string) => (poison.slot === 'path' && poison.name === name ? poison.value : encodeURIComponent(pathDefaults[name] ?? 'inconnu')));
  const query = params.filter((p) => p.in === 'query').map((p) => `${p.name}=${poison.slot === 'query' && poison.name === p.name ? poison.value : encodeURIComponent(String(p.name === 'q' ? 'Démo' : p.name === 'limit' ? 10 : sample(p.schema, p.name)))}`);
  if (query.length) path += `?${query.join('&')}`;
  const headers = credentials(route);
  if (poison.slot === 'token') headers.authorization = poison.value;
  const bodySchema = route.op.requestBody?.content['application/json']?.schema;
  if (poison.slot === 'raw') return call(server, route.method, path, { headers: { ...headers, 'content-type': poison.contentType }, rawBody: poison.body });
  if (bodySchema) {
    const body = poison.slot === 'field' ? setAt(sample(bodySchema), poison.path, poison.value) : sample(bodySchema);
    return call(server, route.method, path, { headers, body });
  }
  return call(server, route.method, path, { headers });
}

describe('every server route refuses hostile input cleanly', () => {
  it('lists the routes it fuzzes from the OpenAPI document', () => {
    // A sanity floor: the document must really carry the routes (sync, EOS, admin, accounts, intake).
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes.map((r) => `${r.method} ${r.template}`)).toEqual(expect.arrayContaining(['POST /structures/{structureId}/mutations', 'PUT /eos/sessions', 'POST /accounts/requests']));
  });

  it('never a 5xx, always an ApiError body, and no data changed', { timeout: 600_000 }, async () => {
    const before = await observable();
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    for (const route of routes) {
      const name = `${route.method} ${route.template}`;
      await fc.assert(
        fc.asyncProperty(poisons(route), async (poison) => {
          const reply = await send(route, poison);
          const shown = `${name} with ${JSON.stringify(poison).slice(0, 300)} → ${reply.status} ${reply.text.slice(0, 200)}`;
          statuses.set(`${poison.slot} ${reply.status}`, (statuses.get(`${poison.slot} ${reply.status}`) ?? 0) + 1);
          if (reply.status >= 500) throw new Error(shown);
          if (reply.status >= 300 && !ApiError.safeParse(reply.body).success) throw new Error(`not an ApiError: ${shown}`);
          // A poisoned id, field or token is never accepted (a query value may be ordinary text for a search).
          if (reply.status < 300 && (poison.slot === 'path' || poison.slot === 'field' || poison.slot === 'token')) throw new Error(`accepted: ${shown}`);
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      ).catch((error: unknown) => failures.push(error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error)));
      if ((await observable()) !== before) failures.push(`${name}: hostile input changed the data`);
    }
    if (process.env.FUZZ_VERBOSE) console.log([...statuses].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
    expect(failures).toEqual([]);
    // The hostile parts reached validation, not only the door: most answers are 400 VALIDATION.
    expect(statuses.get('field 400') ?? 0).toBeGreaterThan(100);
    expect(statuses.get('path 400') ?? 0).toBeGreaterThan(20);
    // Still up and answering.
    expect((await call(server, 'GET', '/auth/me', { token: tokens['manager@demo.test']! })).status).toBe(200);
  });
});
