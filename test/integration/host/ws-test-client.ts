// A Node WebSocket client for the headless host, speaking the wire protocol the browser bridge speaks.
import WebSocket from 'ws';
import type { SocketHandlers, SocketLike } from '../../../renderer/src/platform/browser-bridge';

/** Adapts the `ws` package to the bridge's socket interface, sending the Origin a browser would send. */
export function nodeSocketOpener(origin: string) {
  return (url: string, handlers: SocketHandlers): SocketLike => {
    const ws = new WebSocket(url, { origin });
    ws.on('open', () => handlers.onOpen());
    ws.on('message', (data) => handlers.onMessage(String(data)));
    ws.on('close', (code) => handlers.onClose(code));
    ws.on('error', () => undefined);
    return { isOpen: () => ws.readyState === WebSocket.OPEN, send: (d) => ws.send(d), close: (c) => ws.close(c) };
  };
}

/** Opens a raw socket and reports how the host answered: opened, closed with a code, or refused with an HTTP status. */
export function tryConnect(url: string, origin?: string): Promise<{ opened: boolean; closeCode?: number; httpStatus?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    let opened = false;
    ws.on('open', () => {
      opened = true;
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ opened: false, httpStatus: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('close', (code) => resolve({ opened, closeCode: code }));
    ws.on('error', () => undefined);
  });
}
