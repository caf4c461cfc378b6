// The entry point a candidature belongs to, on the guide's worked example 1 (03/03/2025 and 15/09/2025).
import { describe, expect, it } from 'vitest';
import { entryPointOfCandidature } from '../../../shared/domain/candidature-entry-point';

const march = { id: 'ep-mars', date: '2025-03-03', places: 15 };
const september = { id: 'ep-sept', date: '2025-09-15', places: 12 };
const eps = [september, march];

describe('entryPointOfCandidature', () => {
  it('places a retained avis in the window that holds its avis day, the entry point day included', () => {
    expect(entryPointOfCandidature(eps, { state: 'RETENUE', createdOn: '2025-01-10', avisOn: '2025-03-03' }, '2025-10-01')).toBe(march);
    expect(entryPointOfCandidature(eps, { state: 'RETENUE', createdOn: '2025-01-10', avisOn: '2025-03-04' }, '2025-10-01')).toBe(september);
  });

  it('places a pending candidature on the upcoming entry point, whenever it was made', () => {
    expect(entryPointOfCandidature(eps, { state: 'EN_ATTENTE', createdOn: '2025-01-10', avisOn: null }, '2025-03-04')).toBe(september);
    expect(entryPointOfCandidature(eps, { state: 'EN_ATTENTE', createdOn: '2025-01-10', avisOn: null }, '2025-09-16')).toBeNull();
  });

  it('places a candidature without avis on the entry point it was made for', () => {
    expect(entryPointOfCandidature(eps, { state: 'REFUS_SESSION_COMPLETE', createdOn: '2025-02-20', avisOn: null }, '2025-10-01')).toBe(march);
    expect(entryPointOfCandidature(eps, { state: 'AVIS_NON_TRANSMIS', createdOn: '2025-05-02', avisOn: null }, '2025-10-01')).toBe(september);
  });

  it('gives none after the last entry point or without entry points', () => {
    expect(entryPointOfCandidature(eps, { state: 'NON_RETENUE', createdOn: '2025-09-01', avisOn: '2025-09-20' }, '2025-10-01')).toBeNull();
    expect(entryPointOfCandidature([], { state: 'RETENUE', createdOn: '2025-01-10', avisOn: '2025-03-03' }, '2025-10-01')).toBeNull();
  });
});
