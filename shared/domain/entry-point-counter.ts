// The capacity counter of an entry point (seed 004, "Comment est calculé le nombre de candidatures réalisées"):
//   taken = RETENUE candidatures whose avis was given after E(k-1) and on or before E(k)
//         + every EN_ATTENTE candidature (they roll over to the upcoming entry point)
// shown as taken/places; recruitment closes when taken >= places. NON_RETENUE leaves the count, so it frees a place.
// Legacy data may give taken > places (13/10): shown as is, the remainder never negative.
//
// The counter is public, but not every user holds every candidature (a prescripteur holds only those born from its
// own pre-registrations). So the rule is split in two: candidatures → per-entry-point *tallies* (the server computes
// them and carries them on entry point rows, no personal data), and tallies → counter (everyone, with their own
// today). A client lays the effect of its own unsent decisions over the server's tallies with `withChanges`.
import { addDays, type CalendarDate } from './calendar-date';
import type { CandidatureState } from './vocabulary';
import { sortEntryPoints, upcomingEntryPoint, type DatedEntryPoint } from './entry-point-window';
import { allowed, refused, type RuleResult } from './rule-result';

export type CountedCandidature = { state: CandidatureState; avisOn: CalendarDate | null };
/** A group of candidatures alike for the counter (a SQL `group by state, avis_on` row). */
export type CountedGroup = CountedCandidature & { count: number };

/**
 * What an entry point's counter is made of. `retainedInWindow`: RETENUE candidatures whose avis day falls in
 * (E(k-1), E(k)]; `sessionPending`: the session's EN_ATTENTE candidatures (the same on every entry point of the
 * session that can still be upcoming, see pendingReadFrom: they count toward whichever is upcoming on the day the
 * counter is read).
 */
export type CounterTally = { retainedInWindow: number; sessionPending: number };
export type TalliedEntryPoint = DatedEntryPoint & CounterTally;

export type Counter = { entryPointId: string; date: CalendarDate; taken: number; places: number; remaining: number; full: boolean };

/** The entry point whose window holds an avis given on `day`: the first dated on or after it. */
function windowOf<E extends DatedEntryPoint>(sorted: readonly E[], day: CalendarDate): E | null {
  return sorted.find((e) => e.date >= day) ?? null;
}

/**
 * The first day whose entry points' `sessionPending` is still read. Pending candidatures count toward the upcoming
 * entry point only, never dated before today (counterOf), so a past entry point's is never read again; one day of
 * grace covers a client whose day is behind the server's (around midnight). The server keeps it up to date on these
 * entry points only: a thousand avis given in a day would otherwise restamp every past entry point of their sessions,
 * more than half of the rows a client pulls.
 */
export function pendingReadFrom(today: CalendarDate): CalendarDate {
  return addDays(today, -1);
}

/** Per-entry-point tallies of a session's candidatures (whole rows or SQL groups). */
export function tallyEntryPoints<E extends DatedEntryPoint>(
  entryPoints: readonly E[],
  candidatures: readonly (CountedCandidature | CountedGroup)[],
): (E & CounterTally)[] {
  const sorted = sortEntryPoints(entryPoints);
  const retained = new Map<string, number>();
  let pending = 0;
  for (const c of candidatures) {
    const n = 'count' in c ? c.count : 1;
    if (c.state === 'EN_ATTENTE') pending += n;
    else if (c.state === 'RETENUE' && c.avisOn !== null) {
      const e = windowOf(sorted, c.avisOn);
      if (e) retained.set(e.id, (retained.get(e.id) ?? 0) + n);
    }
  }
  return entryPoints.map((e) => ({ ...e, retainedInWindow: retained.get(e.id) ?? 0, sessionPending: pending }));
}

/**
 * Server tallies with changes the server has not counted yet (the user's own unsent decisions): each change says
 * what a candidature counted as before (null: it does not exist yet, a pre-registration being validated) and after.
 */
export function withChanges<E extends TalliedEntryPoint>(
  entryPoints: readonly E[],
  changes: readonly { before: CountedCandidature | null; after: CountedCandidature | null }[],
): E[] {
  if (changes.length === 0) return [...entryPoints];
  const sorted = sortEntryPoints(entryPoints);
  const retained = new Map(entryPoints.map((e) => [e.id, e.retainedInWindow]));
  let pendingDelta = 0;
  const add = (c: CountedCandidature | null, sign: 1 | -1) => {
    if (!c) return;
    if (c.state === 'EN_ATTENTE') pendingDelta += sign;
    else if (c.state === 'RETENUE' && c.avisOn !== null) {
      const e = windowOf(sorted, c.avisOn);
      if (e) retained.set(e.id, retained.get(e.id)! + sign);
    }
  };
  for (const change of changes) {
    add(change.before, -1);
    add(change.after, 1);
  }
  return entryPoints.map((e) => ({
    ...e,
    retainedInWindow: Math.max(0, retained.get(e.id)!),
    sessionPending: Math.max(0, e.sessionPending + pendingDelta),
  }));
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
 * The counter of one tallied entry point. Pending candidatures count toward the upcoming entry point only
 * (earlier ones are past; later ones get them when they roll over).
 */
export function counterOf(entryPoints: readonly TalliedEntryPoint[], target: TalliedEntryPoint, today: CalendarDate): Counter {
  const upcoming = upcomingEntryPoint(entryPoints, today);
  return makeCounter(target, target.retainedInWindow + (upcoming?.id === target.id ? target.sessionPending : 0));
}

/** Counters of every tallied entry point of a session, in date order, and the upcoming one's (or null). */
export function countersFromTallies(
  entryPoints: readonly TalliedEntryPoint[],
  today: CalendarDate,
): { counters: Counter[]; upcoming: Counter | null } {
  const counters = sortEntryPoints(entryPoints).map((e) => counterOf(entryPoints, e, today));
  const next = upcomingEntryPoint(entryPoints, today);
  return { counters, upcoming: next ? (counters.find((k) => k.entryPointId === next.id) ?? null) : null };
}

/** The counter of one entry point of a session, from its candidatures. */
export function entryPointCounter(
  entryPoints: readonly DatedEntryPoint[],
  target: DatedEntryPoint,
  candidatures: readonly CountedCandidature[],
  today: CalendarDate,
): Counter {
  const tallied = tallyEntryPoints(entryPoints, candidatures);
  return counterOf(tallied, tallied.find((e) => e.id === target.id) ?? { ...target, ...tallyEntryPoints([target], candidatures)[0]! }, today);
}

/** The counter of the upcoming entry point, or null when the session has none. */
export function upcomingCounter(
  entryPoints: readonly DatedEntryPoint[],
  candidatures: readonly CountedCandidature[],
  today: CalendarDate,
): Counter | null {
  return countersFromTallies(tallyEntryPoints(entryPoints, candidatures), today).upcoming;
}

/** Counters for every entry point of a session, in date order. */
export function allCounters(
  entryPoints: readonly DatedEntryPoint[],
  candidatures: readonly CountedCandidature[],
  today: CalendarDate,
): Counter[] {
  return countersFromTallies(tallyEntryPoints(entryPoints, candidatures), today).counters;
}

/** Display form of the guide: "9/12". */
export function formatCounter(counter: Pick<Counter, 'taken' | 'places'>): string {
  return `${counter.taken}/${counter.places}`;
}

/**
 * Whether a new candidature can be made today, given the upcoming entry point's counter (null: none). Capacity is
 * checked here, at creation (a candidate applying, a prescriber validating a pre-registration): a retained avis
 * never raises the count.
 */
export function checkCanApplyWith(
  session: { status: 'PUBLISHED' | 'CANCELLED' | 'ARCHIVED' },
  counter: Counter | null,
): RuleResult & { counter?: Counter } {
  if (session.status === 'CANCELLED') return refused('SESSION_CANCELLED', 'La session a été annulée.');
  if (session.status === 'ARCHIVED') return refused('APPLICATIONS_CLOSED', 'La session est archivée.');
  if (!counter) return refused('APPLICATIONS_CLOSED', "Aucun point d'entrée à venir : les candidatures sont fermées.");
  if (counter.full) {
    return { ...refused('CAPACITY_REACHED', `Session complète : ${formatCounter(counter)} places prises au point d'entrée à venir.`), counter };
  }
  return { ...allowed, counter };
}

/** `checkCanApplyWith` from the session's candidatures (the server, which holds them all). */
export function checkCanApply(
  session: { status: 'PUBLISHED' | 'CANCELLED' | 'ARCHIVED' },
  entryPoints: readonly DatedEntryPoint[],
  candidatures: readonly CountedCandidature[],
  today: CalendarDate,
): RuleResult & { counter?: Counter } {
  return checkCanApplyWith(session, upcomingCounter(entryPoints, candidatures, today));
}
