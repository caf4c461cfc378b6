// The core served to a browser: the built renderer over HTTP on loopback, and the IPC contract over a WebSocket
// that only opens with this run's token, from this host's own origin. Browser mode (`npm run start:browser`) and
// the end-to-end tests use it; inside Electron, preload and ipcMain carry the same contract instead.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventSink, IpcHandlers } from '../../shared/ipc/contract';
import { CLOSE_UNAUTHORIZED, TOKEN_PARAM, WIRE_PATH, WireCall } from '../../shared/ipc/wire';
import { buildContentSecurityPolicy, securityHeaders } from '../ipc/content-security-policy';
import { createDispatcher, type DispatcherLogger } from '../ipc/dispatcher';
import { createEventFanout } from '../ipc/event-fanout';
import { contentTypeOf, resolveStaticPath } from '../ipc/static-files';

/** The part of the core the host needs (main/core's Core satisfies it). */
export interface HostedCore {
  handlers: IpcHandlers;
  onEvent(sink: EventSink): () => void;
}

export interface HeadlessHostOptions {
  core?: HostedCore;
  /** Handlers without events (tests); ignored when `core` is given. */
  handlers?: IpcHandlers;
  port?: number;
  host?: string;
  /** Random per run when absent. */
  token?: string;
  /** The built renderer (dist/renderer). Without it the host serves only the WebSocket. */
  staticDir?: string;
  logger?: DispatcherLogger;
  /** Largest accepted message, in bytes. */
  maxPayload?: number;
}

export interface HeadlessHost {
  /** Address to open in a browser, carrying the token (the bridge removes it from the address bar). */
  url: string;
  /** Base address without the token. */
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuseUpgrade(socket: Duplex, status: 403 | 404, reason: string): void {
  socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const handlers = options.core?.handlers ?? options.handlers;
  if (!handlers) throw new Error('startHeadlessHost needs a core or a handler map');
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const dispatch = createDispatcher(handlers, options.logger ? { logger: options.logger } : {});
  const fanout = createEventFanout();
  const detachCore = options.core?.onEvent(fanout.sink);

  let port = 0;
  let csp = buildContentSecurityPolicy();
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `${bindHost}:${port}`]);

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(csp);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!options.staticDir) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Interface non servie par cet hôte.');
      return;
    }
    let file = resolveStaticPath(options.staticDir, req.url ?? '/');
    if (!file) {
      res.writeHead(400, headers).end();
      return;
    }
    let info = await stat(file).catch(() => null);
    // Unknown paths without an extension are app routes: answer with the single page.
    if (!info?.isFile() && !/\.[a-z0-9]+$/i.test(file)) {
      file = resolveStaticPath(options.staticDir, '/index.html');
      info = file ? await stat(file).catch(() => null) : null;
    }
    if (!file || !info?.isFile()) {
      const missingApp = (req.url ?? '/').split('?')[0] === '/';
      res
        .writeHead(missingApp ? 503 : 404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
        .end(missingApp ? 'Interface non construite : lancez « npm run build ».' : 'Introuvable.');
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(body.length),
      'Cache-Control': file.endsWith('.html') ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    serveStatic(req, res).catch((error: unknown) => {
      options.logger?.error({ err: error, path: new URL(req.url ?? '/', 'http://host').pathname }, 'static file failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 4 * 1024 * 1024 });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== WIRE_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    // A page from another origin (or a rebinding DNS name) must not drive the core, even if it guessed the port.
    const origin = req.headers.origin;
    const hostHeader = req.headers.host ?? '';
    const hosts = allowedHosts();
    if (!hosts.has(hostHeader) || !origin || !hosts.has(origin.replace(/^http:\/\//, '')) || !origin.startsWith('http://')) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    const given = url.searchParams.get(TOKEN_PARAM);
    if (!given || !sameSecret(given, token)) {
      // Refused with close code 4401 rather than an HTTP 401: a browser only sees 1006 for a failed upgrade, and
      // the bridge must tell "wrong token, stop retrying" from "host restarting, retry".
      wss.handleUpgrade(req, socket, head, (ws) => ws.close(CLOSE_UNAUTHORIZED, 'Unauthorized'));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // A frame over maxPayload or a broken frame is reported here before ws closes the connection (1009, 1002):
      // without a listener the 'error' event would throw and take the whole host down.
      ws.on('error', (error) => options.logger?.error({ err: error }, 'WebSocket connection failed'));
      ws.on('message', (data) => {
        let call: WireCall;
        try {
          const parsed = WireCall.safeParse(JSON.parse(String(data)));
          if (!parsed.success) return;
          call = parsed.data;
        } catch {
          return;
        }
        void dispatch(call.channel, call.input).then((reply) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: call.id, reply }));
        });
      });
    });
  });

  const unsubscribe = fanout.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, bindHost, () => resolve());
    });
  } catch (error) {
    // A port already taken: nothing may stay attached to the core (the caller may try another port).
    unsubscribe();
    detachCore?.();
    wss.close();
    throw error;
  }
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  csp = buildContentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
  const origin = `http://${bindHost}:${port}`;

  return {
    // In the fragment: never sent to the server, so never in a request line or a log.
    url: `${origin}/#${TOKEN_PARAM}=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    async close() {
      unsubscribe();
      detachCore?.();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
