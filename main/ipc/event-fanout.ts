// Fans the core's events out to every attached bridge (Electron window, WebSocket clients). One subscriber that
// throws must not stop the others from hearing about a sync or a conflict.
import type { EventName, EventPayload, EventSink } from '../../shared/ipc/contract';

export interface EventFanout {
  /** Give this to the core (core.onEvent(fanout.sink)). */
  sink: EventSink;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

export function createEventFanout(onListenerError?: (error: unknown) => void): EventFanout {
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const sink: EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of [...listeners]) {
      try {
        listener(event, payload);
      } catch (error) {
        onListenerError?.(error);
      }
    }
  };
  return {
    sink,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
