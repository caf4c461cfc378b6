// The messages of the WebSocket wire (headless host <-> browser bridge) and of the utility-process wire (shell <->
// core process). Both carry the IPC contract verbatim: a call is {id, channel, input}, its answer {id, reply}, pushes
// are {event, payload}. Schemas, so both ends validate what they receive instead of trusting a cast.
import { z } from 'zod';
import { IpcReply } from './contract';

export const WireCall = z.object({ id: z.number().int().nonnegative(), channel: z.string().max(100), input: z.unknown() });
export type WireCall = z.infer<typeof WireCall>;

export const WireReply = z.object({ id: z.number().int().nonnegative(), reply: IpcReply });
export type WireReply = z.infer<typeof WireReply>;

export const WireEvent = z.object({ event: z.string(), payload: z.unknown() });
export type WireEvent = z.infer<typeof WireEvent>;

/** Everything the core side sends down a wire. */
export const WireFromCore = z.union([WireReply, WireEvent]);
export type WireFromCore = z.infer<typeof WireFromCore>;

/** Path of the headless host's WebSocket endpoint and the query parameter carrying its per-run token. */
export const WIRE_PATH = '/ipc';
export const TOKEN_PARAM = 'token';
/** Close code the host uses for a missing or wrong token (mirrors HTTP 401). */
export const CLOSE_UNAUTHORIZED = 4401;

/** Electron ipc channel names: every contract call goes through one invoke channel, every push through one event channel. */
export const ELECTRON_INVOKE_CHANNEL = 'rafael:invoke';
export const ELECTRON_EVENT_CHANNEL = 'rafael:event';
