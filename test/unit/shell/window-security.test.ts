// The shell's security policies as behaviour: what happens to a navigation, a new window, a permission request, an
// external link or an app:// request. (The Content-Security-Policy itself is proven in Chromium by
// test/e2e/content-security.spec.ts; the window's webPreferences need Electron and are read in window-options.ts.)
import { describe, expect, it } from 'vitest';
import { createNavigationGuards, isExternalLinkAllowed } from '../../../main/shell/navigation-policy';
import { buildContentSecurityPolicy } from '../../../main/ipc/content-security-policy';
import { createAppRequestHandler } from '../../../main/shell/app-protocol';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('Content-Security-Policy', () => {
  it('adds only the given WebSocket to connect-src', () => {
    expect(buildContentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4321'] })).toContain("connect-src 'self' ws://127.0.0.1:4321;");
  });
});

describe('navigation, new windows and permissions', () => {
  function guards() {
    const opened: string[] = [];
    return { opened, g: createNavigationGuards({ openExternal: (u) => void opened.push(u) }) };
  }

  it('blocks every navigation, opening allowed external links in the OS browser', () => {
    const { opened, g } = guards();
    const prevented: string[] = [];
    for (const url of ['https://evil.example/phish', 'https://www.cap-metiers.pro/offre', 'app://rafael/index.html', 'file:///etc/passwd']) {
      g.onWillNavigate({ preventDefault: () => prevented.push(url) }, url);
    }
    expect(prevented).toHaveLength(4);
    expect(opened).toEqual(['https://www.cap-metiers.pro/offre']);
  });

  it('denies every new window', () => {
    const { opened, g } = guards();
    expect(g.windowOpenHandler({ url: 'https://cap-metiers.pro/' })).toEqual({ action: 'deny' });
    expect(g.windowOpenHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://cap-metiers.pro/']);
  });

  it('denies every permission request and check', () => {
    const { g } = guards();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      g.permissionRequestHandler({}, permission, (v) => (granted = v));
      expect(granted).toBe(false);
      expect(g.permissionCheckHandler({}, permission)).toBe(false);
    }
  });

  it.each([
    ['https://cap-metiers.pro/', true],
    ['https://aide.rafaelpro.fr/guide', true],
    ['http://cap-metiers.pro/', false],
    ['https://cap-metiers.pro.evil.example/', false],
    ['https://evilcap-metiers.pro/', false],
    ['https://user:pw@cap-metiers.pro/', false],
    ['https://cap-metiers.pro:8443/', false],
    // A session contact's address opens the mail client; nothing that could carry more than one plain address.
    ['mailto:contact@cap-metiers.pro', true],
    ['mailto:contact@cap-metiers.pro?bcc=everyone@evil.example', false],
    ['mailto:a@x.fr,b@y.fr', false],
    ['file:///C:/Windows/system32/calc.exe', false],
  ])('external link %s allowed: %s', (url, allowed) => {
    expect(isExternalLinkAllowed(url)).toBe(allowed);
  });
});

it('a refused URL is logged by scheme and host only, never with an address or a path', () => {
  const logged: string[] = [];
  const g = createNavigationGuards({ openExternal: () => undefined, log: (_m, what) => void logged.push(what) });
  g.windowOpenHandler({ url: 'https://evil.example/reset?email=marie.dupont@exemple.fr' });
  g.windowOpenHandler({ url: 'tel:0601020304' });
  expect(logged).toEqual(['https://evil.example', 'tel:']);
});

describe('app:// protocol', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rafael-app-'));
  mkdirSync(path.join(root, 'renderer'));
  writeFileSync(path.join(root, 'renderer', 'index.html'), '<!doctype html><title>RafaelPro</title>');
  writeFileSync(path.join(root, 'secret.txt'), 'secret');
  const handle = createAppRequestHandler(path.join(root, 'renderer'));

  it('serves the renderer with the CSP header', async () => {
    const res = await handle(new Request('app://rafael/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toBe(buildContentSecurityPolicy());
    expect(await res.text()).toContain('RafaelPro');
  });

  it('refuses to leave the renderer folder and other hosts', async () => {
    for (const url of ['app://rafael/%2e%2e/secret.txt', 'app://rafael/..%2fsecret.txt', 'app://other/index.html']) {
      const res = await handle(new Request(url));
      expect(res.status).not.toBe(200);
      expect(await res.text()).not.toContain('secret');
    }
  });
});
