// Preload and the browser bridge must give the renderer the same API. The `satisfies` lines are checked by tsc
// (npm run typecheck); the runtime tests drive both through fake transports and expect identical behaviour.
import { describe, expect, it } from 'vitest';
import type { IpcReply, RafaelApi } from '../../../shared/ipc/contract';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../../shared/ipc/wire';
import { createPreloadApi, type IpcRendererLike } from '../../../preload/rafael-bridge';
import { createBrowserBridge, takeTokenFromUrl, type SocketHandlers } from '../../../renderer/src/platform/browser-bridge';

type Answer = (channel: string, input: unknown) => IpcReply;

function fakeIpcRenderer(answer: Answer) {
  const listeners: Array<(event: unknown, ...args: unknown[]) => void> = [];
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      expect(channel).toBe(ELECTRON_INVOKE_CHANNEL);
      return answer(args[0] as string, args[1]);
    },
    on: (channel, l) => (expect(channel).toBe(ELECTRON_EVENT_CHANNEL), listeners.push(l)),
    removeListener: () => undefined,
  };
  return { ipc, push: (event: string, payload: unknown) => listeners.forEach((l) => l({ sender: 'x' }, event, payload)) };
}

function fakeSocket(answer: Answer) {
  let handlers: SocketHandlers | null = null;
  const urls: string[] = [];
  const bridge = createBrowserBridge({
    href: 'http://127.0.0.1:5555/?token=abc',
    openSocket(url, h) {
      urls.push(url);
      handlers = h;
      queueMicrotask(() => h.onOpen());
      return {
        isOpen: () => true,
        send(data) {
          const call = JSON.parse(data) as { id: number; channel: string; input: unknown };
          queueMicrotask(() => handlers?.onMessage(JSON.stringify({ id: call.id, reply: answer(call.channel, call.input) })));
        },
        close: () => undefined,
      };
    },
  });
  return { api: bridge.api, urls, push: (event: string, payload: unknown) => handlers?.onMessage(JSON.stringify({ event, payload })) };
}

const answer: Answer = (channel, input) =>
  channel === 'sync.now'
    ? { ok: false, error: { code: 'OFFLINE', message: 'Serveur injoignable.' } }
    : { ok: true, value: { channel, input } };

const preload = fakeIpcRenderer(answer);
const browser = fakeSocket(answer);
const preloadApi = createPreloadApi(preload.ipc) satisfies RafaelApi;
const browserApi = browser.api satisfies RafaelApi;

describe.each([
  ['preload', preloadApi, preload.push],
  ['browser bridge', browserApi, browser.push],
] as const)('%s', (_name, api, push) => {
  it('returns values and throws typed errors the same way', async () => {
    await expect(api.invoke('candidatures.get', { id: 'c1' })).resolves.toEqual({ channel: 'candidatures.get', input: { id: 'c1' } });
    await expect(api.invoke('sync.now', {})).rejects.toMatchObject({ name: 'RafaelError', code: 'OFFLINE', message: 'Serveur injoignable.' });
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const seen: unknown[] = [];
    const off = api.on('data.changed', (p) => seen.push(p));
    push('data.changed', { structureId: 's1' });
    push('sync.status', { whatever: true });
    off();
    push('data.changed', { structureId: 's2' });
    expect(seen).toEqual([{ structureId: 's1' }]);
  });
});

describe('preload exposes only the API', () => {
  it('is a frozen object with invoke and on, and no ipcRenderer', () => {
    expect(Object.keys(preloadApi).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(preloadApi)).toBe(true);
  });
});

describe('browser bridge token handling', () => {
  it('connects to /ipc with the token', () => {
    expect(browser.urls).toEqual(['ws://127.0.0.1:5555/ipc?token=abc']);
  });
  it('takes the token from the query or a #token= hash and leaves app routes alone', () => {
    expect(takeTokenFromUrl('http://h:1/?token=t1&x=2')).toEqual({ token: 't1', cleanUrl: 'http://h:1/?x=2' });
    expect(takeTokenFromUrl('http://h:1/#token=t2')).toEqual({ token: 't2', cleanUrl: 'http://h:1/' });
    expect(takeTokenFromUrl('http://h:1/#/candidatures')).toEqual({ token: null, cleanUrl: 'http://h:1/#/candidatures' });
  });
});
