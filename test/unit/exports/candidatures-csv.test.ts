// The candidature export says what the screens say: its headers and values are the French catalogue's words, so a
// manager finds in the spreadsheet the columns and states they see in the app.
import { describe, expect, it } from 'vitest';
import fr from '../../../renderer/src/i18n/fr.json';
import {
  CANDIDATURE_COLUMNS, MOTIVE_LABELS, ORIGIN_LABELS, ROLE_LABELS, STATE_LABELS, candidaturesCsv, type CandidatureExportRow,
} from '../../../main/core/exports/candidatures-csv';

/** Headers with a label on screen, and the catalogue key of that label. */
const SCREEN_LABELS: Record<string, string> = {
  Nom: fr.prereg.lastName,
  Prénom: fr.prereg.firstName,
  'E-mail': fr.avis.email,
  Téléphone: fr.avis.phone,
  État: fr.list.col.state,
  'À envoyer': fr.list.pending,
  'Déposée le': fr.list.col.createdOn,
  'Avis avant le': fr.list.col.deadline,
  "Date d'entrée prévisionnelle": fr.avis.plannedEntry,
  'Date de sortie prévisionnelle': fr.avis.plannedExit,
  'Motif du refus': fr.avis.motive,
  Justification: fr.avis.justification,
  Session: fr.list.col.session,
  Référence: fr.session.reference,
  'Référence marché': fr.filters.marketNumber,
  'Numéro Carif': fr.filters.carifNumber,
  Ville: fr.list.col.city,
  Rôle: fr.list.col.role,
  Organisme: fr.filters.organisme,
  Origine: fr.avis.origin,
};

const row: CandidatureExportRow = {
  id: 'c1', sessionId: 's1', candidateName: 'Etxeberria Maïwenn', candidateEmail: 'maiwenn@exemple.fr', state: 'RETENUE', pending: true,
  conflicted: false, createdOn: '2026-01-05', avisDeadline: '2026-02-19', avisOn: '2026-01-20', actionTitle: 'Remise à niveau', actionReference: '202404234195',
  marketNumber: 'M-2024-12', carifNumber: '00498943', city: 'BAYONNE', department: '64', orgRole: 'POSITIONNEUR', organisme: 'Organisme Démo',
  prescriberStructureName: 'Mission Locale', firstName: 'Maïwenn', lastName: 'Etxeberria', phone: '06 12 34 56 78', origin: 'PRESCRIPTEUR',
  plannedEntry: '2026-03-02', plannedExit: '2026-06-30', motive: null, justification: null, avisBy: 'Claire Martin', entryPoint: { date: '2026-03-02', bis: true },
};

function cells(content: string): Record<string, string>[] {
  const [head, ...lines] = content.slice(1).trimEnd().split('\r\n');
  const headers = head!.split(';');
  return lines.map((l) => Object.fromEntries(l.split(';').map((v, i) => [headers[i]!, v])));
}

describe('candidatures CSV', () => {
  it('names its columns as the screens do', () => {
    const headers = CANDIDATURE_COLUMNS.map((c) => c.header);
    for (const [header, label] of Object.entries(SCREEN_LABELS)) expect(headers, header).toContain(label);
    expect(new Set(headers).size).toBe(headers.length);
  });

  it('writes states, roles, motives and origins with the catalogue words', () => {
    expect(STATE_LABELS).toEqual(fr.state);
    expect(ROLE_LABELS).toEqual(fr.role);
    expect(MOTIVE_LABELS).toEqual(fr.motive);
    expect(ORIGIN_LABELS).toEqual(fr.origin);
  });

  it('carries what a manager reconciles with: phone, planned dates, avis day and author, entry point', () => {
    const [r] = cells(candidaturesCsv([row], '2026-01-21').content);
    expect(r).toMatchObject({
      Nom: 'Etxeberria', Prénom: 'Maïwenn', Téléphone: '06 12 34 56 78', État: 'Retenue', 'À envoyer': 'oui', 'Déposée le': '05/01/2026',
      'Avis avant le': '', 'Avis rendu le': '20/01/2026', 'Avis rendu par': 'Claire Martin', "Date d'entrée prévisionnelle": '02/03/2026',
      'Date de sortie prévisionnelle': '30/06/2026', "Point d'entrée": '02/03/2026 bis', Rôle: 'Positionneur', Origine: 'Prescripteur', Prescripteur: 'Mission Locale',
    });
  });

  it('gives a pending candidature its deadline and a refused one its motive', () => {
    const [pending, refused] = cells(candidaturesCsv([
      { ...row, state: 'EN_ATTENTE', pending: false, avisOn: null, avisBy: null, plannedEntry: null, plannedExit: null },
      { ...row, state: 'NON_RETENUE', plannedEntry: null, plannedExit: null, motive: 'DOCUMENT_MANQUANT', justification: 'Pièce d’identité absente' },
    ], '2026-01-21').content);
    expect(pending).toMatchObject({ 'Avis avant le': '19/02/2026', 'Avis rendu le': '', 'Avis rendu par': '', 'Motif du refus': '' });
    expect(refused).toMatchObject({ 'Motif du refus': 'Document manquant', Justification: 'Pièce d’identité absente', "Date d'entrée prévisionnelle": '' });
  });
});
