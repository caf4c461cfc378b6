import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, RafaelError, type EventSink, type IpcHandlers } from '../../../shared/ipc/contract';
import { startHeadlessHost, type HeadlessHost } from '../../../main/host/headless-host';
import { createBrowserBridge } from '../../../renderer/src/platform/browser-bridge';
import { nodeSocketOpener, tryConnect } from './ws-test-client';

const hosts: HeadlessHost[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** What the fake core answers to app.getState (the host checks results against the contract outside production). */
const SIGNED_OUT = { signedIn: false, needsSignIn: false, user: null, memberships: [], activeStructureId: null, serverUrl: 'http://127.0.0.1:8787', recovery: null };

function fakeCore() {
  const calls: string[] = [];
  let sink: EventSink | null = null;
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((c) => [c, async (input: unknown) => {
      calls.push(c);
      if (c === 'sync.now') throw new RafaelError({ code: 'OFFLINE', message: 'Serveur injoignable.' });
      return c === 'app.getState' ? SIGNED_OUT : { channel: c, input };
    }]),
  ) as unknown as IpcHandlers;
  return {
    calls,
    emit: (...args: Parameters<EventSink>) => sink?.(...args),
    core: { handlers, onEvent: (s: EventSink) => ((sink = s), () => (sink = null)) },
  };
}

function staticDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rafael-host-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="fr"><body><div id="root"></div></body></html>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(dir), 'rafael-secret.txt'), 'secret');
  return dir;
}

async function start(extra: Partial<Parameters<typeof startHeadlessHost>[0]> = {}) {
  const fake = fakeCore();
  const host = await startHeadlessHost({ core: fake.core, ...extra });
  hosts.push(host);
  const wsUrl = (token: string | null) => `ws://127.0.0.1:${host.port}/ipc${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  return { host, fake, wsUrl, origin: host.origin };
}

function rawGet(port: number, pathName: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('headless host: the token', () => {
  it('listens on loopback with an ephemeral port and a random token per run', async () => {
    const a = await start();
    const b = await start();
    expect(a.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/); // a fragment never reaches a request line
    expect(a.host.token).not.toBe(b.host.token);
    expect(a.host.token.length).toBeGreaterThanOrEqual(24);
  });

  it('refuses a WebSocket without its token', async () => {
    const { wsUrl, origin, fake } = await start();
    const result = await tryConnect(wsUrl(null), origin);
    expect(result.closeCode).toBe(4401);
    expect(fake.calls).toEqual([]);
  });

  it('refuses a WebSocket with a wrong token', async () => {
    const { wsUrl, origin, host } = await start();
    expect((await tryConnect(wsUrl('wrong'), origin)).closeCode).toBe(4401);
    expect((await tryConnect(wsUrl(host.token.slice(0, -1)), origin)).closeCode).toBe(4401);
  });

  it('refuses a cross-origin upgrade even with the right token', async () => {
    const { wsUrl, host } = await start();
    expect(await tryConnect(wsUrl(host.token), 'https://evil.example')).toMatchObject({ opened: false, httpStatus: 403 });
    expect(await tryConnect(wsUrl(host.token))).toMatchObject({ opened: false, httpStatus: 403 });
  });

  it('accepts its token from its own origin', async () => {
    const { wsUrl, host, origin } = await start();
    const result = await Promise.race([
      tryConnect(wsUrl(host.token), origin),
      new Promise<{ opened: boolean }>((r) => setTimeout(() => r({ opened: true }), 300)),
    ]);
    expect(result.opened).toBe(true);
  });
});

describe('headless host: the contract through the browser bridge', () => {
  it('answers calls, carries typed errors and validation, pushes events, and cleans the token from the URL', async () => {
    const { host, fake, origin } = await start();
    const replaced: string[] = [];
    const bridge = createBrowserBridge({ href: host.url, openSocket: nodeSocketOpener(origin), replaceUrl: (u) => replaced.push(u) });
    try {
      expect(replaced).toEqual([`${origin}/`]);
      await expect(bridge.api.invoke('app.getState', {})).resolves.toEqual(SIGNED_OUT);
      await expect(bridge.api.invoke('sync.now', {})).rejects.toMatchObject({ name: 'RafaelError', code: 'OFFLINE', message: 'Serveur injoignable.' });
      await expect(bridge.api.invoke('candidatures.get', { id: 42 } as never)).rejects.toMatchObject({ code: 'VALIDATION', field: 'id' });
      expect(fake.calls).toEqual(['app.getState', 'sync.now']);

      const received = new Promise((resolve) => bridge.api.on('data.changed', resolve));
      fake.emit('data.changed', { structureId: null });
      await expect(received).resolves.toEqual({ structureId: null });
    } finally {
      bridge.close();
    }
  });

  it('fails calls plainly when the token is wrong instead of retrying forever', async () => {
    const { host, origin, fake } = await start();
    const bridge = createBrowserBridge({ href: `${host.origin}/?token=not-the-token`, openSocket: nodeSocketOpener(origin) });
    await expect(bridge.api.invoke('app.getState', {})).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    expect(fake.calls).toEqual([]);
  });
});

describe('headless host: serving the renderer', () => {
  it('serves index.html with the strict CSP allowing only its own WebSocket', async () => {
    const { host } = await start({ staticDir: staticDir() });
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<div id="root">');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets, falls back to the page for app routes, and refuses to leave its folder', async () => {
    const { host } = await start({ staticDir: staticDir() });
    const js = await fetch(`${host.origin}/assets/app.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${host.origin}/candidatures/123`)).status).toBe(200);
    expect((await fetch(`${host.origin}/assets/missing.js`)).status).toBe(404);
    for (const attempt of ['/../rafael-secret.txt', '/%2e%2e/rafael-secret.txt', '/assets/%2e%2e%2f%2e%2e%2frafael-secret.txt', '/..%5crafael-secret.txt']) {
      const res = await rawGet(host.port, attempt);
      expect(res.body).not.toContain('secret');
    }
  });
});
