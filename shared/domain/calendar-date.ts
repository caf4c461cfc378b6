// Calendar dates in Europe/Paris. Business dates (entry points, market dates, deadlines, avis day) are days,
// not instants: they travel as 'YYYY-MM-DD' strings, compare as strings, and "today" is always the Paris day
// of an instant, so nothing shifts by one at midnight UTC or across daylight-saving changes.
import { z } from 'zod';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const PARIS_TIME_ZONE = 'Europe/Paris';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// Day arithmetic runs on UTC midnights: a calendar day has no time zone, and the machine's own zone (a skipped
// day in Pacific/Apia, a DST gap) must not move it.
function utcMidnight(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}
function fromUtcMidnight(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real day of the Gregorian calendar written YYYY-MM-DD. Plain arithmetic: every synced row checks several. */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1]! + (month === 2 && leap ? 1 : 0);
}

export const CalendarDate = z
  .string()
  .refine(isCalendarDate, { message: 'date attendue au format AAAA-MM-JJ' });
/** Kept a plain string (not a branded type) so database rows and wire rows flow without casts; the schema checks it. */
export type CalendarDate = z.infer<typeof CalendarDate>;

/** An ISO-8601 instant with an offset, e.g. 2025-03-03T09:15:00.000Z. */
export const Instant = z.iso.datetime({ offset: true });
export type Instant = z.infer<typeof Instant>;

export function calendarDate(value: string): CalendarDate {
  return CalendarDate.parse(value);
}

/** The Paris calendar day on which an instant falls. */
export function parisDay(instant: Date | string): CalendarDate {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`instant invalide : ${String(instant)}`);
  return format(new TZDate(date.getTime(), PARIS_TIME_ZONE), 'yyyy-MM-dd');
}

export function addDays(day: CalendarDate, days: number): CalendarDate {
  return fromUtcMidnight(utcMidnight(day) + days * 86_400_000);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / 86_400_000);
}

export function compareDays(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** French display form, e.g. 03/03/2025. */
export function formatFrenchDay(day: CalendarDate): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
