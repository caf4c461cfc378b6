// The Region's territory and the domains its HSP offer is filed under: what the pro catalogue search filters by
// (seed 004: sessions shown as « BAYONNE (64) »; « utiliser le filtre pour retrouver toute votre offre HSP »).

/** The twelve departments of Nouvelle-Aquitaine, by number. */
export const NOUVELLE_AQUITAINE_DEPARTMENTS: readonly { code: string; name: string }[] = [
  { code: '16', name: 'Charente' },
  { code: '17', name: 'Charente-Maritime' },
  { code: '19', name: 'Corrèze' },
  { code: '23', name: 'Creuse' },
  { code: '24', name: 'Dordogne' },
  { code: '33', name: 'Gironde' },
  { code: '40', name: 'Landes' },
  { code: '47', name: 'Lot-et-Garonne' },
  { code: '64', name: 'Pyrénées-Atlantiques' },
  { code: '79', name: 'Deux-Sèvres' },
  { code: '86', name: 'Vienne' },
  { code: '87', name: 'Haute-Vienne' },
];

/** The « mesures » of the conventioned offer (financement → mesure): the domains a prescriber searches by. */
export const OFFER_MESURES: readonly string[] = ['HSP SOCLE', 'HSP premier niveau de qualification', 'PRF'];
