// The renderer's single door to the app: the typed RafaelApi (window.rafael, from preload or the browser bridge).
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload, RafaelApi } from '../../shared/ipc/contract';
import { RafaelError } from '../../shared/ipc/contract';

let resolved: RafaelApi | null = null;

export function setRafaelApi(api: RafaelApi): void {
  resolved = api;
}

function api(): RafaelApi {
  const found = resolved;
  if (!found) throw new RafaelError({ code: 'INTERNAL', message: 'Le pont vers le cœur de l’application est absent.' });
  return found;
}

export function invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  return api().invoke(channel, input);
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return api().on(event, listener);
}

/** Any thrown value as displayable error data (RafaelError carries a French message, maybe a field or a reason). */
export function toErrorData(error: unknown): { code: string; message: string; field?: string; reason?: string } {
  if (error instanceof RafaelError) return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.reason ? { reason: error.reason } : {}) };
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const e = error as { code: unknown; message: unknown; field?: unknown };
    return { code: String(e.code), message: String(e.message), ...(typeof e.field === 'string' ? { field: e.field } : {}) };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
