// The avis deadline (docs/domain.md, « Deadlines »): set by the server, by default 45 days after the candidature
// was made; past it a pending candidature becomes AVIS_NON_TRANSMIS; within 15 days it shows as "soon".
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween } from '../../../shared/domain/calendar-date';
import { DEFAULT_AVIS_DELAY_DAYS, defaultAvisDeadline, isDeadlineSoon, isPastAvisDeadline } from '../../../shared/domain/avis-deadline';
import { validateAvis } from '../../../shared/domain/avis';
import { isTransitionAllowed } from '../../../shared/domain/candidature-state';
import { CandidatureState } from '../../../shared/domain/vocabulary';

const pending = (avisDeadline: string) => ({ state: 'EN_ATTENTE' as const, avisDeadline });

describe('defaultAvisDeadline', () => {
  it('is 45 calendar days after the day the candidature was made', () => {
    expect(DEFAULT_AVIS_DELAY_DAYS).toBe(45);
    expect(defaultAvisDeadline('2025-01-01')).toBe('2025-02-15');
  });

  it('counts calendar days across a leap day, a year end and a DST change', () => {
    expect(defaultAvisDeadline('2024-01-20')).toBe('2024-03-05'); // through 29 February
    expect(defaultAvisDeadline('2025-01-20')).toBe('2025-03-06');
    expect(defaultAvisDeadline('2025-12-01')).toBe('2026-01-15');
    expect(defaultAvisDeadline('2026-03-01')).toBe('2026-04-15'); // through 29 March (DST)
    expect(defaultAvisDeadline('2026-10-01')).toBe('2026-11-15'); // through 25 October (DST)
  });
});

describe('isPastAvisDeadline: the deadline job', () => {
  it('the deadline day itself is not past; the day after is', () => {
    expect(isPastAvisDeadline(pending('2025-06-10'), '2025-06-10')).toBe(false);
    expect(isPastAvisDeadline(pending('2025-06-10'), '2025-06-11')).toBe(true);
    expect(isPastAvisDeadline(pending('2025-12-31'), '2026-01-01')).toBe(true);
  });

  it.each(CandidatureState.options.filter((s) => s !== 'EN_ATTENTE'))('never moves a %s candidature', (state) => {
    expect(isPastAvisDeadline({ state, avisDeadline: '2025-01-01' }, '2025-06-01')).toBe(false);
  });

  it('only ever triggers a transition the state machine allows the server (EN_ATTENTE → AVIS_NON_TRANSMIS)', () => {
    for (const state of CandidatureState.options) {
      if (isPastAvisDeadline({ state, avisDeadline: '2025-01-01' }, '2025-06-01')) {
        expect(isTransitionAllowed(state, 'AVIS_NON_TRANSMIS', 'SYSTEM')).toBe(true);
      }
    }
  });
});

describe('isDeadlineSoon', () => {
  it('from the deadline day back to 15 days before it', () => {
    expect(isDeadlineSoon(pending('2025-06-16'), '2025-06-01')).toBe(true); // day 15
    expect(isDeadlineSoon(pending('2025-06-17'), '2025-06-01')).toBe(false); // day 16
    expect(isDeadlineSoon(pending('2025-06-01'), '2025-06-01')).toBe(true); // deadline today
    expect(isDeadlineSoon(pending('2025-05-31'), '2025-06-01')).toBe(false); // already past
  });

  it('a candidature made today with the default deadline becomes "soon" on day 30 and stays so until day 45', () => {
    const made = '2025-03-03';
    const c = pending(defaultAvisDeadline(made));
    expect(isDeadlineSoon(c, addDays(made, 29))).toBe(false);
    expect(isDeadlineSoon(c, addDays(made, 30))).toBe(true);
    expect(isDeadlineSoon(c, addDays(made, 45))).toBe(true);
    expect(isDeadlineSoon(c, addDays(made, 46))).toBe(false);
    expect(isPastAvisDeadline(c, addDays(made, 45))).toBe(false);
    expect(isPastAvisDeadline(c, addDays(made, 46))).toBe(true);
  });
});

// ---- Properties ---------------------------------------------------------------------------------------------
const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2022-01-01', n));
const offset = fc.integer({ min: -40, max: 40 });

describe('deadline properties', () => {
  it('for a pending candidature, every day is exactly one of: past, soon, or later than 15 days ahead', () => {
    fc.assert(fc.property(day, offset, (today, n) => {
      const c = pending(addDays(today, n));
      const later = daysBetween(today, c.avisDeadline) > 15;
      expect([isPastAvisDeadline(c, today), isDeadlineSoon(c, today), later].filter(Boolean)).toHaveLength(1);
    }));
  });

  it('past and soon hold for pending candidatures only', () => {
    fc.assert(fc.property(fc.constantFrom(...CandidatureState.options), day, offset, (state, today, n) => {
      const c = { state, avisDeadline: addDays(today, n) };
      if (state !== 'EN_ATTENTE') {
        expect(isPastAvisDeadline(c, today)).toBe(false);
        expect(isDeadlineSoon(c, today)).toBe(false);
      }
    }));
  });

  it('the job and the avis rule agree day by day: an avis is refused for the deadline exactly when the job would close it', () => {
    const market = { marketStart: '2020-01-01', marketEnd: '2035-12-31' };
    fc.assert(fc.property(day, offset, (today, n) => {
      const c = pending(addDays(today, n));
      const result = validateAvis(
        { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null },
        { candidature: c, session: { status: 'PUBLISHED', ...market }, today },
      );
      expect(!result.ok && result.code === 'DEADLINE_PASSED').toBe(isPastAvisDeadline(c, today));
      expect(result.ok).toBe(!isPastAvisDeadline(c, today));
    }));
  });

  it('the default deadline is never past nor soon on the day the candidature is made', () => {
    fc.assert(fc.property(day, (made) => {
      const c = pending(defaultAvisDeadline(made));
      expect(daysBetween(made, c.avisDeadline)).toBe(45);
      expect(isPastAvisDeadline(c, made)).toBe(false);
      expect(isDeadlineSoon(c, made)).toBe(false);
    }));
  });
});
