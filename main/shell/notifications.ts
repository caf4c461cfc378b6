// The OS notification raised when the server rejected decisions: the user may not be looking at the app.
import type { EventPayload } from '../../shared/ipc/contract';

export function conflictNotification(payload: EventPayload<'conflicts.added'>): { title: string; body: string } {
  const n = payload.count;
  return {
    title: n === 1 ? 'Une décision a été refusée par le serveur' : `${n} décisions ont été refusées par le serveur`,
    body: 'Ouvrez « Conflits » pour voir la raison et corriger ou abandonner.',
  };
}
