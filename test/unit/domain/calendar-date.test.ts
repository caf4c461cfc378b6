// Business dates are Paris days ('YYYY-MM-DD'), not instants: "today" is the Paris day of an instant, and day
// arithmetic must not shift by one at midnight UTC, across daylight-saving changes, or with the machine's time zone.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CalendarDate,
  Instant,
  addDays,
  calendarDate,
  compareDays,
  daysBetween,
  formatFrenchDay,
  isCalendarDate,
  parisDay,
} from '../../../shared/domain/calendar-date';

/** An independent oracle for the Paris day of an instant: the platform's own time-zone data. */
const parisFormatter = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const oracleParisDay = (ms: number) => parisFormatter.format(new Date(ms));

describe('parisDay: the Paris calendar day of an instant', () => {
  it('winter (UTC+1): 22:59Z is still the same day, 23:00Z is the next', () => {
    expect(parisDay('2026-01-01T22:59:59Z')).toBe('2026-01-01');
    expect(parisDay('2026-01-01T23:00:00Z')).toBe('2026-01-02');
  });

  it('summer (UTC+2): 21:59Z is still the same day, 22:00Z is the next; 22:59Z is already tomorrow', () => {
    expect(parisDay('2026-07-01T21:59:59Z')).toBe('2026-07-01');
    expect(parisDay('2026-07-01T22:00:00Z')).toBe('2026-07-02');
    expect(parisDay('2026-07-01T22:59:00Z')).toBe('2026-07-02');
  });

  it('late evening UTC is already the next day in Paris (2026-03-28T23:30Z is 29 March)', () => {
    expect(parisDay('2026-03-28T23:30:00Z')).toBe('2026-03-29');
    expect(parisDay('2025-12-31T23:30:00Z')).toBe('2026-01-01'); // New Year in Paris, still 2025 in UTC
  });

  it('DST start, last Sunday of March (2026-03-29): the day starts at 23:00Z and ends at 22:00Z', () => {
    expect(parisDay('2026-03-28T22:59:59Z')).toBe('2026-03-28');
    expect(parisDay('2026-03-28T23:00:00Z')).toBe('2026-03-29');
    expect(parisDay('2026-03-29T00:59:59Z')).toBe('2026-03-29'); // 01:59:59 CET
    expect(parisDay('2026-03-29T01:00:00Z')).toBe('2026-03-29'); // 03:00 CEST, 02:xx never happened
    expect(parisDay('2026-03-29T21:59:59Z')).toBe('2026-03-29'); // 23:59:59 CEST
    expect(parisDay('2026-03-29T22:00:00Z')).toBe('2026-03-30');
  });

  it('DST end, last Sunday of October (2026-10-25): the day starts at 22:00Z and ends at 23:00Z, 25 hours later', () => {
    expect(parisDay('2026-10-24T21:59:59Z')).toBe('2026-10-24');
    expect(parisDay('2026-10-24T22:00:00Z')).toBe('2026-10-25');
    expect(parisDay('2026-10-25T00:30:00Z')).toBe('2026-10-25'); // 02:30 CEST
    expect(parisDay('2026-10-25T01:30:00Z')).toBe('2026-10-25'); // 02:30 CET, the repeated hour
    expect(parisDay('2026-10-25T22:59:59Z')).toBe('2026-10-25');
    expect(parisDay('2026-10-25T23:00:00Z')).toBe('2026-10-26');
  });

  it('reads offsets other than Z, and Date objects', () => {
    expect(parisDay('2026-03-29T00:30:00+02:00')).toBe('2026-03-28'); // = 22:30Z on the 28th, 23:30 CET
    expect(parisDay('2026-06-15T08:00:00-10:00')).toBe('2026-06-15'); // = 18:00Z
    expect(parisDay('2026-06-15T20:00:00-10:00')).toBe('2026-06-16'); // = 06:00Z on the 16th
    expect(parisDay(new Date(Date.UTC(2026, 2, 28, 23, 30)))).toBe('2026-03-29');
  });

  it('throws a RangeError on an invalid instant rather than inventing a day', () => {
    expect(() => parisDay('pas une date')).toThrow(RangeError);
    expect(() => parisDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('steps over both DST changes one calendar day at a time', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 1)).toBe('2026-10-25');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-10-26', -2)).toBe('2026-10-24');
  });

  it('crosses month and year ends, with leap years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
  });

  it('adding zero gives the same day', () => {
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
  });
});

describe('daysBetween and compareDays', () => {
  it('counts calendar days, so DST days count as one', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
  });

  it('is positive when `to` is later, negative when earlier, zero on the same day', () => {
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-01-01', '2025-12-31')).toBe(-1);
    expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('compareDays orders days chronologically, across years and months', () => {
    expect(compareDays('2025-12-31', '2026-01-01')).toBe(-1);
    expect(compareDays('2026-01-01', '2025-12-31')).toBe(1);
    expect(compareDays('2026-02-10', '2026-02-10')).toBe(0);
    expect(['2026-10-02', '2025-12-31', '2026-02-10', '2026-01-09'].sort(compareDays)).toEqual(['2025-12-31', '2026-01-09', '2026-02-10', '2026-10-02']);
  });
});

describe('formatFrenchDay', () => {
  it('shows DD/MM/YYYY with leading zeros', () => {
    expect(formatFrenchDay('2025-03-03')).toBe('03/03/2025');
    expect(formatFrenchDay('2027-12-31')).toBe('31/12/2027');
    expect(formatFrenchDay('2024-02-01')).toBe('01/02/2024');
  });
});

describe('CalendarDate and Instant schemas', () => {
  it.each(['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-5', '2026-01-5', '26-01-05', '2026/01/05', '05/01/2026', '2026-01-05T00:00', ' 2026-01-05', '2026-01-05 ', ''])(
    'rejects %j',
    (value) => {
      expect(CalendarDate.safeParse(value).success).toBe(false);
      expect(isCalendarDate(value)).toBe(false);
      expect(() => calendarDate(value)).toThrow();
    },
  );

  it.each(['2024-02-29', '2026-01-05', '2026-12-31', '2026-03-29'])('accepts %j', (value) => {
    expect(CalendarDate.parse(value)).toBe(value);
    expect(calendarDate(value)).toBe(value);
  });

  it('accepts exactly the days the calendar has, from 1900 to 2100 (the Date round trip as the oracle)', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const wrong: string[] = [];
    for (let year = 1900; year <= 2100; year++) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const ms = Date.parse(`${value}T00:00:00Z`);
          const oracle = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
          if (isCalendarDate(value) !== oracle) wrong.push(value);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('rejects non-strings', () => {
    expect(CalendarDate.safeParse(20260105).success).toBe(false);
    expect(CalendarDate.safeParse(new Date('2026-01-05')).success).toBe(false);
    expect(CalendarDate.safeParse(null).success).toBe(false);
  });

  it('the refusal message says which format is expected, in French', () => {
    const r = CalendarDate.safeParse('2026-1-5');
    expect(!r.success && r.error.issues[0]?.message).toBe('date attendue au format AAAA-MM-JJ');
  });

  it('an Instant needs a time and an offset', () => {
    expect(Instant.safeParse('2025-03-03T09:15:00.000Z').success).toBe(true);
    expect(Instant.safeParse('2025-03-03T10:15:00+01:00').success).toBe(true);
    expect(Instant.safeParse('2025-03-03T09:15:00').success).toBe(false);
    expect(Instant.safeParse('2025-03-03').success).toBe(false);
  });
});

// ---- Properties ---------------------------------------------------------------------------------------------
const day = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('2000-01-01', n));
const shift = fc.integer({ min: -3000, max: 3000 });

describe('calendar properties', () => {
  it('addDays(addDays(d, n), -n) is d', () => {
    fc.assert(fc.property(day, shift, (d, n) => {
      expect(addDays(addDays(d, n), -n)).toBe(d);
    }));
  });

  it('daysBetween(d, addDays(d, n)) is n', () => {
    fc.assert(fc.property(day, shift, (d, n) => {
      expect(daysBetween(d, addDays(d, n))).toBe(n);
    }));
  });

  it('addDays always gives a valid calendar date, and compareDays agrees with the sign of n', () => {
    fc.assert(fc.property(day, shift, (d, n) => {
      const e = addDays(d, n);
      expect(isCalendarDate(e)).toBe(true);
      expect(compareDays(d, e)).toBe(-Math.sign(n) || 0);
    }));
  });

  it('parisDay agrees with the platform time-zone data for any instant, DST changes included', () => {
    const from = Date.UTC(2000, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    fc.assert(fc.property(fc.integer({ min: from, max: to }), (ms) => {
      expect(parisDay(new Date(ms))).toBe(oracleParisDay(ms));
      expect(parisDay(new Date(ms).toISOString())).toBe(oracleParisDay(ms));
    }));
  });

  it('parisDay around every DST change from 2020 to 2035: one second either side of Paris midnight', () => {
    for (let year = 2020; year <= 2035; year++) {
      for (const month of [2, 9]) { // March and October
        const lastSunday = new Date(Date.UTC(year, month + 1, 0));
        lastSunday.setUTCDate(lastSunday.getUTCDate() - lastSunday.getUTCDay());
        const d = lastSunday.toISOString().slice(0, 10);
        for (const probe of [-1, 0, 1]) {
          const dd = addDays(d, probe);
          // Paris midnight of dd: the first instant the oracle gives dd, searched by the hour then the second.
          let ms = Date.parse(`${addDays(dd, -1)}T20:00:00Z`);
          while (oracleParisDay(ms) !== dd) ms += 3_600_000;
          while (oracleParisDay(ms - 1000) === dd) ms -= 1000;
          expect(parisDay(new Date(ms))).toBe(dd);
          expect(parisDay(new Date(ms - 1000))).toBe(addDays(dd, -1));
        }
      }
    }
  });
});

// ---- The machine's time zone must not matter -----------------------------------------------------------------
// The app runs on users' laptops: whatever their time zone, a business day stays the same day. Node honours a
// change of process.env.TZ at run time; each test puts the original back.
const originalTz = process.env.TZ;
function inTimeZone(tz: string, run: () => void) {
  process.env.TZ = tz;
  try {
    run();
  } finally {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  }
}

describe('independence from the machine time zone', () => {
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('the time zone switch used below takes effect (guards the tests against a no-op)', () => {
    inTimeZone('Asia/Tokyo', () => expect(new Date(Date.UTC(2026, 0, 1, 20)).getDate()).toBe(2));
    inTimeZone('America/Los_Angeles', () => expect(new Date(Date.UTC(2026, 0, 1, 5)).getDate()).toBe(31));
  });

  // Zones where local midnight is skipped or repeated on DST days (Brazil until 2019, Cuba, Chile, Iran until
  // 2022), far from Paris (Kiritimati UTC+14, Pago Pago UTC-11), and a half-hour DST zone (Lord Howe).
  it.each(['UTC', 'America/Sao_Paulo', 'America/Havana', 'America/Santiago', 'Asia/Tehran', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Australia/Lord_Howe'])(
    'in %s, day arithmetic, validation and parisDay give the same answers',
    (tz) => {
      inTimeZone(tz, () => {
        expect(addDays('2018-11-03', 1)).toBe('2018-11-04'); // Brazil: midnight skipped on 2018-11-04
        expect(addDays('2018-11-04', 1)).toBe('2018-11-05');
        expect(daysBetween('2018-11-03', '2018-11-05')).toBe(2);
        expect(isCalendarDate('2018-11-04')).toBe(true);
        expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
        expect(parisDay('2026-03-28T23:30:00Z')).toBe('2026-03-29');
        fc.assert(fc.property(day, fc.integer({ min: -800, max: 800 }), (d, n) => {
          const e = addDays(d, n);
          expect(daysBetween(d, e)).toBe(n);
          expect(isCalendarDate(e)).toBe(true);
        }), { numRuns: 200 });
      });
    },
  );

  // BUG (low severity, reported): addDays/daysBetween/isCalendarDate go through the machine's local time, so a
  // zone that skipped a whole day breaks them. Samoa skipped 30 December 2011: under TZ=Pacific/Apia,
  // addDays('2011-12-29', 1) gives '2011-12-31' and '2011-12-30' is refused as a date. Doing the arithmetic in UTC
  // would fix it. No Paris business date is affected today; flip to `it` once fixed.
  it('in Pacific/Apia (a skipped day), day arithmetic still counts calendar days', () => {
    inTimeZone('Pacific/Apia', () => {
      expect(addDays('2011-12-29', 1)).toBe('2011-12-30');
      expect(isCalendarDate('2011-12-30')).toBe(true);
    });
  });
});
