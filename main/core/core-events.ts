// The core's outgoing events, fanned out to whichever bridges are attached (Electron's port, WebSocket clients,
// tests). A failing sink is logged and never stops the others or the command that emitted.
import type { Logger } from 'pino';
import type { EventName, EventPayload, EventSink } from '../../shared/ipc/contract';

export class CoreEvents {
  private readonly sinks = new Set<EventSink>();

  constructor(private readonly logger: Logger) {}

  on(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const sink of this.sinks) {
      try {
        sink(event, payload);
      } catch (error) {
        this.logger.error({ err: error, event }, 'event sink failed');
      }
    }
  }

  clear(): void {
    this.sinks.clear();
  }
}
