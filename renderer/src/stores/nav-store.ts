// In-app navigation: a small route value rather than URLs: the renderer is one document (app:// in Electron, the
// headless host in browser mode) and navigation away from it is blocked by design.
import { create } from 'zustand';
import type { CandidatureFilters } from '../../../shared/ipc/views';

export type Route =
  | { name: 'dashboard' }
  | { name: 'candidatures'; filters: CandidatureFilters }
  | { name: 'sessions' }
  | { name: 'session'; id: string }
  | { name: 'outbox' }
  | { name: 'conflicts' }
  | { name: 'preregistrations' }
  | { name: 'structures' }
  | { name: 'account' };

type NavStore = { route: Route; go: (route: Route) => void };

export const useNav = create<NavStore>((set) => ({
  route: { name: 'dashboard' },
  go(route) {
    set({ route });
  },
}));
