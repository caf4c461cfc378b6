// The browser half of the headless host: gives the renderer the same RafaelApi that preload gives it inside
// Electron, over a loopback WebSocket. The per-run token arrives in the page URL; it is moved to sessionStorage
// and wiped from the address bar at once, so it is not left in history or shown on screen.
import { createRafaelApi } from '../../../shared/ipc/client';
import type { IpcReply, RafaelApi } from '../../../shared/ipc/contract';
import { CLOSE_UNAUTHORIZED, TOKEN_PARAM, WIRE_PATH, WireFromCore } from '../../../shared/ipc/wire';

/** What the bridge needs from a WebSocket: the page adapts the DOM one, tests adapt the `ws` package's. */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: string): void;
  onClose(code: number): void;
}
export interface SocketLike {
  isOpen(): boolean;
  send(data: string): void;
  close(code?: number): void;
}

export interface BrowserBridgeEnv {
  /** The page address, e.g. http://127.0.0.1:5173/?token=… */
  href: string;
  openSocket(url: string, handlers: SocketHandlers): SocketLike;
  /** Removes the token from the address bar (history.replaceState in a page). */
  replaceUrl?(url: string): void;
  /** localStorage in a page; typed here without the DOM so the bridge is testable under Node. */
  storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  setTimer?(fn: () => void, ms: number): unknown;
}

/** Whether the headless host answers: a tab whose host has stopped says so instead of waiting forever. */
export type HostConnection = 'connecting' | 'connected' | 'lost' | 'refused';

export interface BrowserBridge {
  api: RafaelApi;
  /** Calls the listener at once with the current state, then on every change; returns the unsubscribe. */
  onConnection(listener: (state: HostConnection) => void): () => void;
  close(): void;
}

const STORAGE_KEY = 'rafael.hostToken';
const MAX_BACKOFF_MS = 10_000;

function lostReply(): IpcReply {
  return { ok: false, error: { code: 'INTERNAL', message: 'La connexion au cœur de l’application a été interrompue. Réessayez.' } };
}

function unauthorizedReply(): IpcReply {
  return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'Accès refusé : ouvrez l’application avec l’adresse affichée au démarrage.' } };
}

/** Reads the token from `?token=` or `#token=` and returns it with the address cleaned of it. */
export function takeTokenFromUrl(href: string): { token: string | null; cleanUrl: string } {
  const url = new URL(href);
  let token = url.searchParams.get(TOKEN_PARAM);
  url.searchParams.delete(TOKEN_PARAM);
  // The hash is only touched when it is exactly `#token=…`, so an app route in the hash survives untouched.
  const inHash = new RegExp(`^#${TOKEN_PARAM}=([^&]+)$`).exec(url.hash);
  if (inHash?.[1]) {
    token ??= decodeURIComponent(inHash[1]);
    url.hash = '';
  }
  return { token, cleanUrl: url.toString() };
}

export function createBrowserBridge(env: BrowserBridgeEnv): BrowserBridge {
  const { token: fromUrl, cleanUrl } = takeTokenFromUrl(env.href);
  if (fromUrl) {
    env.storage?.setItem(STORAGE_KEY, fromUrl);
    if (cleanUrl !== env.href) env.replaceUrl?.(cleanUrl);
  }
  const token = fromUrl ?? env.storage?.getItem(STORAGE_KEY) ?? '';
  const page = new URL(env.href);
  const wsUrl = `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}${WIRE_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
  const setTimer = env.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));

  let socket: SocketLike | null = null;
  let closed = false;
  let backoff = 250;
  let nextId = 1;
  // Calls sent on the current socket wait here for their reply; calls made while disconnected wait in `queued`.
  // In-flight calls are failed, never resent, when the socket drops: a command may already have been applied.
  const inFlight = new Map<number, (reply: IpcReply) => void>();
  const queued: Array<() => void> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let connection: HostConnection = 'connecting';
  const connectionListeners = new Set<(state: HostConnection) => void>();
  const setConnection = (next: HostConnection) => {
    if (next === connection) return;
    connection = next;
    for (const listener of connectionListeners) listener(next);
  };

  function connect(): void {
    if (closed) return;
    socket = env.openSocket(wsUrl, {
      onOpen() {
        backoff = 250;
        setConnection('connected');
        for (const send of queued.splice(0)) send();
      },
      onMessage,
      onClose,
    });
  }

  function onMessage(data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    const msg = WireFromCore.safeParse(parsed);
    if (!msg.success) return;
    if ('id' in msg.data) {
      const resolve = inFlight.get(msg.data.id);
      inFlight.delete(msg.data.id);
      resolve?.(msg.data.reply);
    } else {
      for (const listener of listeners.get(msg.data.event) ?? []) listener(msg.data.payload);
    }
  }

  function onClose(code: number): void {
    socket = null;
    // A refused token (a host restarted with another one) never heals by retrying: the page must be reopened.
    setConnection(code === CLOSE_UNAUTHORIZED ? 'refused' : 'lost');
    const reply = code === CLOSE_UNAUTHORIZED ? unauthorizedReply() : lostReply();
    for (const resolve of inFlight.values()) resolve(reply);
    inFlight.clear();
    if (closed) return;
    if (code === CLOSE_UNAUTHORIZED) {
      // A wrong token never becomes right by retrying: fail what waits and stop.
      closed = true;
      for (const send of queued.splice(0)) send();
      return;
    }
    setTimer(connect, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }

  function transport(channel: string, input: unknown): Promise<IpcReply> {
    return new Promise((resolve) => {
      const send = () => {
        if (!socket || !socket.isOpen()) {
          if (closed) {
            resolve(unauthorizedReply());
          } else {
            queued.push(send);
          }
          return;
        }
        const id = nextId++;
        inFlight.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, input }));
      };
      send();
    });
  }

  function subscribe(event: string, listener: (payload: unknown) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  connect();
  return {
    api: createRafaelApi(transport, subscribe),
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connection);
      return () => void connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close(1000);
      for (const send of queued.splice(0)) send();
    },
  };
}
