// The OS notifications: decisions the server rejected, and the daily deadline reminder. The user may not be looking
// at the app. French, like the app (the shell has no catalogue).
import type { EventPayload } from '../../shared/ipc/contract';
import { formatFrenchDay } from '../../shared/domain/calendar-date';

export function conflictNotification(payload: EventPayload<'conflicts.added'>): { title: string; body: string } {
  const n = payload.count;
  return {
    title: n === 1 ? 'Une décision a été refusée par le serveur' : `${n} décisions ont été refusées par le serveur`,
    body: 'Ouvrez « Conflits » pour voir la raison et corriger ou abandonner.',
  };
}

export function deadlineReminderNotification(r: { count: number; earliestDeadline: string; structureName: string }): { title: string; body: string } {
  return {
    title: r.count === 1
      ? '1 candidature passe bientôt en « avis non transmis »'
      : `${r.count} candidatures passent bientôt en « avis non transmis »`,
    body: `${r.structureName} : première échéance le ${formatFrenchDay(r.earliestDeadline)}. Cliquez pour ouvrir la liste et donner vos avis.`,
  };
}
