// Who is signed in, in which structure: mirrors the core's AppState (app.getState / 'app.state' events).
import { create } from 'zustand';
import type { AppState } from '../../../shared/ipc/views';
import { invoke, toErrorData } from '../api';
import { identityChanged, resetPerUserState } from './per-user-state';

type AuthStore = {
  state: AppState | null;
  /** Why the app could not start (the core's error: code, French message, maybe a reason). */
  loadError: ReturnType<typeof toErrorData> | null;
  load: () => Promise<void>;
  set: (state: AppState) => void;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: (discardPending: boolean) => Promise<void>;
  setActive: (structureId: string) => Promise<void>;
};

export const useAuth = create<AuthStore>((set, get) => {
  /** Every new app state goes through here: a change of user or structure resets what the screens remember. */
  const apply = (state: AppState) => {
    if (identityChanged(get().state, state)) resetPerUserState();
    set({ state });
  };
  return {
    state: null,
    loadError: null,
    async load() {
      try {
        apply(await invoke('app.getState', {}));
        set({ loadError: null });
      } catch (error) {
        set({ loadError: toErrorData(error) });
      }
    },
    set: apply,
    async signIn(email, password) {
      apply(await invoke('auth.signIn', { email, password }));
    },
    async signOut(discardPending) {
      apply(await invoke('auth.signOut', { discardPending }));
    },
    async setActive(structureId) {
      apply(await invoke('structures.setActive', { structureId }));
    },
  };
});

export function activeMembership(state: AppState | null) {
  if (!state?.activeStructureId) return null;
  return state.memberships.find((m) => m.structure.id === state.activeStructureId) ?? null;
}
