// The demo accounts the seeded server carries (password `demo` for all). The README and other tests use this list.
import type { ManagementProfile } from '../../shared/domain/vocabulary';

export const DEMO_PASSWORD = 'demo';

export const DEMO_STRUCTURES = {
  of: { id: 'of-demo', name: 'Organisme Démo Formation' },
  partnerOf: { id: 'of-pyrenees', name: 'Centre de Formation des Pyrénées' },
  prescriber: { id: 'presc-demo', name: 'Mission Locale Démo Atlantique' },
} as const;

export type DemoAccount = {
  email: string;
  firstName: string;
  lastName: string;
  admin?: boolean;
  memberships: { structureId: string; profile: ManagementProfile | null; referent?: boolean }[];
  description: string;
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'manager@demo.test', firstName: 'Camille', lastName: 'Etcheverry',
    memberships: [{ structureId: 'of-demo', profile: 'OF_GENERAL', referent: true }],
    description: 'OF_GENERAL, référente de « Organisme Démo Formation »',
  },
  {
    email: 'manager2@demo.test', firstName: 'Julien', lastName: 'Lacoste',
    memberships: [{ structureId: 'of-demo', profile: 'OF_GENERAL' }],
    description: 'OF_GENERAL dans le même organisme, non référent',
  },
  {
    email: 'preinscription@demo.test', firstName: 'Sophie', lastName: 'Bordenave',
    memberships: [{ structureId: 'of-demo', profile: 'OF_PREINSCRIPTION' }],
    description: 'OF_PREINSCRIPTION (donne les avis)',
  },
  {
    email: 'catalogue@demo.test', firstName: 'Thomas', lastName: 'Mendiburu',
    memberships: [{ structureId: 'of-demo', profile: 'OF_CATALOGUE' }],
    description: 'OF_CATALOGUE (valorise l’offre)',
  },
  {
    email: 'prescripteur-n1@demo.test', firstName: 'Léa', lastName: 'Darrigrand',
    memberships: [{ structureId: 'presc-demo', profile: 'PRESCRIPTEUR_N1' }],
    description: 'PRESCRIPTEUR_N1 de « Mission Locale Démo Atlantique »',
  },
  {
    email: 'prescripteur-n2@demo.test', firstName: 'Hugo', lastName: 'Larralde',
    memberships: [{ structureId: 'presc-demo', profile: 'PRESCRIPTEUR_N2' }],
    description: 'PRESCRIPTEUR_N2 de la même structure',
  },
  {
    email: 'prescripteur-n3@demo.test', firstName: 'Inès', lastName: 'Haristoy',
    memberships: [{ structureId: 'presc-demo', profile: 'PRESCRIPTEUR_N3', referent: true }],
    description: 'PRESCRIPTEUR_N3, référente de la structure prescriptrice',
  },
  {
    email: 'multi@demo.test', firstName: 'Nicolas', lastName: 'Oyhenart',
    memberships: [
      { structureId: 'of-demo', profile: 'OF_PREINSCRIPTION' },
      { structureId: 'of-pyrenees', profile: 'OF_GENERAL', referent: true },
    ],
    description: 'membre de deux organismes (bascule de structure)',
  },
  {
    email: 'admin@capmetiers.test', firstName: 'Agnès', lastName: 'Cap Métiers', admin: true,
    memberships: [],
    description: 'administratrice Cap Métiers (réouverture, validation des premiers comptes)',
  },
];
