// The one place a contract call enters the core, shared by the Electron binding (via the core process) and the
// headless host: unknown channels are refused, input is parsed with the channel's schema before any handler runs
// (so a bad call has no side effect), and every outcome becomes an IpcReply envelope. Unexpected errors are logged
// in full here and cross the bridge only as a generic French message: no stack or SQL reaches the renderer.
// Outside the packaged app, each handler's result is checked against its channel's output schema too, so a handler
// that forgets to return (or returns the wrong shape) fails the call in development and tests instead of handing the
// renderer `undefined`.
import { ipcChannels, RafaelError, type ChannelName, type IpcHandlers, type IpcReply } from '../../shared/ipc/contract';
import { outputProblem, validationError } from '../../shared/ipc/validation';

export interface DispatcherLogger {
  error(details: object, message: string): void;
}

export interface DispatcherOptions {
  logger?: DispatcherLogger;
  /**
   * Check each result against the channel's output schema. On by default; off in the production bundles (main's Vite
   * build sets NODE_ENV), where a result the renderer can still show beats a refused call.
   */
  checkOutputs?: boolean;
}

export type Dispatch = (channel: string, rawInput: unknown) => Promise<IpcReply>;

export const INTERNAL_MESSAGE = 'Une erreur inattendue est survenue. Réessayez ; si elle persiste, contactez le support.';

function isChannel(channel: string): channel is ChannelName {
  return Object.prototype.hasOwnProperty.call(ipcChannels, channel);
}

export function createDispatcher(handlers: IpcHandlers, options: DispatcherOptions = {}): Dispatch {
  const checkOutputs = options.checkOutputs ?? process.env.NODE_ENV !== 'production';
  return async (channel, rawInput) => {
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Opération inconnue.' } };
    }
    const parsed = ipcChannels[channel].input.safeParse(rawInput);
    if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
    try {
      // The handler map is indexed by the same key as the schema table, so the parsed input matches its handler.
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      const problem = checkOutputs ? outputProblem(channel, value) : null;
      if (problem) {
        options.logger?.error({ channel, problem }, 'IPC handler broke its contract');
        return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
      }
      return { ok: true, value };
    } catch (error) {
      if (error instanceof RafaelError) return { ok: false, error: error.toData() };
      options.logger?.error({ err: error, channel }, 'IPC handler failed');
      return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
    }
  };
}
