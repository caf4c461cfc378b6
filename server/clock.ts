// The server's notion of "now". Business days (deadlines, entry points, avis days) derive from it; tests pin and
// move it. Token expiry deliberately uses the real clock, so moving business time never signs users out.
import { parisDay, type CalendarDate } from '../shared/domain/calendar-date';

export interface ServerClock {
  now(): Date;
  set(at: Date | string): void;
  advanceDays(days: number): void;
}

export function createServerClock(start?: Date | string): ServerClock {
  // Offset from the real clock: a pinned clock still ticks, so successive instants stay ordered.
  let offsetMs = start === undefined ? 0 : new Date(start).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offsetMs),
    set(at) {
      offsetMs = new Date(at).getTime() - Date.now();
    },
    advanceDays(days) {
      offsetMs += days * 86_400_000;
    },
  };
}

export function today(clock: ServerClock): CalendarDate {
  return parisDay(clock.now());
}
