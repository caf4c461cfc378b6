// The core against the real reference server, through an HTTP proxy the test controls: online, offline (connections
// cut) or tampering with pull pages. The server keeps its data; other clients reach it directly.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, MemorySecretStore, type Core } from '../../../main/core/index';
import { ipcChannels, type ChannelInput, type ChannelName, type ChannelOutput, type EventName, type EventPayload } from '../../../shared/ipc/contract';
import { outputProblem } from '../../../shared/ipc/validation';
import type { ReferenceServer } from '../../../server/index';
import type { Candidature } from '../../../shared/protocol/entities';
import { afterAll, beforeAll, expect } from 'vitest';
import { login, mutation, pullAll, push, startTestServer, token } from '../server/harness';

/** offline: connections are cut; hang: requests are accepted and never answered (a server that times out). */
export type ProxyMode = 'online' | 'offline' | 'hang';

export interface ControlledProxy {
  url: string;
  mode: ProxyMode;
  /** Rewrites the JSON body of pull pages while set. */
  tamperPull: ((page: Record<string, unknown>) => unknown) | null;
  /** Rewrites each line of bootstrap snapshots while set (returning a string sends it as the line, verbatim). */
  tamperSnapshot: ((line: Record<string, unknown>, index: number) => unknown) | null;
  /** Cuts the connection after this many lines of a bootstrap snapshot, once, then resets to null. */
  cutSnapshotAfterLines: number | null;
  /**
   * Called for each push the proxy forwards; after the server applied it, 'drop-response' loses the answer (the
   * connection drops) and 'garble-response' delivers half of it (a complete HTTP answer whose JSON is cut).
   */
  onPush: (() => 'forward' | 'drop-response' | 'garble-response') | null;
  requests: { method: string; path: string }[];
  /** Holds each pull page's (and snapshot's) answer this long (a slow network), so a test can act while one is in flight. */
  pullDelayMs: number;
  /** Awaited before a request goes on to the server (it is already listed in `requests`): a test holds one there. */
  beforeForward: ((request: { method: string; path: string }) => Promise<void>) | null;
  close(): Promise<void>;
}

export async function startControlledProxy(targetUrl: string): Promise<ControlledProxy> {
  const proxy: ControlledProxy = {
    url: '', mode: 'online', tamperPull: null, tamperSnapshot: null, cutSnapshotAfterLines: null, onPush: null, requests: [], pullDelayMs: 0, beforeForward: null, close: async () => undefined,
  };
  const server: Server = createServer(async (req, res) => {
    if (proxy.mode === 'offline') {
      req.socket.destroy();
      return;
    }
    if (proxy.mode === 'hang') return; // closed with the proxy
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? '/';
    proxy.requests.push({ method: req.method ?? 'GET', path });
    await proxy.beforeForward?.({ method: req.method ?? 'GET', path });
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers.set(k, v);
    const upstream = await fetch(targetUrl + path, {
      method: req.method ?? 'GET',
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    }).catch(() => null);
    if (!upstream) {
      req.socket.destroy();
      return;
    }
    let body = Buffer.from(await upstream.arrayBuffer());
    const pushFate = req.method === 'POST' && /\/mutations$/.test(path) ? proxy.onPush?.() : undefined;
    if (pushFate === 'drop-response') {
      req.socket.destroy(); // the server applied the batch; the client never hears it
      return;
    }
    if (pushFate === 'garble-response') body = body.subarray(0, Math.floor(body.length / 2));
    if (proxy.tamperPull && /\/changes(\?|$)/.test(path) && upstream.status === 200) {
      body = Buffer.from(JSON.stringify(proxy.tamperPull(JSON.parse(body.toString('utf8')) as Record<string, unknown>)));
    }
    const isSnapshot = /\/snapshot(\?|$)/.test(path) && upstream.status === 200;
    let cutAfter: number | null = null;
    if (isSnapshot && (proxy.tamperSnapshot || proxy.cutSnapshotAfterLines !== null)) {
      let lines = body.toString('utf8').split('\n').filter((l) => l !== '');
      if (proxy.tamperSnapshot) {
        const tamper = proxy.tamperSnapshot;
        lines = lines.map((l, i) => {
          const out = tamper(JSON.parse(l) as Record<string, unknown>, i);
          return typeof out === 'string' ? out : JSON.stringify(out);
        });
      }
      if (proxy.cutSnapshotAfterLines !== null) {
        cutAfter = proxy.cutSnapshotAfterLines;
        proxy.cutSnapshotAfterLines = null;
        lines = lines.slice(0, cutAfter);
      }
      body = Buffer.from(lines.map((l) => `${l}\n`).join(''));
    }
    if (proxy.pullDelayMs && /\/(changes|snapshot)(\?|$)/.test(path)) await new Promise((r) => setTimeout(r, proxy.pullDelayMs));
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
    });
    if (cutAfter !== null) {
      // The lines so far reach the client, then the connection drops mid-answer.
      res.writeHead(upstream.status, out).write(body, () => setTimeout(() => req.socket.destroy(), 50));
      return;
    }
    res.writeHead(upstream.status, out).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return proxy;
}

export interface CoreUnderTest {
  core: Core;
  proxy: ControlledProxy;
  secrets: MemorySecretStore;
  dataDir: string;
  events: { event: EventName; payload: unknown }[];
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Closes the core and opens a new one on the same data directory and secrets (an app restart). */
  restart(): Promise<void>;
  eventsOf<E extends EventName>(event: E): EventPayload<E>[];
  dispose(): Promise<void>;
}

/** `undoWindowMs` defaults to 0 here, so a test's syncNow sends what it just queued; undo tests set one. */
export async function startCore(
  server: ReferenceServer,
  options: { pageSize?: number; httpTimeoutMs?: number; undoWindowMs?: number; dropIndexesFromRows?: number } = {},
): Promise<CoreUnderTest> {
  const proxy = await startControlledProxy(server.url);
  const dataDir = await mkdtemp(join(tmpdir(), 'rafael-core-'));
  const secrets = new MemorySecretStore();
  const events: { event: EventName; payload: unknown }[] = [];
  const open = async () => {
    const core = await createCore({
      dataDir, serverUrl: proxy.url, secrets, clock: () => server.clock.now(),
      syncIntervalMs: 3_600_000, pushDelayMs: 3_600_000, httpTimeoutMs: options.httpTimeoutMs ?? 5000, httpRetries: 0,
      undoWindowMs: options.undoWindowMs ?? 0,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(options.dropIndexesFromRows !== undefined ? { dropIndexesFromRows: options.dropIndexesFromRows } : {}),
    });
    core.onEvent((event, payload) => events.push({ event, payload }));
    return core;
  };
  const t: CoreUnderTest = {
    core: await open(),
    proxy,
    secrets,
    dataDir,
    events,
    // Inputs and results go through the contract's schemas, as the dispatcher checks them outside production.
    call: async (channel, input) => {
      const value: unknown = await t.core.handlers[channel](parseInput(channel, input) as never);
      const problem = outputProblem(channel, value);
      if (problem) throw new Error(problem);
      return value as never;
    },
    async restart() {
      await t.core.close();
      t.core = await open();
    },
    eventsOf: (event) => events.filter((e) => e.event === event).map((e) => e.payload) as never,
    async dispose() {
      await t.core.close();
      await proxy.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

function parseInput(channel: ChannelName, input: unknown): unknown {
  return ipcChannels[channel].input.parse(input);
}

/** A core signed in (password `demo`) and synced once. */
export async function startSignedIn(server: ReferenceServer, email = 'manager@demo.test', options: Parameters<typeof startCore>[1] = {}): Promise<CoreUnderTest> {
  const t = await startCore(server, options);
  await t.call('auth.signIn', { email, password: 'demo' });
  await t.core.syncNow();
  return t;
}

/** Pending candidatures the signed-in manager may decide today, nearest deadline last. */
export async function decidable(t: CoreUnderTest, count: number, filters: Record<string, unknown> = {}): Promise<{ id: string; name: string; sessionId: string; avisDeadline: string }[]> {
  const page = await t.call('candidatures.list', { filters: { states: ['EN_ATTENTE'], roles: ['RESPONSABLE'], ...filters }, sort: { field: 'avisDeadline', direction: 'desc' }, offset: 0, limit: 200 });
  const found: { id: string; name: string; sessionId: string; avisDeadline: string }[] = [];
  for (const row of page.rows) {
    const detail = await t.call('candidatures.get', { id: row.id });
    if (!detail.canGiveAvis.allowed || detail.session.status !== 'PUBLISHED') continue;
    found.push({ id: row.id, name: row.candidateName, sessionId: row.sessionId, avisDeadline: row.avisDeadline });
    if (found.length === count) break;
  }
  if (found.length < count) throw new Error(`only ${found.length} decidable candidatures`);
  return found;
}

export const UNREACHABLE = { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } as const;

/** One reference server for the test file (each test starts its own core on it). */
export function useReferenceServer(): { readonly server: ReferenceServer } {
  const holder = { server: undefined as unknown as ReferenceServer };
  beforeAll(async () => {
    holder.server = await startTestServer();
  });
  afterAll(async () => holder.server?.close());
  return holder;
}

/** The server's current view of a structure's candidatures, as the référent manager pulls it. */
export async function serverCandidatures(server: ReferenceServer, structureId = 'of-demo'): Promise<Map<string, Candidature>> {
  const { pages } = await pullAll(server, await token(server, 'manager@demo.test'), structureId);
  const latest = new Map(pages.flatMap((p) => p.changes.candidatures).map((c) => [c.id, c]));
  for (const id of pages.flatMap((p) => p.removed.candidatures)) latest.delete(id);
  return latest;
}

/** Another user of the structure gives « personne injoignable » on the candidature, directly on the server. */
export async function decideOnServer(server: ReferenceServer, email: string, id: string, structureId = 'of-demo'): Promise<void> {
  const c = (await serverCandidatures(server, structureId)).get(id)!;
  const result = await push(server, (await login(server, email)).token, structureId, [mutation({ kind: 'avis', baseVersion: c.version, payload: { candidatureId: id, decision: UNREACHABLE } })]);
  expect(result.body.results[0]?.status).toBe('applied');
}
