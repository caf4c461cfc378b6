import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../../shared/domain/calendar-date';
import {
  allCounters, checkCanApply, countersFromTallies, entryPointCounter, formatCounter, pendingReadFrom, tallyEntryPoints, upcomingCounter, type CountedCandidature,
} from '../../../shared/domain/entry-point-counter';
import { canDeleteEntryPoint, registrationDeadline, sortEntryPoints, upcomingEntryPoint } from '../../../shared/domain/entry-point-window';
import { CandidatureState } from '../../../shared/domain/vocabulary';

const e1 = { id: 'e1', date: '2025-03-03', places: 15 };
const e2 = { id: 'e2', date: '2025-09-15', places: 12 };
const eps = [e2, e1]; // unsorted on purpose
const c = (state: CountedCandidature['state'], avisOn: string | null = null): CountedCandidature => ({ state, avisOn });

describe('upcoming entry point and date limite', () => {
  it('the entry point dated today is still the upcoming one; the day after, the next one is', () => {
    expect(upcomingEntryPoint(eps, '2025-03-03')?.id).toBe('e1');
    expect(upcomingEntryPoint(eps, '2025-03-04')?.id).toBe('e2');
    expect(upcomingEntryPoint(eps, '2025-09-16')).toBeNull();
  });

  it('sorts by date then id, whatever the input order', () => {
    const same = [{ id: 'b', date: '2025-01-01', places: 1 }, { id: 'a', date: '2025-01-01', places: 1 }, e1];
    expect(sortEntryPoints(same).map((e) => e.id)).toEqual(['a', 'b', 'e1']);
  });

  it('with no entry point at all, the date limite is the market dates', () => {
    expect(registrationDeadline([], { marketStart: '2024-02-01', marketEnd: '2027-12-31' }, '2025-01-01')).toEqual({
      kind: 'MARKET', marketStart: '2024-02-01', marketEnd: '2027-12-31',
    });
  });

  it('an entry point can be deleted only before its date', () => {
    expect(canDeleteEntryPoint(e1, '2025-03-02')).toBe(true);
    expect(canDeleteEntryPoint(e1, '2025-03-03')).toBe(false);
  });
});

describe('capacity counter', () => {
  it('counts a retained avis given on E(k) but not one given on E(k-1)', () => {
    const list = [c('RETENUE', '2025-03-03'), c('RETENUE', '2025-03-04'), c('RETENUE', '2025-09-15'), c('RETENUE', '2025-09-16')];
    expect(entryPointCounter(eps, e2, list, '2025-06-01').taken).toBe(2);
    expect(entryPointCounter(eps, e1, list, '2025-06-01').taken).toBe(1);
  });

  it('the first entry point has no lower bound', () => {
    expect(entryPointCounter(eps, e1, [c('RETENUE', '2020-01-01')], '2025-01-01').taken).toBe(1);
  });

  it('pending candidatures count toward the upcoming entry point only', () => {
    const list = [c('EN_ATTENTE'), c('EN_ATTENTE')];
    expect(allCounters(eps, list, '2025-01-10').map((k) => k.taken)).toEqual([2, 0]);
    expect(allCounters(eps, list, '2025-03-10').map((k) => k.taken)).toEqual([0, 2]); // rolled over
  });

  it('non retained, avis non transmis and refusals never count', () => {
    const list = (['NON_RETENUE', 'AVIS_NON_TRANSMIS', 'REFUS_SESSION_COMPLETE', 'REFUS_SESSION_ANNULEE'] as const).map((s) => c(s, '2025-05-01'));
    expect(upcomingCounter(eps, list, '2025-04-01')!.taken).toBe(0);
  });

  it('legacy data over capacity shows as is (13/10), never a negative remainder', () => {
    const small = [{ id: 'x', date: '2025-06-01', places: 10 }];
    const counter = upcomingCounter(small, Array.from({ length: 13 }, () => c('EN_ATTENTE')), '2025-05-01')!;
    expect(formatCounter(counter)).toBe('13/10');
    expect(counter.remaining).toBe(0);
    expect(counter.full).toBe(true);
  });

  it('checkCanApply: cancelled, archived, no upcoming point and full each give their code', () => {
    expect(checkCanApply({ status: 'CANCELLED' }, eps, [], '2025-01-01')).toMatchObject({ ok: false, code: 'SESSION_CANCELLED' });
    expect(checkCanApply({ status: 'ARCHIVED' }, eps, [], '2025-01-01')).toMatchObject({ ok: false, code: 'APPLICATIONS_CLOSED' });
    expect(checkCanApply({ status: 'PUBLISHED' }, eps, [], '2026-01-01')).toMatchObject({ ok: false, code: 'APPLICATIONS_CLOSED' });
    const full = Array.from({ length: 15 }, () => c('EN_ATTENTE'));
    expect(checkCanApply({ status: 'PUBLISHED' }, eps, full, '2025-01-01')).toMatchObject({ ok: false, code: 'CAPACITY_REACHED' });
    expect(checkCanApply({ status: 'PUBLISHED' }, eps, full.slice(1), '2025-01-01').ok).toBe(true);
  });
});

// ---- Properties ---------------------------------------------------------------------------------------------
const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2024-06-01', n));
const entryPoints = fc.uniqueArray(fc.record({ date: day, places: fc.integer({ min: 0, max: 30 }) }), { selector: (e) => e.date, minLength: 1, maxLength: 6 })
  .map((list) => list.map((e, i) => ({ id: `e${i}`, ...e })));
const candidature = fc.record({
  state: fc.constantFrom(...CandidatureState.options),
  avisOn: fc.option(day, { nil: null }),
}).map((x) => ({ state: x.state, avisOn: x.state === 'EN_ATTENTE' ? null : x.avisOn }));
const candidatures = fc.array(candidature, { maxLength: 60 });

describe('capacity counter properties', () => {
  it('the remainder is never negative and equals max(0, places - taken)', () => {
    fc.assert(fc.property(entryPoints, candidatures, day, (eps, list, today) => {
      for (const k of allCounters(eps, list, today)) {
        expect(k.remaining).toBe(Math.max(0, k.places - k.taken));
        expect(k.full).toBe(k.taken >= k.places);
      }
    }));
  });

  it('a non-retained avis on a pending candidature frees exactly one place of the upcoming point', () => {
    fc.assert(fc.property(entryPoints, candidatures, day, (eps, list, today) => {
      const before = upcomingCounter(eps, [...list, c('EN_ATTENTE')], today);
      const after = upcomingCounter(eps, [...list, c('NON_RETENUE', today)], today);
      if (before === null) {
        expect(after).toBeNull();
      } else {
        expect(before.taken - after!.taken).toBe(1);
      }
    }));
  });

  it('retaining a pending candidature never raises the upcoming counter', () => {
    fc.assert(fc.property(entryPoints, candidatures, day, (eps, list, today) => {
      const before = upcomingCounter(eps, [...list, c('EN_ATTENTE')], today);
      const after = upcomingCounter(eps, [...list, c('RETENUE', today)], today);
      if (before) expect(after!.taken).toBeLessThanOrEqual(before.taken);
    }));
  });

  it('pending candidatures count toward the upcoming point and toward no other', () => {
    fc.assert(fc.property(entryPoints, candidatures, day, fc.integer({ min: 1, max: 5 }), (eps, list, today, n) => {
      const extra = Array.from({ length: n }, () => c('EN_ATTENTE'));
      const before = allCounters(eps, list, today);
      const after = allCounters(eps, [...list, ...extra], today);
      const upcoming = upcomingEntryPoint(eps, today);
      after.forEach((k, i) => expect(k.taken - before[i]!.taken).toBe(k.entryPointId === upcoming?.id ? n : 0));
    }));
  });

  it('the pending count of an entry point dated before pendingReadFrom(today) is never read, from the day before on', () => {
    // The server keeps it on later entry points only: whatever a past one holds, every counter is the same.
    fc.assert(fc.property(entryPoints, candidatures, day, fc.integer({ min: -1, max: 60 }), fc.nat(50), (eps, list, today, ahead, stale) => {
      const tallied = tallyEntryPoints(eps, list);
      const kept = tallied.map((e) => (e.date < pendingReadFrom(today) ? { ...e, sessionPending: stale } : e));
      const readOn = addDays(today, ahead);
      expect(countersFromTallies(kept, readOn)).toEqual(countersFromTallies(tallied, readOn));
    }));
  });

  it('checkCanApply refuses for capacity exactly when taken >= places', () => {
    fc.assert(fc.property(entryPoints, candidatures, day, (eps, list, today) => {
      const counter = upcomingCounter(eps, list, today);
      const result = checkCanApply({ status: 'PUBLISHED' }, eps, list, today);
      if (!counter) expect(result).toMatchObject({ ok: false, code: 'APPLICATIONS_CLOSED' });
      else expect(result.ok).toBe(counter.taken < counter.places);
    }));
  });
});
