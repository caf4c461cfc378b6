// What belongs to the signed-in user in the renderer's stores: where they were, what they had selected or started.
// When the user signs out, another one signs in, or the active structure changes, all of it goes back to its
// initial value, so nobody lands on someone else's page, selection or half-typed form; the cached reads of the
// core (query-client.ts) are dropped.
// A new store holding per-user state joins PER_USER_STORES; the auth store (who is signed in) and the sync status
// (the core sends it afresh) are not in it.
import type { StoreApi, UseBoundStore } from 'zustand';
import type { AppState } from '../../../shared/ipc/views';
import { useNav } from './nav-store';
import { useReview } from './review-store';
import { useSync } from './sync-store';
import { useUndo } from './undo-store';
import { queryClient } from '../query-client';

type ResettableStore = UseBoundStore<StoreApi<object>> & { getInitialState(): object };

const PER_USER_STORES: readonly ResettableStore[] = [useNav, useReview] as unknown as ResettableStore[];

export function resetPerUserState(): void {
  for (const store of PER_USER_STORES) store.setState(store.getInitialState(), true);
  // A progress bar of the previous user's first sync would otherwise linger until the next event.
  useSync.setState({ progress: null });
  // Its decision is gone with its data: the next user must not be offered to take it back (dismiss stops the timer).
  useUndo.getState().dismiss();
  // The reads are keyed by user and structure (use-ipc-query.ts): the previous one's answers are only dropped.
  queryClient.removeQueries();
}

/** Whether going from one app state to the next changes whose data, or which structure's, the screens show. */
export function identityChanged(previous: AppState | null, next: AppState): boolean {
  if (!previous) return false;
  const who = (s: AppState) => (s.signedIn ? (s.user?.id ?? '') : null);
  return who(previous) !== who(next) || previous.activeStructureId !== next.activeStructureId;
}
