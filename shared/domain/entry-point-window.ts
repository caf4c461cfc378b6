// The upcoming entry point, the application window and the "date limite d'inscription" (seed 004,
// "Gérer les effectifs"). Applications are open for the first entry point dated today or later, until its date
// or until it is full; the date limite equals that entry point's date; with none, the session shows its market dates.
import type { CalendarDate } from './calendar-date';
import { addDays } from './calendar-date';

export type DatedEntryPoint = { id: string; date: CalendarDate; places: number };

export function sortEntryPoints<E extends DatedEntryPoint>(entryPoints: readonly E[]): E[] {
  return [...entryPoints].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The first entry point dated today or later, or null. */
export function upcomingEntryPoint<E extends DatedEntryPoint>(entryPoints: readonly E[], today: CalendarDate): E | null {
  return sortEntryPoints(entryPoints).find((e) => e.date >= today) ?? null;
}

/** The entry point just before `target` (E(k-1)), or null when `target` is the first. */
export function previousEntryPoint<E extends DatedEntryPoint>(entryPoints: readonly E[], target: E): E | null {
  const before = sortEntryPoints(entryPoints).filter((e) => e.date < target.date);
  return before[before.length - 1] ?? null;
}

/**
 * The days on which applications go to `target`: from the day after E(k-1) (or, for the first, the market start)
 * to E(k) inclusive. Example 1 of the guide: 15/09/2025 is open from 04/03/2025 to 15/09/2025.
 */
export function applicationWindow<E extends DatedEntryPoint>(
  entryPoints: readonly E[],
  target: E,
  marketStart: CalendarDate,
): { from: CalendarDate; to: CalendarDate } {
  const previous = previousEntryPoint(entryPoints, target);
  return { from: previous ? addDays(previous.date, 1) : marketStart, to: target.date };
}

export type RegistrationDeadline =
  | { kind: 'ENTRY_POINT'; date: CalendarDate; entryPointId: string }
  | { kind: 'MARKET'; marketStart: CalendarDate; marketEnd: CalendarDate };

/** "Date limite d'inscription": the upcoming entry point's date, or the market dates when there is none. */
export function registrationDeadline(
  entryPoints: readonly DatedEntryPoint[],
  market: { marketStart: CalendarDate; marketEnd: CalendarDate },
  today: CalendarDate,
): RegistrationDeadline {
  const upcoming = upcomingEntryPoint(entryPoints, today);
  return upcoming
    ? { kind: 'ENTRY_POINT', date: upcoming.date, entryPointId: upcoming.id }
    : { kind: 'MARKET', marketStart: market.marketStart, marketEnd: market.marketEnd };
}

/** An entry point can be deleted only before its date (then created again with other places). */
export function canDeleteEntryPoint(entryPoint: DatedEntryPoint, today: CalendarDate): boolean {
  return entryPoint.date > today;
}
