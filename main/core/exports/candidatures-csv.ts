// The candidature export: every column a manager reconciles with EOS or a funder's file (contact details, planned
// dates, motive, avis day and author, entry point), for exactly the rows the list shows with its filters and order.
// Headers and values say what the screens say (test/unit/exports/candidatures-csv.test.ts holds them to fr.json).
import type { CandidatureListRow, ExportedFile } from '../../../shared/ipc/views';
import type { CandidatureOrigin, CandidatureState, NonRetentionMotive, OrgRole } from '../../../shared/domain/vocabulary';
import { csvDay, csvFile, csvYesNo, type CsvColumn } from '../../../shared/exports/csv-writer';

/** A list row plus what only the candidature itself (or the user's unsent avis) holds. */
export type CandidatureExportRow = CandidatureListRow & {
  firstName: string;
  lastName: string;
  phone: string | null;
  origin: CandidatureOrigin;
  plannedEntry: string | null;
  plannedExit: string | null;
  motive: NonRetentionMotive | null;
  justification: string | null;
  avisBy: string | null;
  entryPoint: { date: string; bis: boolean } | null;
};

export const STATE_LABELS: Record<CandidatureState, string> = {
  EN_ATTENTE: 'En attente',
  RETENUE: 'Retenue',
  NON_RETENUE: 'Non retenue',
  AVIS_NON_TRANSMIS: 'Avis non transmis',
  REFUS_SESSION_COMPLETE: 'Refus : session complète',
  REFUS_SESSION_ANNULEE: 'Refus : session annulée',
};
export const ROLE_LABELS: Record<OrgRole, string> = { RESPONSABLE: 'Responsable', POSITIONNEUR: 'Positionneur', FORMATEUR: 'Formateur' };
export const MOTIVE_LABELS: Record<NonRetentionMotive, string> = {
  DOCUMENT_MANQUANT: 'Document manquant',
  CONDITION_ADMINISTRATIVE_NON_REMPLIE: 'Condition administrative non remplie',
  AUTRE: 'Autre motif',
  PERSONNE_INJOIGNABLE: 'Personne injoignable',
};
export const ORIGIN_LABELS: Record<CandidatureOrigin, string> = { CANDIDAT: 'Candidature directe', PRESCRIPTEUR: 'Prescripteur' };

export const CANDIDATURE_COLUMNS: readonly CsvColumn<CandidatureExportRow>[] = [
  { header: 'Nom', value: (r) => r.lastName },
  { header: 'Prénom', value: (r) => r.firstName },
  { header: 'E-mail', value: (r) => r.candidateEmail },
  { header: 'Téléphone', value: (r) => r.phone },
  { header: 'État', value: (r) => STATE_LABELS[r.state] },
  { header: 'À envoyer', value: (r) => csvYesNo(r.pending) },
  { header: 'Déposée le', value: (r) => csvDay(r.createdOn) },
  // As in the list: a deadline only means something while the candidature waits for its avis.
  { header: 'Avis avant le', value: (r) => (r.state === 'EN_ATTENTE' ? csvDay(r.avisDeadline) : '') },
  { header: 'Avis rendu le', value: (r) => csvDay(r.avisOn) },
  { header: 'Avis rendu par', value: (r) => r.avisBy },
  { header: "Date d'entrée prévisionnelle", value: (r) => csvDay(r.plannedEntry) },
  { header: 'Date de sortie prévisionnelle', value: (r) => csvDay(r.plannedExit) },
  { header: 'Motif du refus', value: (r) => (r.motive ? MOTIVE_LABELS[r.motive] : '') },
  { header: 'Justification', value: (r) => r.justification },
  { header: "Point d'entrée", value: (r) => (r.entryPoint ? `${csvDay(r.entryPoint.date)}${r.entryPoint.bis ? ' bis' : ''}` : '') },
  { header: 'Session', value: (r) => r.actionTitle },
  { header: 'Référence', value: (r) => r.actionReference },
  { header: 'Référence marché', value: (r) => r.marketNumber },
  { header: 'Numéro Carif', value: (r) => r.carifNumber },
  { header: 'Ville', value: (r) => r.city },
  { header: 'Département', value: (r) => r.department },
  { header: 'Rôle', value: (r) => (r.orgRole ? ROLE_LABELS[r.orgRole] : '') },
  { header: 'Organisme', value: (r) => r.organisme },
  { header: 'Origine', value: (r) => ORIGIN_LABELS[r.origin] },
  { header: 'Prescripteur', value: (r) => r.prescriberStructureName },
];

export function candidaturesCsv(rows: Iterable<CandidatureExportRow>, today: string): ExportedFile {
  return csvFile(`candidatures-${today}.csv`, CANDIDATURE_COLUMNS, rows);
}
