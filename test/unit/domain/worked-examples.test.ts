// The worked examples of docs/domain.md (seed 004, "Gérer les effectifs"), one named test each.
import { describe, expect, it } from 'vitest';
import { applicationWindow, upcomingEntryPoint, registrationDeadline } from '../../../shared/domain/entry-point-window';
import { upcomingCounter, entryPointCounter, formatCounter, type CountedCandidature } from '../../../shared/domain/entry-point-counter';

const market = { marketStart: '2024-02-01', marketEnd: '2027-12-31' };
const march = { id: 'ep-0303', date: '2025-03-03', places: 15 };
const september = { id: 'ep-1509', date: '2025-09-15', places: 12 };

const pending = (n: number): CountedCandidature[] => Array.from({ length: n }, () => ({ state: 'EN_ATTENTE', avisOn: null }));
const retainedOn = (day: string, n: number): CountedCandidature[] => Array.from({ length: n }, () => ({ state: 'RETENUE', avisOn: day }));

describe('worked examples of docs/domain.md', () => {
  it('example 1: applications go to 03/03/2025 until that day, then to 15/09/2025 from 04/03/2025', () => {
    const eps = [march, september];
    expect(upcomingEntryPoint(eps, '2025-01-20')?.id).toBe('ep-0303');
    expect(upcomingEntryPoint(eps, '2025-03-03')?.id).toBe('ep-0303');
    expect(upcomingEntryPoint(eps, '2025-03-04')?.id).toBe('ep-1509');
    expect(applicationWindow(eps, september, market.marketStart)).toEqual({ from: '2025-03-04', to: '2025-09-15' });
    expect(registrationDeadline(eps, market, '2025-03-04')).toEqual({ kind: 'ENTRY_POINT', date: '2025-09-15', entryPointId: 'ep-1509' });
    expect(registrationDeadline(eps, market, '2025-09-16')).toEqual({ kind: 'MARKET', ...market });
  });

  it('example 2: 9 taken out of 12 leaves 3 applications possible', () => {
    const candidatures = [...retainedOn('2025-05-10', 4), ...pending(5), ...retainedOn('2025-02-01', 7)];
    const counter = upcomingCounter([march, september], candidatures, '2025-06-01')!;
    expect(formatCounter(counter)).toBe('9/12');
    expect(counter.remaining).toBe(3);
    expect(counter.full).toBe(false);
  });

  it('example 3: a bis entry point on 17/03/2025 with 5 places is counted the same way', () => {
    const bis = { id: 'ep-1703-bis', date: '2025-03-17', places: 5 };
    const eps = [march, bis, september];
    const candidatures = [...retainedOn('2025-03-01', 10), ...retainedOn('2025-03-10', 2), ...pending(1)];
    const counter = entryPointCounter(eps, bis, candidatures, '2025-03-05');
    expect(formatCounter(counter)).toBe('3/5');
    expect(formatCounter(entryPointCounter(eps, march, candidatures, '2025-03-05'))).toBe('10/15');
  });

  it('example 4: a pending candidature set to non retenue gives the place back', () => {
    const before = [...pending(12)];
    const after: CountedCandidature[] = [...pending(11), { state: 'NON_RETENUE', avisOn: '2025-06-02' }];
    expect(upcomingCounter([march, september], before, '2025-06-01')!.full).toBe(true);
    const counter = upcomingCounter([march, september], after, '2025-06-02')!;
    expect(formatCounter(counter)).toBe('11/12');
    expect(counter.remaining).toBe(1);
  });
});
