import { describe, expect, it } from 'vitest';
import { countPendingByKind } from '../../../shared/domain/pending-kinds';

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
});
