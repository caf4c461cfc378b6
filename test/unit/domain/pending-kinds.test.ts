import { describe, expect, it } from 'vitest';
import { countPendingByKind, frenchPendingList } from '../../../shared/domain/pending-kinds';

describe('pending counts by kind', () => {
  it('counts every préinscription operation as a préinscription and an enrichment as a change to the offer', () => {
    expect(countPendingByKind([
      { kind: 'avis', count: 2 },
      { kind: 'preregistration.create', count: 1 },
      { kind: 'preregistration.validate', count: 2 },
      { kind: 'preregistration.delete', count: 1 },
      { kind: 'action.enrich', count: 1 },
    ])).toEqual({ avis: 2, preRegistrations: 4, offer: 1 });
  });

  it('names each kind in French with its plural', () => {
    expect(frenchPendingList({ avis: 2, preRegistrations: 1, offer: 0 })).toBe('2 avis et 1 préinscription');
    expect(frenchPendingList({ avis: 1, preRegistrations: 2, offer: 1 })).toBe("1 avis, 2 préinscriptions et 1 modification de l'offre");
    expect(frenchPendingList({ avis: 0, preRegistrations: 0, offer: 3 })).toBe("3 modifications de l'offre");
    expect(frenchPendingList({ avis: 0, preRegistrations: 0, offer: 0 })).toBe('');
  });
});
