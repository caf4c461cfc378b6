// Who is signed in, in which structure: mirrors the core's AppState (app.getState / 'app.state' events).
import { create } from 'zustand';
import type { AppState } from '../../../shared/ipc/views';
import { invoke } from '../api';

type AuthStore = {
  state: AppState | null;
  loadError: string | null;
  load: () => Promise<void>;
  set: (state: AppState) => void;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: (discardPending: boolean) => Promise<void>;
  setActive: (structureId: string) => Promise<void>;
};

export const useAuth = create<AuthStore>((set) => ({
  state: null,
  loadError: null,
  async load() {
    try {
      set({ state: await invoke('app.getState', {}), loadError: null });
    } catch (error) {
      set({ loadError: error instanceof Error ? error.message : String(error) });
    }
  },
  set(state) {
    set({ state });
  },
  async signIn(email, password) {
    set({ state: await invoke('auth.signIn', { email, password }) });
  },
  async signOut(discardPending) {
    set({ state: await invoke('auth.signOut', { discardPending }) });
  },
  async setActive(structureId) {
    set({ state: await invoke('structures.setActive', { structureId }) });
  },
}));

export function activeMembership(state: AppState | null) {
  if (!state?.activeStructureId) return null;
  return state.memberships.find((m) => m.structure.id === state.activeStructureId) ?? null;
}
