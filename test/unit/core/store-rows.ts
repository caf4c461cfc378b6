// Server rows as the local store receives them (one action, its session, one candidature), for store tests.
import { Action, Candidature, Session } from '../../../shared/protocol/entities';

export const action = Action.parse({
  id: 'a1', reference: '202404234195', type: 'SIMPLE', moduleCount: null, title: 'Secrétaire assistant', highlight: null, webLink: null,
  financing: { financeur: 'Région Nouvelle-Aquitaine', marketNumber: 'M-1', dispositif: 'HSP', mesure: 'HSP SOCLE' }, responsibleStructureName: 'OF démo', version: 1,
});
export const session = Session.parse({
  id: 's1', actionId: 'a1', carifNumber: '00498943', publishedOn: '2026-09-01', marketStart: '2026-09-01', marketEnd: '2027-08-31', city: 'BAYONNE', department: '64',
  trainingPlace: 'Bayonne', cpfEligible: false, fixedDates: false, contact: { name: 'Accueil', email: null, phone: null }, disabilityReferent: null, status: 'PUBLISHED',
  orgRole: 'RESPONSABLE', version: 1,
});
export const candidature = Candidature.parse({
  id: 'c1', sessionId: 's1', candidate: { firstName: 'Inès', lastName: 'Etcheverry', email: 'ines.e@example.fr', phone: null }, origin: 'CANDIDAT',
  prescriberStructureName: null, createdAt: '2026-11-20T09:00:00.000Z', createdOn: '2026-11-20', avisDeadline: '2026-12-20', state: 'EN_ATTENTE',
  retained: null, nonRetained: null, avisAt: null, avisOn: null, avisBy: null, version: 3,
});
