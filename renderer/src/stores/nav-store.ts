// In-app navigation: a small route value rather than URLs: the renderer is one document (app:// in Electron, the
// headless host in browser mode) and navigation away from it is blocked by design.
import { create } from 'zustand';
import type { CandidatureFilters } from '../../../shared/ipc/views';

export type Route =
  /** The signed-in user's home, whatever their workspace (src/workspace.ts resolves it). */
  | { name: 'home' }
  | { name: 'welcome' }
  | { name: 'dashboard' }
  | { name: 'candidatures'; filters: CandidatureFilters }
  | { name: 'sessions' }
  | { name: 'session'; id: string }
  | { name: 'formations' }
  | { name: 'catalogue' }
  | { name: 'catalogueSession'; id: string }
  | { name: 'outbox' }
  | { name: 'conflicts' }
  | { name: 'preregistrations'; sessionId?: string }
  | { name: 'structures' }
  | { name: 'account' }
  | { name: 'admin' };

type NavStore = { route: Route; go: (route: Route) => void };

export const useNav = create<NavStore>((set) => ({
  route: { name: 'home' },
  go(route) {
    set({ route });
  },
}));
