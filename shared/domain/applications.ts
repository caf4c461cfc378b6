// Whether a session takes applications today (seed 004, « Fonctionnement de l'HSP »): a published session is open
// for its upcoming entry point until that date or until the counter is full; with no upcoming entry point it is
// closed. The reason is kept so every screen can say why a session cannot take one. Same rule as the capacity check
// at creation (entry-point-counter's checkCanApplyWith); a test keeps the two in agreement.
import { z } from 'zod';
import type { SessionStatus } from './vocabulary';

export const ApplicationsClosedReason = z.enum(['SESSION_CANCELLED', 'SESSION_ARCHIVED', 'NO_UPCOMING_ENTRY_POINT', 'FULL']);
export type ApplicationsClosedReason = z.infer<typeof ApplicationsClosedReason>;

export type ApplicationsState = { open: true; reason: null } | { open: false; reason: ApplicationsClosedReason };

/** `upcoming` is the counter of the upcoming entry point (null when there is none). */
export function applicationsState(status: SessionStatus, upcoming: { full: boolean } | null): ApplicationsState {
  if (status === 'CANCELLED') return { open: false, reason: 'SESSION_CANCELLED' };
  if (status === 'ARCHIVED') return { open: false, reason: 'SESSION_ARCHIVED' };
  if (upcoming === null) return { open: false, reason: 'NO_UPCOMING_ENTRY_POINT' };
  if (upcoming.full) return { open: false, reason: 'FULL' };
  return { open: true, reason: null };
}
