// The renderer-side half of every bridge: turns a raw transport (Electron ipcRenderer.invoke, or a WebSocket)
// into the typed RafaelApi, unwrapping envelopes into values or RafaelErrors. Preload and the browser bridge
// both build `window.rafael` with this function, so they cannot drift apart.
import { IpcReply, RafaelError, type ChannelName, type ChannelInput, type ChannelOutput, type EventName, type EventPayload, type IpcTransport, type RafaelApi } from './contract';

export type EventSubscriber = (event: string, listener: (payload: unknown) => void) => () => void;

export function createRafaelApi(transport: IpcTransport, subscribe: EventSubscriber): RafaelApi {
  return {
    async invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const raw = await transport(channel, input);
      const reply = IpcReply.safeParse(raw);
      if (!reply.success) throw new RafaelError({ code: 'INTERNAL', message: 'unexpected reply from the core', reason: { key: 'unexpectedCoreReply' } });
      if (!reply.data.ok) throw new RafaelError(reply.data.error);
      return reply.data.value as ChannelOutput<C>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return subscribe(event, listener as (payload: unknown) => void);
    },
  };
}
