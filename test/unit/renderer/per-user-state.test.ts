// Sign-out, another user, or another structure: the next screen starts from its home with nothing of the previous
// user's navigation, selection or draft; a renewed sign-in of the same user keeps them.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppState } from '../../../shared/ipc/views';
import { useAuth } from '../../../renderer/src/stores/auth-store';
import { useNav } from '../../../renderer/src/stores/nav-store';
import { useReview } from '../../../renderer/src/stores/review-store';
import { useSync } from '../../../renderer/src/stores/sync-store';
import { useUndo } from '../../../renderer/src/stores/undo-store';

const structure = (id: string) => ({ structure: { id, siret: '73282932000074', name: id, acronym: null, kind: 'ORGANISME_FORMATION' as const, city: null }, profile: 'OF_GENERAL' as const, parcoursProProfiles: [], referent: false, employer: false });
function state(userId: string | null, activeStructureId = 'of-1', needsSignIn = false): AppState {
  return {
    signedIn: userId !== null, needsSignIn, serverUrl: 'http://x', recovery: null,
    user: userId ? { id: userId, email: `${userId}@b.fr`, firstName: 'A', lastName: 'B', phone: null } : null,
    memberships: userId ? [structure('of-1'), structure('of-2')] : [],
    activeStructureId: userId ? activeStructureId : null,
  };
}

function somewhere() {
  useNav.getState().go({ name: 'candidatures', filters: { states: ['EN_ATTENTE'] } });
  useReview.getState().select(7);
  useReview.getState().openDraft({ candidatureId: 'cand-1', kind: 'NON_RETENUE', motive: 'AUTRE', justification: 'à moitié tapé' });
  useSync.getState().setProgress({ structureId: 'of-1', done: 10, expected: 100 });
  useUndo.getState().show('mutation-1', 'cand-1', 'Avis retenu pour Marie Dupont');
}

describe('per-user UI state', () => {
  beforeEach(() => {
    useAuth.setState({ state: null });
    useAuth.getState().set(state('manager'));
    somewhere();
  });

  it('is reset when the user signs out', () => {
    useAuth.getState().set(state(null));
    expect(useNav.getState().route).toEqual({ name: 'home' });
    expect(useReview.getState()).toMatchObject({ selectedIndex: null, draft: null });
    expect(useSync.getState().progress).toBeNull();
    expect(useUndo.getState().offer).toBeNull();
  });

  it('is reset when another user signs in', () => {
    useAuth.getState().set(state('prescriber'));
    expect(useNav.getState().route).toEqual({ name: 'home' });
    expect(useReview.getState().draft).toBeNull();
  });

  it('is reset when the active structure changes', () => {
    useAuth.getState().set(state('manager', 'of-2'));
    expect(useNav.getState().route).toEqual({ name: 'home' });
    expect(useReview.getState().selectedIndex).toBeNull();
  });

  it('is kept when the same user is asked to sign in again, and while sync refreshes the state', () => {
    useAuth.getState().set(state('manager', 'of-1', true));
    useAuth.getState().set(state('manager', 'of-1', false));
    expect(useNav.getState().route).toEqual({ name: 'candidatures', filters: { states: ['EN_ATTENTE'] } });
    expect(useReview.getState()).toMatchObject({ selectedIndex: 7, draft: { justification: 'à moitié tapé' } });
    expect(useUndo.getState().offer).toMatchObject({ mutationId: 'mutation-1' });
  });
});
