import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../../shared/ipc/wire';
import { bindIpc, FORBIDDEN_SENDER_REPLY, sendEvent, type IpcMainLike } from '../../../main/shell/ipc-binding';
import { createSafeStorageSecretStore, type SafeStorageLike } from '../../../main/shell/secret-store';
import { buildMenuTemplate } from '../../../main/shell/menu';
import { loggerOptions } from '../../../main/shell/logger';
import { conflictNotification } from '../../../main/shell/notifications';
import { startUpdater, type AutoUpdaterLike } from '../../../main/shell/updater';
import { launchSettings } from '../../../main/shell/launch-settings';

function fakeIpcMain() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipcMain: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
  return { ipcMain, handlers };
}

describe('Electron IPC binding', () => {
  it('refuses a call from an unexpected frame before forwarding it', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const forwarded: string[] = [];
    bindIpc(ipcMain, async (channel) => (forwarded.push(channel), { ok: true, value: null }));
    const invoke = handlers.get(ELECTRON_INVOKE_CHANNEL);
    expect(invoke).toBeDefined();
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html']) {
      expect(await invoke!({ senderFrame: { url } }, 'auth.signOut', { discardPending: true })).toEqual(FORBIDDEN_SENDER_REPLY);
    }
    expect(await invoke!({ senderFrame: null }, 'auth.signOut', { discardPending: true })).toEqual(FORBIDDEN_SENDER_REPLY);
    expect(forwarded).toEqual([]);
    expect(await invoke!({ senderFrame: { url: 'app://rafael/index.html' } }, 'app.getState', {})).toEqual({ ok: true, value: null });
    expect(forwarded).toEqual(['app.getState']);
  });

  it('sends events on one channel and skips destroyed windows', () => {
    const sent: unknown[][] = [];
    sendEvent({ isDestroyed: () => false, send: (...a) => void sent.push(a) }, 'data.changed', { structureId: null });
    sendEvent({ isDestroyed: () => true, send: (...a) => void sent.push(a) }, 'data.changed', { structureId: null });
    expect(sent).toEqual([[ELECTRON_EVENT_CHANNEL, 'data.changed', { structureId: null }]]);
  });
});

function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    // A reversible transform that is visibly not the plain text, standing in for the OS keychain.
    encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
}

describe('safeStorage secret store', () => {
  it('persists secrets only as encrypted blobs, readable by a new store', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rafael-secrets-'));
    const { store, mode, warning } = createSafeStorageSecretStore(fakeSafeStorage(true), dir, 'linux');
    expect(mode).toBe('encrypted');
    expect(warning).toBeNull();
    await store.set('db-key', 'clé-très-secrète');
    const files = readdirSync(dir);
    expect(files).toEqual(['db-key.bin']);
    expect(readFileSync(path.join(dir, 'db-key.bin')).toString('utf8')).not.toContain('secrète');
    const again = createSafeStorageSecretStore(fakeSafeStorage(true), dir, 'linux').store;
    expect(await again.get('db-key')).toBe('clé-très-secrète');
    expect(await again.get('absent')).toBeNull();
    await again.delete('db-key');
    expect(await again.get('db-key')).toBeNull();
    await expect(again.set('../escape', 'x')).rejects.toThrow();
  });

  it('a damaged blob reads as absent (the core then recovers) and a write never leaves half a secret', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rafael-secrets-'));
    const safe = { ...fakeSafeStorage(true), decryptString: (b: Buffer) => { if (b.length === 0) throw new Error('Error while decrypting the ciphertext'); return fakeSafeStorage(true).decryptString(b); } };
    const { store } = createSafeStorageSecretStore(safe, dir, 'linux');
    writeFileSync(path.join(dir, 'token.bin'), Buffer.alloc(0)); // a power cut mid-write with the old code
    expect(await store.get('token')).toBeNull();
    await store.set('token', 'jeton');
    expect(readdirSync(dir).sort()).toEqual(['token.bin']);
    expect(await store.get('token')).toBe('jeton');
  });

  it.each([
    ['encryption unavailable', fakeSafeStorage(false), 'darwin'],
    ['Linux basic_text backend', fakeSafeStorage(true, 'basic_text'), 'linux'],
  ] as const)('with %s, writes nothing to disk and warns in French', async (_label, safe, platform) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rafael-secrets-'));
    const { store, mode, warning } = createSafeStorageSecretStore(safe, dir, platform);
    expect(mode).toBe('memory-only');
    expect(warning).toMatch(/ne seront pas conservées/);
    await store.set('db-key', 'k');
    expect(await store.get('db-key')).toBe('k');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('French menu', () => {
  it('has Fichier, Édition, Affichage, Synchronisation and Aide; « Synchroniser maintenant » triggers a sync', () => {
    let synced = 0;
    const menu = buildMenuTemplate({ syncNow: () => synced++, openLogsFolder: () => undefined, openHelp: () => undefined, showAbout: () => undefined }, 'win32');
    expect(menu.map((m) => m.label)).toEqual(['Fichier', 'Édition', 'Affichage', 'Synchronisation', 'Aide']);
    const sync = (menu[3]?.submenu as Array<{ label?: string; click?: () => void }>)[0];
    expect(sync?.label).toBe('Synchroniser maintenant');
    sync?.click?.();
    expect(synced).toBe(1);
  });
});

describe('logs', () => {
  it('redacts personal data at any depth', () => {
    const lines: string[] = [];
    const out = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    const log = pino(loggerOptions('info'), out);
    log.info({ email: 'anne.martin@example.fr', user: { lastName: 'Martin', phone: '0601020304' }, req: { body: { password: 'pw' } }, channel: 'auth.signIn' }, 'sign-in');
    const line = lines.join('');
    expect(line).toContain('auth.signIn');
    for (const secret of ['anne.martin', 'Martin', '0601020304', '"pw"']) expect(line).not.toContain(secret);
  });
  it('also deep inside arrays and nested payloads (a conflicts event, a core error)', () => {
    const lines: string[] = [];
    const out = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    const log = pino(loggerOptions('info', 'rafaelpro-core'), out);
    log.warn({ payload: { conflicts: [{ mutation: { payload: { candidate: { lastName: 'Dupont' } } } }] }, a: { b: { c: { email: 'x@y.fr' } } }, Authorization: 'Bearer abc' }, 'event');
    const line = lines.join('');
    for (const secret of ['Dupont', 'x@y.fr', 'Bearer abc']) expect(line).not.toContain(secret);
    expect(line).toContain('rafaelpro-core');
  });
});

describe('OS notification for conflicts', () => {
  it('speaks French and counts', () => {
    expect(conflictNotification({ count: 1, conflicts: [] }).title).toBe('Une décision a été refusée par le serveur');
    expect(conflictNotification({ count: 3, conflicts: [] }).title).toBe('3 décisions ont été refusées par le serveur');
  });
});

describe('updater', () => {
  function fakeUpdater() {
    const feeds: string[] = [];
    let checks = 0;
    const updater: AutoUpdaterLike = {
      autoDownload: false,
      autoInstallOnAppQuit: false,
      setFeedURL: (o) => void feeds.push(o.url),
      checkForUpdatesAndNotify: async () => void checks++,
    };
    return { updater, feeds, checks: () => checks };
  }
  it('never runs unpackaged (dev)', () => {
    const f = fakeUpdater();
    expect(startUpdater(f.updater, { isPackaged: false, feedUrl: 'https://maj.rafaelpro.fr/desktop' })).toBe(false);
    expect(f.feeds).toEqual([]);
    expect(f.checks()).toBe(0);
  });
  it('packaged, checks against the feed written into app-update.yml at packaging', () => {
    const f = fakeUpdater();
    expect(startUpdater(f.updater, { isPackaged: true, feedUrl: null })).toBe(true);
    expect(f.feeds).toEqual([]); // electron-updater reads app-update.yml itself
    expect(f.checks()).toBe(1);
    expect(f.updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true });
  });
});

describe('launch settings', () => {
  const env = { RAFAEL_SERVER_URL: 'http://evil.example', RAFAEL_NATIVE_BINDING: '/tmp/evil.node', RAFAEL_UPDATE_URL: 'https://maj.example/desktop' };
  it('a packaged app ignores every environment override', () => {
    expect(launchSettings(env, { isPackaged: true, defaultServerUrl: 'https://api.rafaelpro.fr' })).toEqual({ serverUrl: 'https://api.rafaelpro.fr', nativeBinding: null, updateFeedUrl: null });
  });
  it('in development the overrides apply, an update feed only over https', () => {
    expect(launchSettings(env, { isPackaged: false, defaultServerUrl: 'https://api.rafaelpro.fr' })).toEqual({ serverUrl: 'http://evil.example', nativeBinding: '/tmp/evil.node', updateFeedUrl: 'https://maj.example/desktop' });
    expect(launchSettings({ RAFAEL_UPDATE_URL: 'http://maj.example' }, { isPackaged: false, defaultServerUrl: 'x' }).updateFeedUrl).toBeNull();
  });
});
