// Shared helpers of the server integration tests: one server per test file, typed HTTP calls, sign-in, pulls.
import { v7 as uuidv7 } from 'uuid';
import { startReferenceServer, type ReferenceServer, type StartOptions } from '../../../server/index';
import { createServerClock } from '../../../server/clock';
import type { ServerContext } from '../../../server/context';
import type { PullPage, PushResponse, Mutation, LoginResponse } from '../../../shared/protocol/sync';

export const TEST_NOW = '2025-06-16T10:00:00.000Z'; // a Monday; Paris day 2025-06-16

/** A server context over this database, its clock at TEST_NOW: for calling the server's modules without HTTP. */
export function testServerContext(db: ServerContext['db']): ServerContext {
  return { db, clock: createServerClock(TEST_NOW), eosApiKey: 'k', tokenTtlMs: 1000, epoch: 'e' };
}

export async function startTestServer(options: StartOptions = {}): Promise<ReferenceServer> {
  return startReferenceServer({ now: TEST_NOW, logLevel: 'silent', loginRateLimit: { max: 1000, timeWindow: '1 minute' }, ...options });
}

export type Reply<T = unknown> = { status: number; body: T; headers: Headers; text: string; bytes: Uint8Array };

export async function call<T = unknown>(
  server: Pick<ReferenceServer, 'url'>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, body });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // ignoreBOM keeps a byte-order mark in the text, so tests can see it (CSV export).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON (CSV) */
  }
  return { status: response.status, body: parsed as T, headers: response.headers, text, bytes };
}

export async function login(server: ReferenceServer, email: string, password = 'demo'): Promise<LoginResponse> {
  const reply = await call<LoginResponse>(server, 'POST', '/auth/login', { body: { email, password } });
  if (reply.status !== 200) throw new Error(`login ${email}: ${reply.status} ${reply.text}`);
  return reply.body;
}

export async function token(server: ReferenceServer, email: string): Promise<string> {
  return (await login(server, email)).token;
}

export async function pullPage(server: ReferenceServer, tok: string, structureId: string, since?: string, limit = 1000) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (since) query.set('since', since);
  return call<PullPage>(server, 'GET', `/structures/${structureId}/changes?${query}`, { token: tok });
}

/** Pulls every page from `since`; returns the pages and the final cursor. */
export async function pullAll(server: ReferenceServer, tok: string, structureId: string, since?: string, limit = 1000) {
  const pages: PullPage[] = [];
  let cursor = since;
  for (;;) {
    const reply = await pullPage(server, tok, structureId, cursor, limit);
    if (reply.status !== 200) throw new Error(`pull: ${reply.status} ${reply.text}`);
    pages.push(reply.body);
    cursor = reply.body.cursor;
    if (!reply.body.hasMore) break;
  }
  return { pages, cursor: cursor! };
}

type MutationInput = Omit<Mutation, 'id' | 'createdAt' | 'baseVersion'> & { baseVersion?: number | null; id?: string };

export function mutation(m: MutationInput): Mutation {
  return { id: m.id ?? uuidv7(), createdAt: new Date().toISOString(), baseVersion: m.baseVersion ?? null, ...m } as Mutation;
}

export async function push(server: ReferenceServer, tok: string, structureId: string, mutations: Mutation[]) {
  return call<PushResponse>(server, 'POST', `/structures/${structureId}/mutations`, {
    token: tok,
    body: { clientId: '0b8f0a52-52b1-4bd4-9d43-2a4fd0c3f3b1', mutations },
  });
}

export function eos(server: ReferenceServer, method: string, path: string, body?: unknown) {
  return call(server, method, `/eos${path}`, { body, headers: { 'x-api-key': server.eosApiKey } });
}

export const person = (n: number) => ({ firstName: 'Alice', lastName: `Testeur${n}`, email: `alice.testeur${n}@exemple.fr`, phone: null });

/** A structure's bootstrap snapshot (shared/protocol/snapshot.ts), its lines parsed as JSON. */
export async function snapshot(server: Pick<ReferenceServer, 'url'>, tok: string, structureId: string, options: { acceptEncoding?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${tok}` };
  if (options.acceptEncoding) headers['accept-encoding'] = options.acceptEncoding;
  const response = await fetch(`${server.url}/api/v1/structures/${structureId}/snapshot`, { headers });
  const text = await response.text();
  const lines = response.status === 200 ? text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown> & { kind: string }) : [];
  return { status: response.status, headers: response.headers, text, lines };
}
