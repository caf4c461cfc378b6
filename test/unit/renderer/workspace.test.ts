// Which screens each kind of user gets, and that a stale navigation state never shows a screen outside them.
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../shared/ipc/views';
import type { ManagementProfile } from '../../../shared/domain/vocabulary';
import { activeProfile, hasStructureData, homeRoute, menuRoutes, resolveRoute, routeAllowed, workspaceOf, type Workspace } from '../../../renderer/src/workspace';
import { profileMayEnrich } from '../../../shared/domain/rights';

function stateOf(profile: ManagementProfile | null, options: { admin?: boolean; structure?: boolean } = {}): AppState {
  const structure = { id: 's-1', siret: '73282932000074', name: 'Structure', acronym: null, kind: 'ORGANISME_FORMATION' as const, city: null };
  return {
    signedIn: true, needsSignIn: false, serverUrl: 'http://x', recovery: null,
    user: { id: 'u-1', email: 'a@b.fr', firstName: 'A', lastName: 'B', phone: null, ...(options.admin ? { isAdmin: true } : {}) },
    memberships: options.structure === false ? [] : [{ structure, profile, parcoursProProfiles: [], referent: false, employer: false }],
    activeStructureId: options.structure === false ? null : 's-1',
  } as AppState;
}

const menu = (w: Workspace) => menuRoutes(w).map((r) => r.name);

describe('workspaces', () => {
  it('maps each profile, and Cap Métiers staff, to its workspace', () => {
    expect(workspaceOf(stateOf('OF_GENERAL'))).toBe('OF_GENERAL');
    expect(workspaceOf(stateOf('OF_PREINSCRIPTION'))).toBe('OF_PREINSCRIPTION');
    expect(workspaceOf(stateOf('OF_CATALOGUE'))).toBe('OF_CATALOGUE');
    for (const p of ['PRESCRIPTEUR_N1', 'PRESCRIPTEUR_N2', 'PRESCRIPTEUR_N3'] as const) expect(workspaceOf(stateOf(p))).toBe('PRESCRIBER');
    expect(workspaceOf(stateOf(null))).toBe('NONE');
    expect(workspaceOf(stateOf(null, { admin: true, structure: false }))).toBe('ADMIN');
    expect(workspaceOf(stateOf(null, { structure: false }))).toBe('NONE');
    expect(workspaceOf(null)).toBe('NONE');
  });

  it('gives each workspace its home: the dashboard, Gestion des formations, the catalogue search, the admin tools', () => {
    expect(homeRoute('OF_GENERAL')).toEqual({ name: 'dashboard' });
    expect(homeRoute('OF_PREINSCRIPTION')).toEqual({ name: 'dashboard' });
    expect(homeRoute('OF_CATALOGUE')).toEqual({ name: 'formations' });
    expect(homeRoute('PRESCRIBER')).toEqual({ name: 'catalogue' });
    expect(homeRoute('ADMIN')).toEqual({ name: 'admin' });
    expect(homeRoute('NONE')).toEqual({ name: 'welcome' });
  });

  it('keeps OF screens from prescribers and Cap Métiers, candidature screens from the catalogue profile, the offer from préinscription', () => {
    for (const w of ['PRESCRIBER', 'ADMIN', 'NONE'] as const) {
      for (const name of ['dashboard', 'candidatures', 'sessions', 'formations'] as const) expect(menu(w), `${w} ${name}`).not.toContain(name);
      expect(routeAllowed(w, { name: 'session', id: 'x' })).toBe(false);
    }
    expect(menu('OF_CATALOGUE')).toEqual(['formations', 'outbox', 'conflicts', 'structures', 'account']);
    expect(routeAllowed('OF_CATALOGUE', { name: 'candidatures', filters: {} })).toBe(false);
    expect(routeAllowed('OF_CATALOGUE', { name: 'session', id: 'x' })).toBe(false);
    expect(menu('OF_PREINSCRIPTION')).not.toContain('formations');
    expect(menu('OF_GENERAL')).toEqual(['dashboard', 'candidatures', 'sessions', 'formations', 'outbox', 'conflicts', 'structures', 'account']);
    expect(menu('PRESCRIBER')).toEqual(['catalogue', 'preregistrations', 'outbox', 'conflicts', 'structures', 'account']);
    expect(menu('ADMIN')).toEqual(['admin', 'account']);
    for (const w of ['OF_GENERAL', 'OF_PREINSCRIPTION', 'OF_CATALOGUE', 'ADMIN', 'NONE'] as const) expect(menu(w)).not.toContain('preregistrations');
  });

  it('shows the home instead of a screen the workspace does not have, and inner pages where they belong', () => {
    expect(resolveRoute('PRESCRIBER', { name: 'dashboard' })).toEqual({ name: 'catalogue' });
    expect(resolveRoute('OF_CATALOGUE', { name: 'candidatures', filters: { states: ['EN_ATTENTE'] } })).toEqual({ name: 'formations' });
    expect(resolveRoute('ADMIN', { name: 'conflicts' })).toEqual({ name: 'admin' });
    expect(resolveRoute('OF_GENERAL', { name: 'home' })).toEqual({ name: 'dashboard' });
    expect(resolveRoute('OF_GENERAL', { name: 'session', id: 's' })).toEqual({ name: 'session', id: 's' });
    expect(resolveRoute('PRESCRIBER', { name: 'catalogueSession', id: 's' })).toEqual({ name: 'catalogueSession', id: 's' });
    expect(resolveRoute('OF_GENERAL', { name: 'catalogueSession', id: 's' })).toEqual({ name: 'dashboard' });
  });

  it('gives the sync bar nothing to report for Cap Métiers staff or a member with no active structure', () => {
    expect(hasStructureData(stateOf(null, { admin: true, structure: false }))).toBe(false);
    expect(hasStructureData(stateOf(null, { structure: false }))).toBe(false);
    expect(hasStructureData(null)).toBe(false);
    expect(hasStructureData(stateOf('OF_GENERAL'))).toBe(true);
    expect(hasStructureData(stateOf('PRESCRIPTEUR_N1'))).toBe(true);
  });

  it('shows the enrichment card only to profiles that may ever enrich (a préinscription profile never does)', () => {
    const mayEnrich = (profile: ManagementProfile | null) => profileMayEnrich(activeProfile(stateOf(profile)));
    expect(mayEnrich('OF_GENERAL')).toBe(true);
    expect(mayEnrich('OF_CATALOGUE')).toBe(true);
    expect(mayEnrich('OF_PREINSCRIPTION')).toBe(false);
    expect(mayEnrich('PRESCRIPTEUR_N2')).toBe(false);
    expect(mayEnrich(null)).toBe(false);
    expect(profileMayEnrich(activeProfile(stateOf('OF_GENERAL', { structure: false })))).toBe(false);
  });
});
