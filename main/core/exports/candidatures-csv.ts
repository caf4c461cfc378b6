// CSV export of a candidature list, as French spreadsheets expect it: UTF-8 with a BOM (Excel otherwise guesses
// the wrong encoding), ';' between fields (',' is the decimal separator in France) and dates as dd/MM/yyyy.
import Papa from 'papaparse';
import type { CandidatureListRow, ExportedFile } from '../../../shared/ipc/views';
import { formatFrenchDay } from '../../../shared/domain/calendar-date';
import type { CandidatureState, OrgRole } from '../../../shared/domain/vocabulary';

const STATE_LABELS: Record<CandidatureState, string> = {
  EN_ATTENTE: 'En attente',
  RETENUE: 'Retenue',
  NON_RETENUE: 'Non retenue',
  AVIS_NON_TRANSMIS: 'Avis non transmis',
  REFUS_SESSION_COMPLETE: 'Refus : session complète',
  REFUS_SESSION_ANNULEE: 'Refus : session annulée',
};

const ROLE_LABELS: Record<OrgRole, string> = { RESPONSABLE: 'Responsable', POSITIONNEUR: 'Positionneur', FORMATEUR: 'Formateur' };

const day = (d: string | null) => (d ? formatFrenchDay(d) : '');

export function candidaturesCsv(rows: readonly CandidatureListRow[], today: string): ExportedFile {
  const csv = Papa.unparse(
    {
      fields: ['Candidat', 'E-mail', 'État', 'Envoi en attente', 'Date de candidature', "Date limite d'avis", "Date de l'avis", 'Intitulé de la formation',
        'Référence action', 'N° de marché', 'N° Carif', 'Ville', 'Département', 'Rôle', 'Organisme responsable', 'Prescripteur'],
      data: rows.map((r) => [
        r.candidateName, r.candidateEmail, STATE_LABELS[r.state], r.pending ? 'oui' : 'non', day(r.createdOn), day(r.avisDeadline), day(r.avisOn),
        r.actionTitle, r.actionReference, r.marketNumber, r.carifNumber, r.city, r.department, r.orgRole ? ROLE_LABELS[r.orgRole] : '', r.organisme,
        r.prescriberStructureName ?? '',
      ]),
    },
    { delimiter: ';', newline: '\r\n', quotes: false, escapeFormulae: true },
  );
  return { fileName: `candidatures-${today}.csv`, mimeType: 'text/csv;charset=utf-8', content: `\uFEFF${csv}\r\n` };
}
