// Which screens each user gets (seed 000 « les profils », seed 004 « selon votre profil, les boutons d'accès
// "gestion des formations" / "gestion des candidatures" peuvent varier»): one workspace per kind of user, each with
// its home and its menu. A screen outside the workspace is never shown, whatever the navigation state says.
import type { AppState } from '../../shared/ipc/views';
import type { ManagementProfile } from '../../shared/domain/vocabulary';
import type { Route } from './stores/nav-store';

export type Workspace =
  /** OF_GENERAL: candidatures and the offer. */
  | 'OF_GENERAL'
  /** OF_PREINSCRIPTION: candidatures only. */
  | 'OF_PREINSCRIPTION'
  /** OF_CATALOGUE: the offer only; no candidate data. */
  | 'OF_CATALOGUE'
  /** PRESCRIPTEUR_N1/N2/N3: the pro catalogue search and pre-registrations. */
  | 'PRESCRIBER'
  /** Cap Métiers staff: first accounts and reopening, no structure. */
  | 'ADMIN'
  /** A member with no management profile yet (or no structure): only their account and structures. */
  | 'NONE';

export function workspaceOf(state: AppState | null): Workspace {
  if (state?.user?.isAdmin) return 'ADMIN';
  return workspaceOfProfile(activeProfile(state));
}

/** The user's management profile in the active structure, if any. */
export function activeProfile(state: AppState | null): ManagementProfile | null {
  const membership = state?.activeStructureId ? state.memberships.find((m) => m.structure.id === state.activeStructureId) : undefined;
  return membership?.profile ?? null;
}

/**
 * Whether the user has structure data that synchronises: Cap Métiers staff and a member with no active structure have
 * none, so « Jamais synchronisé » and a pending count would only suggest something is missing.
 */
export function hasStructureData(state: AppState | null): boolean {
  return !state?.user?.isAdmin && !!state?.activeStructureId;
}

export function workspaceOfProfile(profile: ManagementProfile | null): Workspace {
  switch (profile) {
    case 'OF_GENERAL':
    case 'OF_PREINSCRIPTION':
    case 'OF_CATALOGUE':
      return profile;
    case 'PRESCRIPTEUR_N1':
    case 'PRESCRIPTEUR_N2':
    case 'PRESCRIPTEUR_N3':
      return 'PRESCRIBER';
    default:
      return 'NONE';
  }
}

type RouteName = Route['name'];

/** The screens of each workspace, in menu order; the first is its home. */
const SCREENS: Record<Workspace, readonly RouteName[]> = {
  OF_GENERAL: ['dashboard', 'candidatures', 'sessions', 'formations', 'outbox', 'conflicts', 'structures', 'account'],
  OF_PREINSCRIPTION: ['dashboard', 'candidatures', 'sessions', 'outbox', 'conflicts', 'structures', 'account'],
  OF_CATALOGUE: ['formations', 'outbox', 'conflicts', 'structures', 'account'],
  PRESCRIBER: ['catalogue', 'preregistrations', 'outbox', 'conflicts', 'structures', 'account'],
  ADMIN: ['admin', 'account'],
  NONE: ['welcome', 'structures', 'account'],
};

/** Screens reached from another one of the workspace, not from the menu. */
const INNER: Partial<Record<RouteName, RouteName>> = { session: 'sessions', catalogueSession: 'catalogue' };

export function homeRoute(workspace: Workspace): Route {
  return routeOf(SCREENS[workspace][0]!);
}

export function menuRoutes(workspace: Workspace): Route[] {
  return SCREENS[workspace].filter((name) => name !== 'welcome').map(routeOf);
}

/** The menu entry a screen belongs to (a session page belongs to its list). */
export function menuEntryOf(route: Route): RouteName {
  return INNER[route.name] ?? route.name;
}

export function routeAllowed(workspace: Workspace, route: Route): boolean {
  return SCREENS[workspace].includes(menuEntryOf(route));
}

/** What the app shows for a navigation state: the route itself when the workspace has it, else the home. */
export function resolveRoute(workspace: Workspace, route: Route): Route {
  return routeAllowed(workspace, route) ? route : homeRoute(workspace);
}

function routeOf(name: RouteName): Route {
  switch (name) {
    case 'candidatures':
      return { name, filters: {} };
    case 'session':
    case 'catalogueSession':
      throw new Error(`${name} needs an id`);
    case 'preregistrations':
      return { name };
    default:
      return { name } as Route;
  }
}
