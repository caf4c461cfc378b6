// The renderer's Content-Security-Policy, as Chromium enforces it on the built renderer served by the headless host
// (the app:// protocol in Electron sends the same header: test/unit/shell/window-security.test.ts). Our own bundle
// runs; eval (even in a same-origin script), an injected inline script, another origin's image and a connection to
// another origin are refused.
import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RafaelError, type IpcHandlers } from '../../shared/ipc/contract';
import { startHeadlessHost, type HeadlessHost } from '../../main/host/headless-host';

const SIGNED_OUT = { signedIn: false, needsSignIn: false, user: null, memberships: [], activeStructureId: null, serverUrl: 'http://127.0.0.1:8787', recovery: null };
const IDLE = { online: false, syncing: false, lastSuccessAt: null, lastError: null, pendingCount: 0, conflictCount: 0, needsSignIn: false, deadlineAlert: null };

// A signed-out core is enough to render the sign-in page; nothing here needs data.
const handlers = new Proxy({} as IpcHandlers, {
  get: (_target, channel) => async () => {
    if (channel === 'app.getState') return SIGNED_OUT;
    if (channel === 'sync.getStatus') return IDLE;
    throw new RafaelError({ code: 'NOT_SIGNED_IN', message: 'Connectez-vous.' });
  },
});

let host: HeadlessHost;
let staticDir: string;

test.beforeAll(async () => {
  // The built renderer plus one same-origin probe script: code evaluated by the test runner is exempt from the page's
  // CSP, a script of the page is not.
  staticDir = mkdtempSync(join(tmpdir(), 'rafael-csp-'));
  cpSync(fileURLToPath(new URL('../../dist/renderer', import.meta.url)), staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'eval-probe.js'), `try { window.evalOutcome = eval('"ran"'); } catch (e) { window.evalOutcome = e.name; }`);
  host = await startHeadlessHost({ handlers, staticDir });
});

test.afterAll(async () => {
  await host?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

test('the built renderer runs under its CSP, which refuses eval, inline scripts and other origins', async ({ page }) => {
  await page.goto(host.url);
  // Our own bundle ran: React drew the sign-in page.
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();

  // What the page records: the directives it refused, and what the probes left behind.
  type Probed = Window & { violations?: string[]; evalOutcome?: string; inlineRan?: boolean };
  await page.evaluate(() => {
    const w = window as Probed;
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations!.push(e.effectiveDirective));
  });
  await page.evaluate(() => {
    const probe = document.createElement('script');
    probe.src = '/eval-probe.js';
    document.body.append(probe);
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.body.append(script);
    const img = document.createElement('img');
    img.src = 'https://images.example.invalid/pixel.png';
    document.body.append(img);
    fetch('http://127.0.0.1:9/').catch(() => undefined);
  });
  await expect.poll(() => page.evaluate(() => [...new Set((window as Probed).violations)].sort())).toEqual(['connect-src', 'img-src', 'script-src', 'script-src-elem']);
  expect(await page.evaluate(() => (window as Probed).evalOutcome)).toBe('EvalError');
  expect(await page.evaluate(() => (window as Probed).inlineRan === true)).toBe(false);
});
