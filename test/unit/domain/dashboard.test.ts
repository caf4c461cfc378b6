// The dashboard of seed 004 ("Gérer les candidatures"): candidature counts per state, plus "passage en avis non
// transmis d'ici 15 jours", per role of my structure, over published, non-archived sessions.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../../shared/domain/calendar-date';
import { DEADLINE_SOON_DAYS } from '../../../shared/domain/avis-deadline';
import { DASHBOARD_COLUMNS, buildDashboard, filterForCell, type DashboardInput } from '../../../shared/domain/dashboard';
import { CandidatureState, ORG_ROLES, OrgRole, SessionStatus } from '../../../shared/domain/vocabulary';
import { CandidatureFilters, Dashboard, DashboardColumn } from '../../../shared/ipc/views';

const TODAY = '2025-06-01';
const input = (state: DashboardInput['state'], orgRole: DashboardInput['orgRole'], avisDeadline = '2025-12-31', sessionStatus: DashboardInput['sessionStatus'] = 'PUBLISHED'): DashboardInput => ({
  state,
  orgRole,
  avisDeadline,
  sessionStatus,
});
const zero = Object.fromEntries(DASHBOARD_COLUMNS.map((c) => [c, 0]));
const row = (dashboard: ReturnType<typeof buildDashboard>, role: OrgRole) => dashboard.find((r) => r.role === role)!.counts;

/**
 * What the candidature list does with a dashboard filter (main/core/queries/read-model.ts, candidatureWhere):
 * states in, roles in, and deadlineSoon = pending with avisDeadline between today and today + 15 days.
 */
function listCount(inputs: readonly DashboardInput[], f: CandidatureFilters, today: string): number {
  return inputs.filter((c) =>
    (f.includeArchived || c.sessionStatus !== 'ARCHIVED') &&
    (!f.states?.length || f.states.includes(c.state)) &&
    c.orgRole !== null && (!f.roles?.length || f.roles.includes(c.orgRole)) &&
    (!f.deadlineSoon || (c.state === 'EN_ATTENTE' && c.avisDeadline >= today && c.avisDeadline <= addDays(today, 15))),
  ).length;
}

describe('dashboard table', () => {
  it('has the three role rows in the guide order and the seven columns, all zero with no candidature', () => {
    const dashboard = buildDashboard([], TODAY);
    expect(dashboard.map((r) => r.role)).toEqual(['RESPONSABLE', 'POSITIONNEUR', 'FORMATEUR']);
    for (const r of dashboard) expect(r.counts).toEqual(zero);
  });

  it('its columns are the ones the IPC Dashboard view carries, in the same order', () => {
    expect([...DASHBOARD_COLUMNS]).toEqual(DashboardColumn.options);
    const dashboard = buildDashboard([input('RETENUE', 'FORMATEUR')], TODAY);
    expect(Dashboard.safeParse({ structureId: 's1', today: TODAY, rows: dashboard }).success).toBe(true);
  });

  it('counts each candidature in its state column and its role row', () => {
    const dashboard = buildDashboard([
      input('EN_ATTENTE', 'RESPONSABLE'),
      input('EN_ATTENTE', 'RESPONSABLE', '2025-06-10'), // deadline within 15 days
      input('RETENUE', 'RESPONSABLE'),
      input('NON_RETENUE', 'POSITIONNEUR'),
      input('NON_RETENUE', 'POSITIONNEUR'),
      input('AVIS_NON_TRANSMIS', 'POSITIONNEUR', '2025-05-01'),
      input('REFUS_SESSION_COMPLETE', 'FORMATEUR'),
      input('REFUS_SESSION_ANNULEE', 'FORMATEUR', '2025-12-31', 'CANCELLED'),
      input('EN_ATTENTE', 'FORMATEUR', '2025-06-16'), // day 15: still "soon"
    ], TODAY);
    expect(row(dashboard, 'RESPONSABLE')).toEqual({ ...zero, EN_ATTENTE: 2, DEADLINE_SOON: 1, RETENUE: 1 });
    expect(row(dashboard, 'POSITIONNEUR')).toEqual({ ...zero, NON_RETENUE: 2, AVIS_NON_TRANSMIS: 1 });
    expect(row(dashboard, 'FORMATEUR')).toEqual({ ...zero, EN_ATTENTE: 1, DEADLINE_SOON: 1, REFUS_SESSION_COMPLETE: 1, REFUS_SESSION_ANNULEE: 1 });
  });

  it('skips candidatures of archived sessions but keeps those of cancelled ones ("refus : session annulée")', () => {
    const dashboard = buildDashboard([
      input('RETENUE', 'RESPONSABLE', '2025-12-31', 'ARCHIVED'),
      input('EN_ATTENTE', 'RESPONSABLE', '2025-06-05', 'ARCHIVED'),
      input('REFUS_SESSION_ANNULEE', 'RESPONSABLE', '2025-12-31', 'CANCELLED'),
    ], TODAY);
    expect(row(dashboard, 'RESPONSABLE')).toEqual({ ...zero, REFUS_SESSION_ANNULEE: 1 });
  });

  it('reads any iterable, e.g. rows streamed by a generator', () => {
    function* rows() {
      yield input('RETENUE', 'POSITIONNEUR');
      yield input('RETENUE', 'POSITIONNEUR');
    }
    expect(row(buildDashboard(rows(), TODAY), 'POSITIONNEUR').RETENUE).toBe(2);
  });
});

describe('"passage en avis non transmis d\'ici 15 jours" (DEADLINE_SOON)', () => {
  // docs/domain.md, « Deadlines »: today <= avisDeadline <= today + 15, both bounds included; the candidature list
  // filter uses the same bounds.
  const soon = (avisDeadline: string, state: DashboardInput['state'] = 'EN_ATTENTE', today = TODAY) =>
    row(buildDashboard([input(state, 'RESPONSABLE', avisDeadline)], today), 'RESPONSABLE').DEADLINE_SOON;

  it('is 15 days', () => {
    expect(DEADLINE_SOON_DAYS).toBe(15);
  });

  it('includes a deadline today (the avis can still be given today) and on day 15; excludes day 16 and yesterday', () => {
    expect(soon('2025-05-31')).toBe(0); // past: the deadline job takes it, it is not "soon"
    expect(soon('2025-06-01')).toBe(1);
    expect(soon('2025-06-02')).toBe(1);
    expect(soon('2025-06-16')).toBe(1); // today + 15
    expect(soon('2025-06-17')).toBe(0); // today + 16
  });

  it('counts across a month end, a year end and a DST change as calendar days', () => {
    expect(soon('2026-01-15', 'EN_ATTENTE', '2025-12-31')).toBe(1);
    expect(soon('2026-01-16', 'EN_ATTENTE', '2025-12-31')).toBe(0);
    expect(soon('2026-04-07', 'EN_ATTENTE', '2026-03-23')).toBe(1); // spans 29 March
    expect(soon('2026-04-08', 'EN_ATTENTE', '2026-03-23')).toBe(0);
  });

  it.each(['RETENUE', 'NON_RETENUE', 'AVIS_NON_TRANSMIS', 'REFUS_SESSION_COMPLETE', 'REFUS_SESSION_ANNULEE'] as const)(
    'never counts a %s candidature, whatever its deadline',
    (state) => {
      expect(soon('2025-06-05', state)).toBe(0);
    },
  );

  it('a soon candidature still counts in "en attente" too (the column is a subset, not a state)', () => {
    const counts = row(buildDashboard([input('EN_ATTENTE', 'RESPONSABLE', '2025-06-03')], TODAY), 'RESPONSABLE');
    expect(counts.EN_ATTENTE).toBe(1);
    expect(counts.DEADLINE_SOON).toBe(1);
  });
});

describe('filterForCell: each cell links to the list filter with the same count', () => {
  it('a state column filters on that role and state; DEADLINE_SOON on pending with deadlineSoon', () => {
    expect(filterForCell('POSITIONNEUR', 'NON_RETENUE')).toEqual({ roles: ['POSITIONNEUR'], states: ['NON_RETENUE'] });
    expect(filterForCell('FORMATEUR', 'DEADLINE_SOON')).toEqual({ roles: ['FORMATEUR'], states: ['EN_ATTENTE'], deadlineSoon: true });
  });

  it('every cell gives a filter the candidature list accepts as is', () => {
    for (const role of ORG_ROLES) {
      for (const column of DASHBOARD_COLUMNS) {
        expect(CandidatureFilters.strict().safeParse(filterForCell(role, column)).success).toBe(true);
      }
    }
  });

  it('a fixed example: each of the 21 cells equals the count its filter selects', () => {
    const inputs = [
      input('EN_ATTENTE', 'RESPONSABLE', '2025-06-01'),
      input('EN_ATTENTE', 'RESPONSABLE', '2025-06-17'),
      input('EN_ATTENTE', 'POSITIONNEUR', '2025-06-16'),
      input('RETENUE', 'POSITIONNEUR', '2025-06-05'),
      input('AVIS_NON_TRANSMIS', 'FORMATEUR', '2025-05-01'),
      input('REFUS_SESSION_ANNULEE', 'FORMATEUR', '2025-07-01', 'CANCELLED'),
    ];
    const dashboard = buildDashboard(inputs, TODAY);
    for (const r of dashboard) {
      for (const column of DASHBOARD_COLUMNS) {
        expect([r.role, column, listCount(inputs, filterForCell(r.role, column), TODAY)]).toEqual([r.role, column, r.counts[column]]);
      }
    }
  });
});

// ---- Properties ---------------------------------------------------------------------------------------------
const day = fc.integer({ min: 0, max: 120 }).map((n) => addDays('2025-05-01', n));
const anyInput = fc.record({
  state: fc.constantFrom(...CandidatureState.options),
  avisDeadline: day,
  orgRole: fc.constantFrom(...OrgRole.options),
  sessionStatus: fc.constantFrom(...SessionStatus.options),
});
const liveInput = anyInput.filter((c) => c.sessionStatus !== 'ARCHIVED');
const STATE_COLUMNS = DASHBOARD_COLUMNS.filter((c) => c !== 'DEADLINE_SOON');

describe('dashboard properties', () => {
  it('per role, the state columns (not DEADLINE_SOON) add up to the non-archived candidatures of that role', () => {
    fc.assert(fc.property(fc.array(anyInput, { maxLength: 80 }), day, (inputs, today) => {
      for (const r of buildDashboard(inputs, today)) {
        const sum = STATE_COLUMNS.reduce((acc, c) => acc + r.counts[c], 0);
        expect(sum).toBe(inputs.filter((c) => c.orgRole === r.role && c.sessionStatus !== 'ARCHIVED').length);
      }
    }));
  });

  it('DEADLINE_SOON never exceeds EN_ATTENTE', () => {
    fc.assert(fc.property(fc.array(anyInput, { maxLength: 80 }), day, (inputs, today) => {
      for (const r of buildDashboard(inputs, today)) expect(r.counts.DEADLINE_SOON).toBeLessThanOrEqual(r.counts.EN_ATTENTE);
    }));
  });

  it('the order of the candidatures does not matter', () => {
    fc.assert(fc.property(fc.array(anyInput, { maxLength: 40 }), day, (inputs, today) => {
      expect(buildDashboard([...inputs].reverse(), today)).toEqual(buildDashboard(inputs, today));
    }));
  });

  it('over non-archived sessions, every cell equals the count of the list filter it links to', () => {
    fc.assert(fc.property(fc.array(liveInput, { maxLength: 80 }), day, (inputs, today) => {
      for (const r of buildDashboard(inputs, today)) {
        for (const column of DASHBOARD_COLUMNS) {
          expect(listCount(inputs, filterForCell(r.role, column), today)).toBe(r.counts[column]);
        }
      }
    }));
  });

  // BUG (reported): the dashboard leaves out archived sessions, but the filter a cell links to cannot say so
  // (CandidatureFilters has no session-status criterion) and the candidature list (read-model.ts candidatureWhere)
  // keeps archived sessions. One RETENUE candidature of an archived session where my structure is RESPONSABLE:
  // the cell RESPONSABLE × RETENUE shows 0, the list it opens shows 1. Flip to `it` once the filter and the list agree.
  it('with archived sessions too, every cell equals the count of the list it opens', () => {
    const inputs = [input('RETENUE', 'RESPONSABLE', '2025-12-31', 'ARCHIVED')];
    const dashboard = buildDashboard(inputs, TODAY);
    expect(listCount(inputs, filterForCell('RESPONSABLE', 'RETENUE'), TODAY)).toBe(row(dashboard, 'RESPONSABLE').RETENUE);
  });
});

describe('rows without an org role', () => {
  it('are not counted (a prescriber structure has no role on sessions)', () => {
    const dashboard = buildDashboard([input('EN_ATTENTE', null), input('RETENUE', 'FORMATEUR')], TODAY);
    expect(dashboard.reduce((n, r) => n + r.counts.EN_ATTENTE + r.counts.RETENUE, 0)).toBe(1);
  });
});
