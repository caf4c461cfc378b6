// The deterministic French demo data set, at any scale, placed around the server's "now": organisations with valid
// SIRETs, actions, sessions with Carif numbers, entry points past and upcoming (some bis, some full, one legacy
// 13/10), candidatures in every state, pre-registrations of the demo prescriber, and pending account requests.
import { addDays, type CalendarDate } from '../../shared/domain/calendar-date';
import { defaultAvisDeadline, DEFAULT_AVIS_DELAY_DAYS } from '../../shared/domain/avis-deadline';
import type { CandidatureState, OrgRole } from '../../shared/domain/vocabulary';
import type * as schema from '../db/schema';
import { createRng, type Rng } from './prng';
import { ACTION_TITLES, CITIES, FIRST_NAMES, LAST_NAMES, LEGAL_SUFFIXES, MESURES, ORGANISATION_NAMES } from './french-data';
import { DEMO_STRUCTURES } from './demo-accounts';

type Insert<T extends { $inferInsert: unknown }> = Omit<T['$inferInsert'], 'seq'>;

export type DemoData = {
  structures: Insert<typeof schema.structures>[];
  actions: Insert<typeof schema.actions>[];
  sessions: Insert<typeof schema.sessions>[];
  sessionRoles: (typeof schema.sessionRoles.$inferInsert)[];
  entryPoints: Insert<typeof schema.entryPoints>[];
  candidatures: Insert<typeof schema.candidatures>[];
  preRegistrations: Insert<typeof schema.preRegistrations>[];
};

/** A SIRET with a valid Luhn key: 13 random digits and the check digit that completes them. */
export function makeSiret(rng: Rng): string {
  const digits = Array.from({ length: 13 }, () => rng.int(0, 9));
  if (digits.slice(0, 9).join('') === '356000000') digits[0] = 1; // La Poste follows another rule
  for (let check = 0; check <= 9; check++) {
    const all = [...digits, check];
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let d = all[13 - i]!;
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 === 0) return all.join('');
  }
  throw new Error('unreachable');
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function person(rng: Rng, index: number) {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const ascii = `${firstName}.${lastName}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
  return { firstName, lastName, email: `${ascii}.${index}@exemple.fr`, phone: `06${pad(rng.int(0, 99_999_999), 8)}` };
}

const STATE_WEIGHTS: readonly [CandidatureState, number][] = [
  ['EN_ATTENTE', 0.42],
  ['RETENUE', 0.25],
  ['NON_RETENUE', 0.13],
  ['AVIS_NON_TRANSMIS', 0.08],
  ['REFUS_SESSION_COMPLETE', 0.07],
  ['REFUS_SESSION_ANNULEE', 0.05],
];

function pickState(rng: Rng): CandidatureState {
  let x = rng.next();
  for (const [state, w] of STATE_WEIGHTS) {
    if ((x -= w) < 0) return state;
  }
  return 'EN_ATTENTE';
}

export function generateDemoData(options: { candidatures: number; seed: number; today: CalendarDate; nowIso: string }): DemoData {
  const rng = createRng(options.seed);
  const { today } = options;
  const data: DemoData = { structures: [], actions: [], sessions: [], sessionRoles: [], entryPoints: [], candidatures: [], preRegistrations: [] };

  data.structures.push(
    { id: DEMO_STRUCTURES.of.id, siret: makeSiret(rng), name: DEMO_STRUCTURES.of.name, acronym: 'ODF', kind: 'ORGANISME_FORMATION', city: 'BAYONNE', validated: true },
    { id: DEMO_STRUCTURES.partnerOf.id, siret: makeSiret(rng), name: DEMO_STRUCTURES.partnerOf.name, acronym: 'CFP', kind: 'ORGANISME_FORMATION', city: 'PAU', validated: true },
    { id: DEMO_STRUCTURES.prescriber.id, siret: makeSiret(rng), name: DEMO_STRUCTURES.prescriber.name, acronym: 'MLDA', kind: 'PRESCRIPTEUR', city: 'BAYONNE', validated: true },
  );
  ORGANISATION_NAMES.forEach(([name, acronym], i) => {
    data.structures.push({
      id: `of-${pad(i + 1, 3)}`, siret: makeSiret(rng), name: `${name}${rng.pick(LEGAL_SUFFIXES)}`, acronym,
      kind: 'ORGANISME_FORMATION', city: rng.pick(CITIES).city, validated: true,
    });
  });
  const otherOfs = data.structures.filter((s) => s.id.startsWith('of-0')).map((s) => s.id);

  const sessionCount = Math.max(36, Math.ceil(options.candidatures / 8));
  const actionCount = Math.max(12, Math.ceil(sessionCount / 3));
  for (let a = 0; a < actionCount; a++) {
    // The demo OF carries a third of the actions; the partner OF a few; the others the rest.
    const responsible = a % 3 === 0 ? DEMO_STRUCTURES.of.id : a % 7 === 1 ? DEMO_STRUCTURES.partnerOf.id : otherOfs[a % otherOfs.length]!;
    const modular = rng.chance(0.3);
    data.actions.push({
      id: `act-${pad(a + 1, 6)}`,
      reference: `2024${pad(rng.int(0, 99_999_999), 8)}`,
      type: modular ? 'MODULAIRE' : 'SIMPLE',
      moduleCount: modular ? rng.int(2, 6) : null,
      title: ACTION_TITLES[a % ACTION_TITLES.length]!,
      financing: {
        financeur: 'Région Nouvelle-Aquitaine',
        marketNumber: `${2023 + (a % 3)}-${pad(rng.int(1, 999), 3)}-HSP`,
        dispositif: 'Habilitation de service public',
        mesure: rng.pick(MESURES),
      },
      highlight: rng.chance(0.4) ? 'Accompagnement individualisé et stage en entreprise.' : null,
      webLink: rng.chance(0.4) ? `https://formation.exemple.fr/actions/${a + 1}` : null,
      responsibleStructureId: responsible,
      version: 1,
    });
  }

  let candidatureIndex = 0;
  const perSession = Math.max(1, Math.floor(options.candidatures / sessionCount));
  let leftover = options.candidatures - perSession * sessionCount;
  for (let s = 0; s < sessionCount; s++) {
    const action = data.actions[s % actionCount]!;
    const place = rng.pick(CITIES);
    const sessionId = `ses-${pad(s + 1, 6)}`;
    const cancelled = s % 29 === 5;
    data.sessions.push({
      id: sessionId,
      actionId: action.id,
      carifNumber: pad(498_000 + s * 7 + rng.int(0, 6), 8),
      publishedOn: addDays(today, -rng.int(120, 400)),
      marketStart: addDays(today, -rng.int(400, 700)),
      marketEnd: addDays(today, rng.int(400, 900)),
      city: place.city,
      department: place.department,
      trainingPlace: `${rng.int(1, 80)} rue de la Formation, ${place.city}`,
      cpfEligible: rng.chance(0.5),
      fixedDates: rng.chance(0.6),
      contact: { name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, email: `contact${s}@organisme.exemple.fr`, phone: `05${pad(rng.int(0, 99_999_999), 8)}` },
      disabilityReferent: rng.chance(0.5) ? { name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, email: null, phone: null } : null,
      status: cancelled ? 'CANCELLED' : 'PUBLISHED',
      version: 1,
    });
    // Roles: the responsible structure, plus the demo OF as positionneur or formateur of some others' sessions.
    const roles = new Map<string, OrgRole>([[action.responsibleStructureId, 'RESPONSABLE']]);
    if (action.responsibleStructureId !== DEMO_STRUCTURES.of.id) {
      if (s % 4 === 1) roles.set(DEMO_STRUCTURES.of.id, 'POSITIONNEUR');
      else if (s % 4 === 2) roles.set(DEMO_STRUCTURES.of.id, 'FORMATEUR');
    } else if (s % 5 === 0) {
      roles.set(DEMO_STRUCTURES.partnerOf.id, 'FORMATEUR');
    }
    for (const [structureId, role] of roles) data.sessionRoles.push({ sessionId, structureId, role });

    // Entry points around today: two past, one or two upcoming; some sessions get a bis.
    const points: { id: string; date: CalendarDate; places: number; bis: boolean }[] = [
      { id: `${sessionId}-ep1`, date: addDays(today, -rng.int(70, 110)), places: rng.int(8, 15), bis: false },
      { id: `${sessionId}-ep2`, date: addDays(today, -rng.int(10, 40)), places: rng.int(8, 15), bis: false },
      { id: `${sessionId}-ep3`, date: addDays(today, rng.int(5, 40)), places: rng.int(8, 15), bis: false },
    ];
    if (s % 6 === 3) points.push({ id: `${sessionId}-ep2b`, date: addDays(points[1]!.date, 7), places: rng.int(3, 6), bis: true });
    if (s % 2 === 0) points.push({ id: `${sessionId}-ep4`, date: addDays(today, rng.int(60, 150)), places: rng.int(8, 15), bis: false });
    const upcoming = points[2]!;
    const legacy = s === 3; // the guide's "13/10": more taken than places
    if (legacy) upcoming.places = 10;
    for (const p of points) data.entryPoints.push({ ...p, sessionId, version: 1 });
    // The session's own end (a retained avis's planned exit defaults to it): six months after its last intake,
    // within the market. Derived, not drawn, so the rest of the demo data stays the same.
    const lastIntake = points.reduce((d, p) => (p.date > d ? p.date : d), points[0]!.date);
    const session = data.sessions[data.sessions.length - 1]!;
    session.endDate = addDays(lastIntake, 182) < session.marketEnd ? addDays(lastIntake, 182) : session.marketEnd;

    let count = perSession + (leftover > 0 ? 1 : 0);
    if (leftover > 0) leftover--;
    const full = s % 9 === 4;
    let pending = 0;
    if (full && !cancelled) count = Math.max(count, upcoming.places);
    if (legacy) count = Math.max(count, 13);
    for (let k = 0; k < count; k++) {
      let state: CandidatureState;
      if (cancelled) state = rng.chance(0.7) ? 'REFUS_SESSION_ANNULEE' : 'RETENUE';
      else if ((full || legacy) && pending < (legacy ? 13 : upcoming.places)) state = 'EN_ATTENTE';
      else state = pickState(rng);
      if (state === 'REFUS_SESSION_ANNULEE' && !cancelled) state = 'NON_RETENUE';
      if (state === 'EN_ATTENTE' && !legacy && pending >= upcoming.places - (full ? 0 : 1)) state = 'RETENUE';
      if (state === 'EN_ATTENTE') pending++;
      // Pending ones stay inside their deadline (some within 15 days); "avis non transmis" ones are older.
      const ageDays = state === 'AVIS_NON_TRANSMIS' ? rng.int(DEFAULT_AVIS_DELAY_DAYS + 1, 120) : state === 'EN_ATTENTE' ? rng.int(0, DEFAULT_AVIS_DELAY_DAYS - 1) : rng.int(5, 100);
      const createdOn = addDays(today, -ageDays);
      const decided = state === 'RETENUE' || state === 'NON_RETENUE';
      const avisOn = decided ? addDays(createdOn, rng.int(1, Math.max(1, Math.min(ageDays, 30)))) : null;
      const fromPrescriber = rng.chance(0.15);
      candidatureIndex++;
      data.candidatures.push({
        id: `cand-${pad(candidatureIndex, 7)}`,
        sessionId,
        candidate: person(rng, candidatureIndex),
        origin: fromPrescriber ? 'PRESCRIPTEUR' : 'CANDIDAT',
        prescriberStructureId: fromPrescriber ? DEMO_STRUCTURES.prescriber.id : null,
        prescriberStructureName: fromPrescriber ? DEMO_STRUCTURES.prescriber.name : null,
        createdAt: `${createdOn}T09:${pad(rng.int(0, 59), 2)}:00.000Z`,
        createdOn,
        avisDeadline: defaultAvisDeadline(createdOn),
        state,
        retained: state === 'RETENUE' ? { plannedEntry: upcoming.date, plannedExit: addDays(upcoming.date, rng.int(60, 200)) } : null,
        nonRetained: state === 'NON_RETENUE' ? (rng.chance(0.3) ? { motive: 'PERSONNE_INJOIGNABLE', justification: null } : { motive: 'DOCUMENT_MANQUANT', justification: 'Pièce d’identité manquante.' }) : null,
        avisAt: avisOn ? `${avisOn}T14:00:00.000Z` : null,
        avisOn,
        avisBy: avisOn ? `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}` : null,
        version: 1,
      });
    }
  }

  // Full and legacy sessions take more than their share: trim from the last sessions so the count is exact.
  data.candidatures.length = Math.min(data.candidatures.length, options.candidatures);

  // Pre-registrations of the demo prescriber: drafts by N1 and N2 on open sessions.
  const open = data.sessions.filter((s) => s.status === 'PUBLISHED').slice(0, 6);
  open.forEach((s, i) => {
    data.preRegistrations.push({
      id: `pre-${pad(i + 1, 4)}`,
      sessionId: s.id,
      prescriberStructureId: DEMO_STRUCTURES.prescriber.id,
      createdByUserId: i % 2 === 0 ? 'user-prescripteur-n1' : 'user-prescripteur-n2',
      createdByName: i % 2 === 0 ? 'Léa Darrigrand' : 'Hugo Larralde',
      createdByProfile: i % 2 === 0 ? 'PRESCRIPTEUR_N1' : 'PRESCRIPTEUR_N2',
      candidate: person(rng, 900_000 + i),
      status: 'BROUILLON',
      candidatureId: null,
      createdAt: options.nowIso,
      version: 1,
    });
  });
  return data;
}
