// The dashboard table of seed 004: candidature counts per state (7 columns, with "passage en avis non transmis
// d'ici 15 jours") × the role of my structure (3 rows), cumulated over published, non-archived sessions.
// A cancelled session is still "published, non-archived" for this purpose: otherwise "refus : session annulée"
// could never be anything but zero.
import type { CalendarDate } from './calendar-date';
import type { CandidatureState, OrgRole, SessionStatus } from './vocabulary';
import { ORG_ROLES } from './vocabulary';
import { DEADLINE_SOON_DAYS } from './avis-deadline';
import { addDays } from './calendar-date';

export const DASHBOARD_COLUMNS = [
  'EN_ATTENTE',
  'DEADLINE_SOON',
  'RETENUE',
  'NON_RETENUE',
  'AVIS_NON_TRANSMIS',
  'REFUS_SESSION_COMPLETE',
  'REFUS_SESSION_ANNULEE',
] as const;
export type DashboardColumnKey = (typeof DASHBOARD_COLUMNS)[number];

export type DashboardInput = {
  state: CandidatureState;
  avisDeadline: CalendarDate;
  /** Null when the structure has no role on the session (a prescriber's view): such rows are not counted. */
  orgRole: OrgRole | null;
  sessionStatus: SessionStatus;
  /** How many candidatures share these values (a grouped SQL row); 1 when absent. */
  count?: number;
};

export type DashboardRow = { role: OrgRole; counts: Record<DashboardColumnKey, number> };

function emptyCounts(): Record<DashboardColumnKey, number> {
  return Object.fromEntries(DASHBOARD_COLUMNS.map((c) => [c, 0])) as Record<DashboardColumnKey, number>;
}

export function buildDashboard(candidatures: Iterable<DashboardInput>, today: CalendarDate): DashboardRow[] {
  const rows = new Map<OrgRole, Record<DashboardColumnKey, number>>(ORG_ROLES.map((r) => [r, emptyCounts()]));
  const soonUntil = addDays(today, DEADLINE_SOON_DAYS); // once, not per candidature: 100k rows stay cheap
  for (const c of candidatures) {
    if (c.sessionStatus === 'ARCHIVED' || c.orgRole === null) continue;
    const counts = rows.get(c.orgRole)!;
    const n = c.count ?? 1;
    counts[c.state] += n;
    if (c.state === 'EN_ATTENTE' && c.avisDeadline >= today && c.avisDeadline <= soonUntil) counts.DEADLINE_SOON += n;
  }
  return ORG_ROLES.map((role) => ({ role, counts: rows.get(role)! }));
}

/** The candidature filter a dashboard cell links to (the list leaves archived sessions out by default, as here). */
export function filterForCell(role: OrgRole, column: DashboardColumnKey): { roles: OrgRole[]; states: CandidatureState[]; deadlineSoon?: true } {
  return column === 'DEADLINE_SOON'
    ? { roles: [role], states: ['EN_ATTENTE'], deadlineSoon: true }
    : { roles: [role], states: [column] };
}
