// The main process side of the core process: forwards contract calls and waits for their replies, relays the
// core's events, answers its secret requests from the safeStorage store, and tells it when the network changes.
import type { IpcErrorData, IpcReply } from '../../shared/ipc/contract';
import { startupFailure } from '../ipc/unavailable-core';
import { FromCore, type MessageEnd, type ToCore } from './core-process-protocol';
import type { SecretStoreLike } from './secret-store';

export interface CoreProcessClient {
  /** Resolves when the core has started; rejects with its fatal message. */
  ready: Promise<void>;
  dispatch(channel: string, input: unknown): Promise<IpcReply>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  setOnline(online: boolean): void;
  shutdown(): Promise<void>;
  /** The process died: fail what waits. */
  processExited(): void;
}

export function createCoreProcessClient(
  port: MessageEnd<unknown, ToCore>,
  secrets: SecretStoreLike,
  init: { dataDir: string; serverUrl: string; online: boolean; nativeBinding?: string },
): CoreProcessClient {
  let nextId = 1;
  const waiting = new Map<number, (reply: IpcReply) => void>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let onClosed: (() => void) | null = null;
  let startupError: IpcErrorData = startupFailure(null);
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined);

  port.onMessage((raw) => {
    const parsed = FromCore.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    switch (msg.kind) {
      case 'ready':
        resolveReady();
        return;
      case 'fatal':
        if (msg.error) startupError = msg.error;
        rejectReady(new Error(msg.message));
        return;
      case 'reply':
        waiting.get(msg.id)?.(msg.reply);
        waiting.delete(msg.id);
        return;
      case 'event':
        for (const listener of listeners) listener(msg.event, msg.payload);
        return;
      case 'secret': {
        const op = msg.op === 'get' ? secrets.get(msg.name) : msg.op === 'set' ? secrets.set(msg.name, msg.value ?? '').then(() => null) : secrets.delete(msg.name).then(() => null);
        op.then(
          (value) => port.post({ kind: 'secret-reply', id: msg.id, value }),
          (error: unknown) => port.post({ kind: 'secret-reply', id: msg.id, value: null, error: error instanceof Error ? error.message : 'secret store failed' }),
        );
        return;
      }
      case 'closed':
        onClosed?.();
        return;
    }
  });

  port.post({ kind: 'init', ...init });

  const STOPPED: IpcReply = { ok: false, error: { code: 'INTERNAL', message: 'Le cœur de l’application s’est arrêté. Relancez l’application.' } };
  let exited = false;
  const failAll = () => {
    for (const resolve of waiting.values()) resolve(STOPPED);
    waiting.clear();
  };

  return {
    ready,
    async dispatch(channel, input) {
      try {
        await ready;
      } catch {
        return { ok: false, error: startupError };
      }
      // A message to an exited utility process is dropped silently: answer at once instead of never.
      if (exited) return STOPPED;
      return new Promise<IpcReply>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        port.post({ kind: 'call', id, channel, input });
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setOnline(online) {
      port.post({ kind: 'online', online });
    },
    shutdown() {
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        onClosed = resolve;
        port.post({ kind: 'shutdown' });
      });
    },
    processExited() {
      exited = true;
      rejectReady(new Error('core process exited'));
      failAll();
      onClosed?.();
    },
  };
}
