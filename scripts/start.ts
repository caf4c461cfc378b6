// `npm start`: the app against an embedded reference server seeded with demo data. Electron when its binary is
// there (its SQLite module rebuilt for Electron's ABI under native-electron/, node_modules untouched); otherwise,
// and with `--browser`, the same renderer in the browser through the headless host.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { build } from 'vite';
import { startReferenceServer } from '../server/index';
import { createCore } from '../main/core/index';
import { DevFileSecretStore } from '../main/host/dev-secret-store';
import { startHostAtSavedAddress } from '../main/host/persistent-address';
import { startupFailure, unavailableCore } from '../main/ipc/unavailable-core';
import { loggerOptions } from '../main/shell/logger';
import { electronBinary, NO_ELECTRON_MESSAGE } from './electron-availability';
import { ensureNativeElectronBinding } from './native-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const browserOnly = args.has('--browser');
const noOpen = args.has('--no-open') || process.env.CI === 'true';
const serverPort = Number(process.env.RAFAEL_SERVER_PORT ?? 8787);
const logger = pino(loggerOptions(process.env.RAFAEL_LOG_LEVEL ?? 'info', 'rafaelpro-browser-mode'));

function openInBrowser(url: string): void {
  const [cmd, ...rest] = process.platform === 'darwin' ? ['open'] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""'] : ['xdg-open'];
  const child = spawn(cmd!, [...rest, url], { stdio: 'ignore', detached: true });
  child.on('error', () => logger.info('ouvrez cette adresse dans votre navigateur / open this address in your browser'));
  child.unref();
}

async function main(): Promise<void> {
  mkdirSync(path.join(root, '.data'), { recursive: true });
  const server = await startReferenceServer({ port: serverPort, seed: 'demo', pgliteDataDir: path.join(root, '.data', 'server'), logLevel: 'warn' });
  console.log(`Serveur de référence : ${server.url} (comptes de démonstration : manager@demo.test / demo, voir le README)`);

  const electron = browserOnly ? null : electronBinary(root);
  if (!browserOnly && !electron) console.log(NO_ELECTRON_MESSAGE);

  if (electron) {
    let nativeBinding: string;
    try {
      nativeBinding = ensureNativeElectronBinding(root);
    } catch (error) {
      console.error(`Le module SQLite pour Electron n'a pas pu être construit (${(error as Error).message}) : mode navigateur.`);
      return startBrowser(server.url, server.close);
    }
    for (const config of ['renderer', 'main', 'preload']) {
      await build({ configFile: path.join(root, config, 'vite.config.ts'), logLevel: 'warn' });
    }
    const child = spawn(electron, [root], {
      stdio: 'inherit',
      env: { ...process.env, RAFAEL_SERVER_URL: server.url, RAFAEL_NATIVE_BINDING: nativeBinding, NODE_ENV: 'development' },
    });
    child.on('exit', (code) => void server.close().then(() => process.exit(code ?? 0)));
    return;
  }
  await startBrowser(server.url, server.close);
}

async function startBrowser(serverUrl: string, closeServer: () => Promise<void>): Promise<void> {
  await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  const dataDir = path.join(root, '.data', 'browser');
  // A core that cannot start (its local database cannot be opened) still gets a window: every call answers why.
  let failure: unknown = null;
  const core = await createCore({ dataDir, serverUrl, secrets: new DevFileSecretStore(path.join(dataDir, 'dev-secrets.json')), logger }).catch((error: unknown) => {
    logger.error({ err: error }, 'core failed to start');
    failure = error;
    return null;
  });
  const hosted = core ?? unavailableCore(startupFailure(failure));
  // Same port and token as last time (.data/browser/host.json), so a tab left open reconnects after a restart.
  const host = await startHostAtSavedAddress({
    core: hosted,
    staticDir: path.join(root, 'dist', 'renderer'),
    addressFile: path.join(dataDir, 'host.json'),
    ...(process.env.RAFAEL_HOST_PORT ? { port: Number(process.env.RAFAEL_HOST_PORT) } : {}),
    logger,
  });
  await core?.start();
  console.log(`\nRafaelPro Desktop (mode navigateur) : ${host.url}\n`);
  if (!noOpen) openInBrowser(host.url);
  const stop = async () => {
    await host.close();
    await core?.close();
    await closeServer();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
