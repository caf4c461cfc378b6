// The avis form belongs to the candidature it was opened for. The selection is a row index: when the list changes
// under it (a decided row leaving a list filtered on « en attente », rows a sync brings), the row there may hold
// another candidature, and a form half filled for the one before must not be sent for it.
import { beforeEach, describe, expect, it } from 'vitest';
import { useReview } from '../../../renderer/src/stores/review-store';

describe('the avis form and the candidature shown', () => {
  beforeEach(() => {
    useReview.setState({ selectedIndex: 3, draft: null, error: null });
    useReview.getState().openDraft({ candidatureId: 'cand-b', kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: '' });
  });

  it('stays open while the row shows the candidature it was opened for', () => {
    useReview.getState().showing('cand-b');
    expect(useReview.getState().draft).toMatchObject({ candidatureId: 'cand-b', motive: 'PERSONNE_INJOIGNABLE' });
    expect(useReview.getState().selectedIndex).toBe(3);
  });

  it('closes when the same row now shows another candidature, the selection staying on the row', () => {
    useReview.getState().setError({ message: 'justification obligatoire', field: 'justification' });
    useReview.getState().showing('cand-c');
    expect(useReview.getState()).toMatchObject({ draft: null, error: null, selectedIndex: 3 });
  });
});
