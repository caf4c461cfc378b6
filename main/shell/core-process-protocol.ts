// Messages between the Electron main process and the core's utility process. The core runs there so that a long
// sync or a big query never blocks the window; safeStorage only exists in the main process, so the core asks the
// main process for its secrets over the same port.
import { z } from 'zod';
import { IpcErrorData, IpcReply } from '../../shared/ipc/contract';

export const ToCore = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('init'), dataDir: z.string(), serverUrl: z.string(), online: z.boolean(), nativeBinding: z.string().optional() }),
  z.object({ kind: z.literal('call'), id: z.number().int(), channel: z.string(), input: z.unknown() }),
  z.object({ kind: z.literal('secret-reply'), id: z.number().int(), value: z.string().nullable(), error: z.string().optional() }),
  z.object({ kind: z.literal('online'), online: z.boolean() }),
  z.object({ kind: z.literal('shutdown') }),
]);
export type ToCore = z.infer<typeof ToCore>;

export const FromCore = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  /** `error`: what every call is then answered with (a typed, displayable reason such as LOCAL_DATABASE_UNAVAILABLE). */
  z.object({ kind: z.literal('fatal'), message: z.string(), error: IpcErrorData.optional() }),
  z.object({ kind: z.literal('reply'), id: z.number().int(), reply: IpcReply }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ kind: z.literal('secret'), id: z.number().int(), op: z.enum(['get', 'set', 'delete']), name: z.string(), value: z.string().optional() }),
  z.object({ kind: z.literal('closed') }),
]);
export type FromCore = z.infer<typeof FromCore>;

/** One end of a message channel, as both process.parentPort (child) and a UtilityProcess (parent) can be adapted. */
export interface MessageEnd<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
