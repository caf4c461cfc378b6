// The renderer's one way to reach the app: window.rafael when Electron's preload provided it, otherwise the
// WebSocket bridge to the headless host (browser mode, tests). Both are built by shared/ipc/client.ts.
import type { RafaelApi } from '../../../shared/ipc/contract';
import { createBrowserBridge, type HostConnection } from './browser-bridge';
import { browserNotifier, type NotificationApi, type ReminderNotifier } from './reminder-notifier';

declare global {
  interface Window {
    rafael?: RafaelApi;
  }
}

let cached: RafaelApi | null = null;
/** Inside Electron the core is always there (the shell restarts it); only browser mode can lose its host. */
let watchConnection: (listener: (state: HostConnection) => void) => () => void = (listener) => {
  listener('connected');
  return () => undefined;
};

export function onHostConnection(listener: (state: HostConnection) => void): () => void {
  return watchConnection(listener);
}

export function getRafaelApi(): RafaelApi {
  if (cached) return cached;
  if (window.rafael) {
    cached = window.rafael;
    return cached;
  }
  const bridge = createBrowserBridge({
    href: window.location.href,
    openSocket: (url, handlers) => {
      const ws = new WebSocket(url);
      ws.onopen = () => handlers.onOpen();
      ws.onmessage = (ev) => handlers.onMessage(typeof ev.data === 'string' ? ev.data : '');
      ws.onclose = (ev) => handlers.onClose(ev.code);
      return { isOpen: () => ws.readyState === WebSocket.OPEN, send: (data) => ws.send(data), close: (code) => ws.close(code) };
    },
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
    storage: window.sessionStorage,
  });
  cached = bridge.api;
  watchConnection = (listener) => bridge.onConnection(listener);
  return cached;
}

/** The page's notifier for deadline reminders: none inside Electron (the shell shows them), the browser's otherwise. */
export function pageNotifier(): ReminderNotifier | null {
  if (window.rafael) return null;
  const api = (window as unknown as { Notification?: NotificationApi }).Notification;
  return browserNotifier(api, () => window.focus());
}

export type { HostConnection } from './browser-bridge';
