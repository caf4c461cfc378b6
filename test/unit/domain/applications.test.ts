// Whether a session takes an application (pre-registration picker, catalogue search) and why not.
import { describe, expect, it } from 'vitest';
import { applicationsState } from '../../../shared/domain/applications';

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
});
