// The avis form belongs to the candidature it was opened for, and the selection to the candidature chosen: when the
// list changes under it (rows a sync brings or takes away above it), the selection follows its candidature; when
// that one is gone from the rows at hand (decided, filtered out), the row now there is shown, and a form half
// filled for the one before must not be sent for it.
import { beforeEach, describe, expect, it } from 'vitest';
import { useReview } from '../../../renderer/src/stores/review-store';

/** Where each candidature is among the rows at hand (null: not among them). */
const at = (rows: Record<string, number>) => (id: string) => rows[id] ?? null;

describe('the avis form and the candidature shown', () => {
  beforeEach(() => {
    useReview.setState({ selectedIndex: 3, chosenId: null, decidedId: null, draft: null, error: null });
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

describe('the selection follows its candidature when the list changes under it', () => {
  beforeEach(() => {
    useReview.getState().select(3);
    useReview.getState().reconcile('cand-a', at({ 'cand-a': 3 })); // its row read: cand-a is the one chosen
  });

  it('moves with it when rows come or go above it, its open form kept', () => {
    useReview.getState().openDraft({ candidatureId: 'cand-a', kind: 'RETENUE', plannedEntry: '2026-12-07', plannedExit: '2027-03-05' });
    useReview.getState().reconcile('cand-x', at({ 'cand-a': 5, 'cand-x': 3 }));
    expect(useReview.getState()).toMatchObject({ selectedIndex: 5, chosenId: 'cand-a', draft: { candidatureId: 'cand-a' } });
    useReview.getState().reconcile('cand-a', at({ 'cand-a': 5 }));
    expect(useReview.getState()).toMatchObject({ selectedIndex: 5, chosenId: 'cand-a' });
  });

  it('stays on the row when its candidature is gone from the rows at hand: the row now there is the selection', () => {
    useReview.getState().reconcile('cand-b', at({ 'cand-b': 3 }));
    expect(useReview.getState()).toMatchObject({ selectedIndex: 3, chosenId: 'cand-b' });
    useReview.getState().reconcile('cand-z', at({ 'cand-b': 4, 'cand-z': 3 }));
    expect(useReview.getState()).toMatchObject({ selectedIndex: 4, chosenId: 'cand-b' });
  });

  it('does not follow the candidature just decided: the row that takes its place is next', () => {
    useReview.getState().decided('cand-a');
    useReview.getState().reconcile('cand-a', at({ 'cand-a': 3 })); // its page not read again yet
    expect(useReview.getState()).toMatchObject({ selectedIndex: 3, chosenId: null });
    useReview.getState().reconcile('cand-b', at({ 'cand-a': 9, 'cand-b': 3 })); // read again: it moved (sorted by state)
    expect(useReview.getState()).toMatchObject({ selectedIndex: 3, chosenId: 'cand-b', decidedId: null });
  });

  it('waits while the selected row is being read, and starts over on a new selection', () => {
    useReview.getState().reconcile(null, at({}));
    expect(useReview.getState()).toMatchObject({ selectedIndex: 3, chosenId: 'cand-a' });
    useReview.getState().select(7);
    expect(useReview.getState()).toMatchObject({ selectedIndex: 7, chosenId: null });
  });
});

describe('« Annuler » brings the selection back to the candidature taken back', () => {

  it('waits for its row to be back, choosing nothing else meanwhile, then selects it', () => {
    useReview.getState().select(3);
    useReview.getState().reconcile('cand-a', at({ 'cand-a': 3 }));
    useReview.getState().decided('cand-a');
    useReview.getState().reconcile('cand-b', at({ 'cand-b': 3 })); // cand-a left the list, cand-b took its row
    useReview.getState().bringBack('cand-a');
    useReview.getState().reconcile('cand-b', at({ 'cand-b': 3 })); // not read again yet
    expect(useReview.getState()).toMatchObject({ selectedIndex: 3, returningId: 'cand-a' });
    useReview.getState().reconcile('cand-c', at({ 'cand-c': 3, 'cand-a': 4, 'cand-b': 5 })); // back, elsewhere
    expect(useReview.getState()).toMatchObject({ selectedIndex: 4, chosenId: 'cand-a', returningId: null });
  });

  it('gives up when the reviewer chooses another row', () => {
    useReview.getState().bringBack('cand-a');
    useReview.getState().select(8);
    expect(useReview.getState().returningId).toBeNull();
  });
});

describe('a selection the list no longer reaches', () => {

  it('follows its candidature up when rows above it went away', () => {
    useReview.getState().select(2);
    useReview.getState().reconcile('cand-c', at({ 'cand-c': 2 }));
    useReview.getState().pastEnd(at({ 'cand-c': 0 }));
    expect(useReview.getState()).toMatchObject({ selectedIndex: 0, chosenId: 'cand-c' });
  });

  it('stays where it is when its candidature went away too', () => {
    useReview.getState().select(2);
    useReview.getState().reconcile('cand-c', at({ 'cand-c': 2 }));
    useReview.getState().pastEnd(at({}));
    expect(useReview.getState()).toMatchObject({ selectedIndex: 2, chosenId: 'cand-c' });
  });
});
