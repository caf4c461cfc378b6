// What answers the renderer when the core could not start (its local database cannot be opened, say): every
// channel replies with the same displayable error, so the window shows why and what to do instead of a blank page.
// The Electron shell's core-process client does the same for its utility process; browser mode serves this.
import { CHANNEL_NAMES, RafaelError, type IpcErrorData, type IpcHandlers } from '../../shared/ipc/contract';

/** The reply for a core that failed to start: its own displayable error, or a generic one for anything else. */
export function startupFailure(error: unknown): IpcErrorData {
  if (error instanceof RafaelError) return error.toData();
  return { code: 'INTERNAL', message: 'Le cœur de l’application n’a pas pu démarrer. Consultez le dossier des journaux.' };
}

export function unavailableCore(error: IpcErrorData): { handlers: IpcHandlers; onEvent(): () => void } {
  const fail = async () => {
    throw new RafaelError(error);
  };
  return {
    handlers: Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, fail])) as unknown as IpcHandlers,
    onEvent: () => () => undefined,
  };
}
