// French vocabulary for the demo generator: names, cities of Nouvelle-Aquitaine, training titles, financing.
export const FIRST_NAMES = ['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Jade', 'Louise', 'Emma', 'Sarah', 'Nadia', 'Amina', 'Élodie', 'Mathilde', 'Océane', 'Lucas', 'Hugo', 'Thomas', 'Nicolas', 'Julien', 'Mehdi', 'Karim', 'Antoine', 'Maxime', 'Théo', 'Yanis', 'Baptiste', 'Mathéo', 'Gaëtan', 'Rémi', 'Kévin'];
export const LAST_NAMES = ['Etcheverry', 'Lacoste', 'Dupuy', 'Lafitte', 'Bordenave', 'Larrieu', 'Dubos', 'Martin', 'Bernard', 'Moreau', 'Lefèvre', 'Garcia', 'Fernandes', 'Benali', 'Haddad', 'Durand', 'Laborde', 'Castaing', 'Duhalde', 'Iribarne', 'Pétriat', 'Chauvet', 'Mercier', 'Roux', 'Faure', 'Giraud', 'Ndiaye', 'Traoré', 'Nguyen', 'Lopez'];
export const CITIES: readonly { city: string; department: string }[] = [
  { city: 'BAYONNE', department: '64' },
  { city: 'PAU', department: '64' },
  { city: 'BIARRITZ', department: '64' },
  { city: 'BORDEAUX', department: '33' },
  { city: 'MÉRIGNAC', department: '33' },
  { city: 'LIBOURNE', department: '33' },
  { city: 'LIMOGES', department: '87' },
  { city: 'POITIERS', department: '86' },
  { city: 'LA ROCHELLE', department: '17' },
  { city: 'ANGOULÊME', department: '16' },
  { city: 'NIORT', department: '79' },
  { city: 'MONT-DE-MARSAN', department: '40' },
  { city: 'AGEN', department: '47' },
  { city: 'PÉRIGUEUX', department: '24' },
  { city: 'TULLE', department: '19' },
  { city: 'GUÉRET', department: '23' },
];
export const ACTION_TITLES = [
  'Formation Secrétaires de mairie remplaçants',
  'Remise à niveau – Français langue étrangère',
  'Compétences clés – Savoirs de base',
  'Agent de restauration collective',
  'Préparation aux métiers du soin et de l’aide à la personne',
  'Titre professionnel Assistant de vie aux familles',
  'Découverte des métiers du bâtiment',
  'Remise à niveau – Mathématiques et numérique',
  'Titre professionnel Agent de propreté et d’hygiène',
  'CAP Accompagnant éducatif petite enfance',
  'Préparation opérationnelle à l’emploi – Logistique',
  'Titre professionnel Vendeur conseil en magasin',
  'Compétences numériques – Pix',
  'Titre professionnel Employé commercial en magasin',
  'Préqualification aux métiers de l’industrie',
];
export const MESURES = ['HSP SOCLE', 'HSP premier niveau de qualification', 'PRF'] as const;
export const ORGANISATION_NAMES = [
  ['Institut Atlantique de Formation', 'IAF'],
  ['Greta Sud Aquitaine', 'GRETA SA'],
  ['Centre Régional des Compétences', 'CRC'],
  ['Association Béarnaise pour la Formation', 'ABF'],
  ['Formation Limousin Avenir', 'FLA'],
  ['Atelier Poitevin des Savoirs', 'APS'],
  ['Campus des Métiers Gironde', 'CMG'],
  ['Ressources Formation Charente', 'RFC'],
] as const;
export const LEGAL_SUFFIXES = ['', ' SAS', ' SARL', ' Association'];
