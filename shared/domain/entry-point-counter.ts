// The capacity counter of an entry point (seed 004, "Comment est calculé le nombre de candidatures réalisées"):
//   taken = RETENUE candidatures whose avis was given after E(k-1) and on or before E(k)
//         + every EN_ATTENTE candidature (they roll over to the upcoming entry point)
// shown as taken/places; recruitment closes when taken >= places. NON_RETENUE leaves the count, so it frees a place.
// Legacy data may give taken > places (13/10): shown as is, the remainder never negative.
import type { CalendarDate } from './calendar-date';
import type { CandidatureState } from './vocabulary';
import { previousEntryPoint, sortEntryPoints, upcomingEntryPoint, type DatedEntryPoint } from './entry-point-window';
import { allowed, refused, type RuleResult } from './rule-result';

export type CountedCandidature = { state: CandidatureState; avisOn: CalendarDate | null };

export type Counter = { entryPointId: string; date: CalendarDate; taken: number; places: number; remaining: number; full: boolean };

function retainedWithin(candidatures: readonly CountedCandidature[], after: CalendarDate | null, upTo: CalendarDate): number {
  let n = 0;
  for (const c of candidatures) {
    if (c.state !== 'RETENUE' || c.avisOn === null) continue;
    if ((after === null || c.avisOn > after) && c.avisOn <= upTo) n++;
  }
  return n;
}

function pendingCount(candidatures: readonly CountedCandidature[]): number {
  let n = 0;
  for (const c of candidatures) if (c.state === 'EN_ATTENTE') n++;
  return n;
}

function makeCounter(entryPoint: DatedEntryPoint, taken: number): Counter {
  return {
    entryPointId: entryPoint.id,
    date: entryPoint.date,
    taken,
    places: entryPoint.places,
    remaining: Math.max(0, entryPoint.places - taken),
    full: taken >= entryPoint.places,
  };
}

/**
 * The counter of one entry point of a session. Pending candidatures count toward the upcoming entry point only
 * (earlier ones are past; later ones get them when they roll over).
 */
export function entryPointCounter(
  entryPoints: readonly DatedEntryPoint[],
  target: DatedEntryPoint,
  candidatures: readonly CountedCandidature[],
  today: CalendarDate,
): Counter {
  const previous = previousEntryPoint(entryPoints, target);
  const upcoming = upcomingEntryPoint(entryPoints, today);
  const retained = retainedWithin(candidatures, previous?.date ?? null, target.date);
  const pending = upcoming?.id === target.id ? pendingCount(candidatures) : 0;
  return makeCounter(target, retained + pending);
}

/** The counter of the upcoming entry point, or null when the session has none. */
export function upcomingCounter(
  entryPoints: readonly DatedEntryPoint[],
  candidatures: readonly CountedCandidature[],
  today: CalendarDate,
): Counter | null {
  const upcoming = upcomingEntryPoint(entryPoints, today);
  return upcoming ? entryPointCounter(entryPoints, upcoming, candidatures, today) : null;
}

/** Counters for every entry point of a session, in date order. */
export function allCounters(
  entryPoints: readonly DatedEntryPoint[],
  candidatures: readonly CountedCandidature[],
  today: CalendarDate,
): Counter[] {
  return sortEntryPoints(entryPoints).map((e) => entryPointCounter(entryPoints, e, candidatures, today));
}

/** Display form of the guide: "9/12". */
export function formatCounter(counter: Pick<Counter, 'taken' | 'places'>): string {
  return `${counter.taken}/${counter.places}`;
}

/**
 * Whether a new candidature can be made today (a candidate applying, or a prescriber validating a
 * pre-registration). Capacity is checked here, at creation: a retained avis never raises the count.
 */
export function checkCanApply(
  session: { status: 'PUBLISHED' | 'CANCELLED' | 'ARCHIVED' },
  entryPoints: readonly DatedEntryPoint[],
  candidatures: readonly CountedCandidature[],
  today: CalendarDate,
): RuleResult & { counter?: Counter } {
  if (session.status === 'CANCELLED') return refused('SESSION_CANCELLED', 'La session a été annulée.');
  if (session.status === 'ARCHIVED') return refused('APPLICATIONS_CLOSED', 'La session est archivée.');
  const counter = upcomingCounter(entryPoints, candidatures, today);
  if (!counter) return refused('APPLICATIONS_CLOSED', "Aucun point d'entrée à venir : les candidatures sont fermées.");
  if (counter.full) {
    return { ...refused('CAPACITY_REACHED', `Session complète : ${formatCounter(counter)} places prises au point d'entrée à venir.`), counter };
  }
  return { ...allowed, counter };
}
