// Builds the API preload exposes, from an ipcRenderer-like object, so it can be tested without Electron. Only the
// typed RafaelApi leaves this module: no ipcRenderer, no channel names, no Node.
import { createRafaelApi } from '../shared/ipc/client';
import type { IpcReply, RafaelApi } from '../shared/ipc/contract';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../shared/ipc/wire';

/** The slice of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createPreloadApi(ipcRenderer: IpcRendererLike): RafaelApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  // One Electron listener for all events, registered lazily; renderer listeners never see the IpcRendererEvent.
  let attached = false;
  const onEvent = (_event: unknown, name: unknown, payload: unknown) => {
    if (typeof name !== 'string') return;
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  const api = createRafaelApi(
    (channel, input) => ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, channel, input) as Promise<IpcReply>,
    (event, listener) => {
      if (!attached) {
        ipcRenderer.on(ELECTRON_EVENT_CHANNEL, onEvent as (event: unknown, ...args: unknown[]) => void);
        attached = true;
      }
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
  );
  // A frozen plain object: the page cannot swap its methods for others.
  return Object.freeze({ invoke: api.invoke, on: api.on }) satisfies RafaelApi;
}
