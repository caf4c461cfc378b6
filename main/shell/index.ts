// Electron main process: lifecycle, the one window, the app:// protocol, menus, notifications, the updater, and
// the bridge between the renderer (through preload) and the core running in a utility process. Every security
// decision lives in a small module with its own tests (window-options, navigation-policy, app-protocol,
// ipc-binding, secret-store); this file only wires them to Electron, and cannot run on our build machines.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, Notification, protocol, safeStorage, session, shell, utilityProcess } from 'electron';
import { autoUpdater } from 'electron-updater';
import { ipcEvents } from '../../shared/ipc/contract';
import { APP_ORIGIN } from '../ipc/sender-policy';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import { createCoreProcessClient } from './core-process-client';
import type { MessageEnd, ToCore } from './core-process-protocol';
import { bindIpc, sendEvent } from './ipc-binding';
import { createShellLogger } from './logger';
import { buildMenuTemplate } from './menu';
import { createNavigationGuards } from './navigation-policy';
import { conflictNotification } from './notifications';
import { watchDeadlineReminders } from './deadline-reminders';
import { createSafeStorageSecretStore } from './secret-store';
import { startUpdater } from './updater';
import { launchSettings } from './launch-settings';
import { buildWindowOptions } from './window-options';

const DEFAULT_SERVER_URL = 'https://api.rafaelpro.fr';
const HELP_URL = 'https://www.cap-metiers.pro/rafaelpro';

// Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

async function main(): Promise<void> {
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  await app.whenReady();
  const userData = app.getPath('userData');
  const logsDir = path.join(userData, 'logs');
  const logger = await createShellLogger(logsDir, process.env.RAFAEL_LOG_LEVEL ?? 'info');
  const isDev = !app.isPackaged;
  const devServerUrl = isDev ? process.env.RAFAEL_DEV_SERVER_URL : undefined;

  const guards = createNavigationGuards({
    openExternal: (url) => shell.openExternal(url),
    log: (message, url) => logger.warn({ url }, message),
  });
  session.defaultSession.setPermissionRequestHandler(guards.permissionRequestHandler);
  session.defaultSession.setPermissionCheckHandler(guards.permissionCheckHandler);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', guards.onWillNavigate);
    contents.on('will-redirect', guards.onWillNavigate);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(guards.windowOpenHandler);
  });

  registerAppProtocol(protocol, path.join(__dirname, '..', 'renderer'));

  const secrets = createSafeStorageSecretStore(safeStorage, path.join(userData, 'secrets'));
  if (secrets.warning) logger.warn({ mode: secrets.mode }, 'secret storage is memory-only');

  // The core: a utility process, so a long sync or query never blocks this thread or the window.
  const child = utilityProcess.fork(path.join(__dirname, 'core-process.cjs'), [], {
    serviceName: 'RafaelPro core',
    env: { ...process.env, RAFAEL_LOGS_DIR: logsDir },
  });
  const port: MessageEnd<unknown, ToCore> = {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
  };
  const settings = launchSettings(process.env, { isPackaged: app.isPackaged, defaultServerUrl: DEFAULT_SERVER_URL });
  const core = createCoreProcessClient(port, secrets.store, {
    dataDir: path.join(userData, 'data'),
    serverUrl: settings.serverUrl,
    online: net.isOnline(),
    ...(settings.nativeBinding ? { nativeBinding: settings.nativeBinding } : {}),
  });
  child.on('exit', (code) => {
    logger.error({ code }, 'core process exited');
    core.processExited();
  });
  core.ready.catch((error: unknown) => logger.error({ err: error }, 'core failed to start'));

  // Electron's main process has no online event: poll the OS flag (a hint; the core confirms with the server).
  let online = net.isOnline();
  setInterval(() => {
    const now = net.isOnline();
    if (now !== online) core.setOnline((online = now));
  }, 5_000).unref();

  bindIpc(ipcMain, (channel, input) => core.dispatch(channel, input), { isDev, devServerUrl });
  core.onEvent((event, payload) => {
    if (!(event in ipcEvents)) return;
    sendEvent(window?.webContents ?? null, event, payload);
    if (event === 'conflicts.added' && Notification.isSupported()) {
      const parsed = ipcEvents['conflicts.added'].safeParse(payload);
      if (parsed.success) new Notification(conflictNotification(parsed.data)).show();
    }
  });

  // Once a day, the pending candidatures near « avis non transmis »; a click brings the window on their list.
  watchDeadlineReminders({
    ask: () => core.dispatch('reminders.due', {}),
    notifier: {
      isSupported: () => Notification.isSupported(),
      show: (content, onClick) => {
        const notification = new Notification(content);
        notification.on('click', onClick);
        notification.show();
      },
    },
    open: (reminder) => {
      if (!window) {
        // No window (macOS keeps the app running without one): the list opens once the new page has loaded.
        const win = (window = createWindow());
        win.webContents.once('did-finish-load', () => sendEvent(win.webContents, 'reminders.open', reminder));
        return;
      }
      if (window.isMinimized()) window.restore();
      window.focus();
      sendEvent(window.webContents, 'reminders.open', reminder);
    },
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        syncNow: () => void core.dispatch('sync.now', {}),
        openLogsFolder: () => void shell.openPath(logsDir),
        openHelp: () => void shell.openExternal(HELP_URL),
        showAbout: () => app.showAboutPanel(),
      }),
    ),
  );

  function createWindow(): BrowserWindow {
    const win = new BrowserWindow(buildWindowOptions(path.join(__dirname, '..', 'preload', 'index.cjs')));
    win.once('ready-to-show', () => {
      win.show();
      if (secrets.warning) void dialog.showMessageBox(win, { type: 'warning', title: 'RafaelPro Desktop', message: secrets.warning });
    });
    win.on('closed', () => {
      if (window === win) window = null;
    });
    void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
    return win;
  }
  window = createWindow();

  app.on('activate', () => {
    if (!window) window = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    // Let the core finish its transaction and close the database; give up after 5 s.
    void Promise.race([core.shutdown(), new Promise((r) => setTimeout(r, 5_000))]).finally(() => app.quit());
  });

  startUpdater(autoUpdater, {
    isPackaged: app.isPackaged,
    feedUrl: settings.updateFeedUrl,
    onError: (error) => logger.warn({ err: error }, 'update check failed'),
  });
}

