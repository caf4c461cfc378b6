// Binds the contract to Electron's ipcMain: one invoke channel, every call checked against the sender's frame URL
// before it goes anywhere, then forwarded (to the core process) as is. Events go back on one event channel.
import type { IpcReply } from '../../shared/ipc/contract';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../shared/ipc/wire';
import { isAllowedSender, type SenderPolicyOptions } from '../ipc/sender-policy';

/** The slice of ipcMain used here; the event carries the sending frame (null once the frame is gone). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<IpcReply>): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export const FORBIDDEN_SENDER_REPLY: IpcReply = {
  ok: false,
  error: { code: 'FORBIDDEN_SENDER', message: 'Appel refusé : il ne provient pas de l’application.' },
};

export function bindIpc(ipcMain: IpcMainLike, forward: (channel: string, input: unknown) => Promise<IpcReply>, policy: SenderPolicyOptions = {}): () => void {
  ipcMain.handle(ELECTRON_INVOKE_CHANNEL, async (event, channel, input) => {
    if (!isAllowedSender(event.senderFrame?.url, policy)) return FORBIDDEN_SENDER_REPLY;
    if (typeof channel !== 'string') return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Opération inconnue.' } };
    return forward(channel, input);
  });
  return () => ipcMain.removeHandler(ELECTRON_INVOKE_CHANNEL);
}

export function sendEvent(target: EventTarget | null, event: string, payload: unknown): void {
  if (target && !target.isDestroyed()) target.send(ELECTRON_EVENT_CHANNEL, event, payload);
}
