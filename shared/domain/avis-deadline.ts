// The avis deadline. The guides do not say how it is set: the server owns it (docs/domain.md) and by default puts it
// 45 days after the candidature was made. "Passage en avis non transmis d'ici 15 jours" reads it.
import type { CalendarDate } from './calendar-date';
import { addDays } from './calendar-date';
import type { CandidatureState } from './vocabulary';

export const DEFAULT_AVIS_DELAY_DAYS = 45;
export const DEADLINE_SOON_DAYS = 15;
/** An unsent avis whose deadline is this close is flagged: it must reach the server before the deadline passes. */
export const DEADLINE_ALERT_DAYS = 2;

export function defaultAvisDeadline(createdOn: CalendarDate): CalendarDate {
  return addDays(createdOn, DEFAULT_AVIS_DELAY_DAYS);
}

/** Pending, and its deadline falls between today and today + 15 days (both included). */
export function isDeadlineSoon(c: { state: CandidatureState; avisDeadline: CalendarDate }, today: CalendarDate): boolean {
  return c.state === 'EN_ATTENTE' && c.avisDeadline >= today && c.avisDeadline <= addDays(today, DEADLINE_SOON_DAYS);
}

/**
 * The last days before « avis non transmis »: the daily reminder (shared/domain/deadline-reminder) names pending
 * candidatures whose deadline falls between today and today + this many days.
 */
export const LAST_DAYS_BEFORE_DEADLINE = 3;

/** Pending, and its deadline is today or within the next LAST_DAYS_BEFORE_DEADLINE days. */
export function isInLastDays(c: { state: CandidatureState; avisDeadline: CalendarDate }, today: CalendarDate): boolean {
  return c.state === 'EN_ATTENTE' && c.avisDeadline >= today && c.avisDeadline <= addDays(today, LAST_DAYS_BEFORE_DEADLINE);
}

/** The deadline job: a pending candidature whose deadline is before today becomes AVIS_NON_TRANSMIS. */
export function isPastAvisDeadline(c: { state: CandidatureState; avisDeadline: CalendarDate }, today: CalendarDate): boolean {
  return c.state === 'EN_ATTENTE' && c.avisDeadline < today;
}
