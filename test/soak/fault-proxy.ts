// An HTTP proxy between one client core and the reference server that misbehaves on purpose: connections reset
// before the server sees the request, answers dropped or truncated after the server acted, answers held past the
// client's timeout, a client cut off (offline), the server gone while it restarts. It can also kill its client's
// process in the middle of a sync, at the instant chosen by the campaign. Every fault it injects is counted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Rng } from '../../server/demo/prng';

export const FAULT_KINDS = ['reset', 'drop', 'truncate', 'delay'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Kills the client when one of its requests reaches this point: before the server saw it, or once it answered. */
export type KillTrap = { on: 'push' | 'pull' | 'any'; at: 'request' | 'answer'; kill: () => Promise<void> };

export interface FaultProxy {
  url: string;
  offline: boolean;
  /** Probability that a request meets a fault (0 = a clean network). */
  faultRate: number;
  rng: Rng;
  /** The server's address, or null while it restarts (connections are then refused). */
  target: string | null;
  trap: KillTrap | null;
  faults: Record<FaultKind, number>;
  /** Requests that reached the server through this proxy. */
  forwarded: number;
  /** Requests waiting for the server right now: method, path and since when. */
  pending: Set<{ method: string; path: string; since: number }>;
  close(): Promise<void>;
}

const isPush = (req: IncomingMessage) => req.method === 'POST' && /\/mutations(\?|$)/.test(req.url ?? '');
const isPull = (req: IncomingMessage) => req.method === 'GET' && /\/changes(\?|$)/.test(req.url ?? '');

export async function startFaultProxy(options: { rng: Rng; target: string; delayMs: number }): Promise<FaultProxy> {
  const proxy: FaultProxy = {
    url: '',
    offline: false,
    faultRate: 0,
    rng: options.rng,
    target: options.target,
    trap: null,
    faults: { reset: 0, drop: 0, truncate: 0, delay: 0 },
    forwarded: 0,
    pending: new Set(),
    close: async () => undefined,
  };

  const cut = (req: IncomingMessage) => req.socket.destroy();

  const springTrap = async (req: IncomingMessage, at: 'request' | 'answer'): Promise<boolean> => {
    const trap = proxy.trap;
    if (!trap || trap.at !== at) return false;
    if (trap.on === 'push' && !isPush(req)) return false;
    if (trap.on === 'pull' && !isPull(req)) return false;
    proxy.trap = null;
    await trap.kill();
    cut(req);
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = proxy.target;
    if (proxy.offline || target === null) return cut(req);
    const fault: FaultKind | null = proxy.faultRate > 0 && proxy.rng.chance(proxy.faultRate) ? proxy.rng.pick(FAULT_KINDS) : null;
    if (fault === 'reset') {
      proxy.faults.reset += 1;
      return cut(req);
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (await springTrap(req, 'request')) return;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length' && k !== 'connection') headers.set(k, v);
    let status: number;
    let body: Buffer;
    const out: Record<string, string> = {};
    const waiting = { method: req.method ?? 'GET', path: req.url ?? '/', since: Date.now() };
    proxy.pending.add(waiting);
    try {
      const upstream = await fetch(target + (req.url ?? '/'), {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      status = upstream.status;
      body = Buffer.from(await upstream.arrayBuffer());
      upstream.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'keep-alive') out[k] = v;
      });
    } catch {
      return cut(req); // the server went away (a restart): the client sees a reset
    } finally {
      proxy.pending.delete(waiting);
    }
    proxy.forwarded += 1;
    if (await springTrap(req, 'answer')) return;
    if (fault === 'drop') {
      proxy.faults.drop += 1;
      return cut(req);
    }
    if (fault === 'truncate' && body.length > 1) {
      proxy.faults.truncate += 1;
      res.writeHead(status, { ...out, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => cut(req), 5);
      return;
    }
    if (fault === 'delay') {
      proxy.faults.delay += 1;
      await new Promise((r) => setTimeout(r, options.delayMs));
      if (req.socket.destroyed) return;
    }
    res.writeHead(status, { ...out, 'content-length': String(body.length) }).end(body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => cut(req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
