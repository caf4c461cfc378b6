// Which entry point a candidature belongs to, as a manager reconciles it with EOS (the candidatures export shows it).
// The counter rule decides it (entry-point-counter): an avis given on a day counts toward the first entry point dated
// on or after that day; a pending candidature counts toward the upcoming one and rolls over; any other candidature
// (refused, avis non transmis) was made for the first entry point dated on or after the day it was made.
import type { CalendarDate } from './calendar-date';
import type { CandidatureState } from './vocabulary';
import { sortEntryPoints, upcomingEntryPoint, type DatedEntryPoint } from './entry-point-window';

export type PlacedCandidature = { state: CandidatureState; createdOn: CalendarDate; avisOn: CalendarDate | null };

export function entryPointOfCandidature<E extends DatedEntryPoint>(entryPoints: readonly E[], c: PlacedCandidature, today: CalendarDate): E | null {
  if (c.state === 'EN_ATTENTE') return upcomingEntryPoint(entryPoints, today);
  const day = c.avisOn ?? c.createdOn;
  return sortEntryPoints(entryPoints).find((e) => e.date >= day) ?? null;
}
