// The core process side: receives init, creates the core with a secret store and network monitor that proxy to
// the main process, then answers calls through the shared dispatcher and forwards the core's events.
import type { EventSink, IpcHandlers } from '../../shared/ipc/contract';
import { createDispatcher, type DispatcherLogger } from '../ipc/dispatcher';
import { startupFailure } from '../ipc/unavailable-core';
import type { FromCore} from './core-process-protocol';
import { ToCore, type MessageEnd } from './core-process-protocol';
import type { SecretStoreLike } from './secret-store';

/** What the runner needs from main/core's createCore result. */
export interface RunnableCore {
  handlers: IpcHandlers;
  onEvent(sink: EventSink): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface CoreFactoryOptions {
  dataDir: string;
  serverUrl: string;
  secrets: SecretStoreLike;
  network: { isOnline(): boolean; onChange(cb: (online: boolean) => void): () => void };
  nativeBinding?: string;
}

export function runCoreProcess(port: MessageEnd<unknown, FromCore>, createCore: (options: CoreFactoryOptions) => Promise<RunnableCore>, logger?: DispatcherLogger): void {
  let core: RunnableCore | null = null;
  let dispatch: ReturnType<typeof createDispatcher> | null = null;
  let online = true;
  const onlineListeners = new Set<(online: boolean) => void>();
  let nextSecretId = 1;
  const pendingSecrets = new Map<number, { resolve(v: string | null): void; reject(e: Error): void }>();

  const askSecret = (op: 'get' | 'set' | 'delete', name: string, value?: string) =>
    new Promise<string | null>((resolve, reject) => {
      const id = nextSecretId++;
      pendingSecrets.set(id, { resolve, reject });
      port.post({ kind: 'secret', id, op, name, ...(value !== undefined ? { value } : {}) });
    });

  const secrets: SecretStoreLike = {
    get: (name) => askSecret('get', name),
    set: async (name, value) => void (await askSecret('set', name, value)),
    delete: async (name) => void (await askSecret('delete', name)),
  };

  port.onMessage((raw) => {
    const parsed = ToCore.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    switch (msg.kind) {
      case 'init': {
        online = msg.online;
        const network = {
          isOnline: () => online,
          onChange(cb: (o: boolean) => void) {
            onlineListeners.add(cb);
            return () => onlineListeners.delete(cb);
          },
        };
        createCore({ dataDir: msg.dataDir, serverUrl: msg.serverUrl, secrets, network, ...(msg.nativeBinding ? { nativeBinding: msg.nativeBinding } : {}) })
          .then(async (created) => {
            core = created;
            dispatch = createDispatcher(created.handlers, logger ? { logger } : {});
            created.onEvent((event, payload) => port.post({ kind: 'event', event, payload }));
            await created.start();
            port.post({ kind: 'ready' });
          })
          .catch((error: unknown) => {
            logger?.error({ err: error }, 'core failed to start');
            port.post({ kind: 'fatal', message: 'Le cœur de l’application n’a pas pu démarrer.', error: startupFailure(error) });
          });
        return;
      }
      case 'call': {
        const run = dispatch;
        if (!run) {
          port.post({ kind: 'reply', id: msg.id, reply: { ok: false, error: { code: 'INTERNAL', message: 'L’application démarre encore. Réessayez dans un instant.' } } });
          return;
        }
        void run(msg.channel, msg.input).then((reply) => port.post({ kind: 'reply', id: msg.id, reply }));
        return;
      }
      case 'secret-reply': {
        const pending = pendingSecrets.get(msg.id);
        pendingSecrets.delete(msg.id);
        if (msg.error) pending?.reject(new Error(msg.error));
        else pending?.resolve(msg.value);
        return;
      }
      case 'online': {
        if (online === msg.online) return;
        online = msg.online;
        for (const cb of onlineListeners) cb(online);
        return;
      }
      case 'shutdown': {
        void (core?.close() ?? Promise.resolve()).finally(() => port.post({ kind: 'closed' }));
        return;
      }
    }
  });
}
