// Whether a session takes an application (pre-registration picker, catalogue search) and why not.
import { describe, expect, it } from 'vitest';
import { applicationsState } from '../../../shared/domain/applications';
import { checkCanApplyWith, type Counter } from '../../../shared/domain/entry-point-counter';

describe('applicationsState', () => {
  it('is open for a published session whose upcoming entry point has places', () => {
    expect(applicationsState('PUBLISHED', { full: false })).toEqual({ open: true, reason: null });
  });

  it('says why a session cannot take one, the session status first', () => {
    expect(applicationsState('PUBLISHED', { full: true })).toEqual({ open: false, reason: 'FULL' });
    expect(applicationsState('PUBLISHED', null)).toEqual({ open: false, reason: 'NO_UPCOMING_ENTRY_POINT' });
    expect(applicationsState('CANCELLED', { full: false })).toEqual({ open: false, reason: 'SESSION_CANCELLED' });
    expect(applicationsState('ARCHIVED', { full: true })).toEqual({ open: false, reason: 'SESSION_ARCHIVED' });
  });

  it('agrees with the capacity check made when a candidature is created', () => {
    const counter = (full: boolean) => ({ entryPointId: 'ep', date: '2025-09-15', taken: full ? 12 : 9, places: 12, remaining: full ? 0 : 3, full }) as unknown as Counter;
    for (const status of ['PUBLISHED', 'CANCELLED', 'ARCHIVED'] as const) {
      for (const upcoming of [null, counter(false), counter(true)]) {
        expect(applicationsState(status, upcoming).open, `${status} ${JSON.stringify(upcoming)}`).toBe(checkCanApplyWith({ status }, upcoming).ok);
      }
    }
  });
});
