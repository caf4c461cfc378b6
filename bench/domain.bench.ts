// The shared domain rules on a large structure: 100k synthetic candidatures (the size docs/architecture.md and the read model
// plan for). The core recomputes the dashboard and the counters on every data change, so they must stay well under
// a frame budget of interactive latency.
import { addDays } from '../shared/domain/calendar-date';
import { isDeadlineSoon } from '../shared/domain/avis-deadline';
import { buildDashboard, DASHBOARD_COLUMNS, type DashboardInput } from '../shared/domain/dashboard';
import { allCounters, type CountedCandidature } from '../shared/domain/entry-point-counter';
import type { DatedEntryPoint } from '../shared/domain/entry-point-window';
import type { CandidatureState, OrgRole, SessionStatus } from '../shared/domain/vocabulary';
import { seededRandom, time, type Bench, type BenchFigure } from './harness';

const CANDIDATURES = 100_000;
const SESSIONS = 500;
const ENTRY_POINTS_PER_SESSION = 4;
const TODAY = '2025-06-01';

type SyntheticCandidature = DashboardInput & CountedCandidature & { session: number };

function pick<T>(random: () => number, weighted: ReadonlyArray<readonly [T, number]>): T {
  let r = random() * weighted.reduce((acc, [, w]) => acc + w, 0);
  for (const [value, w] of weighted) {
    if ((r -= w) < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

function synthesize() {
  const random = seededRandom(20250601);
  const sessions = Array.from({ length: SESSIONS }, (_, s) => ({
    orgRole: pick<OrgRole>(random, [['RESPONSABLE', 5], ['POSITIONNEUR', 3], ['FORMATEUR', 2]]),
    status: pick<SessionStatus>(random, [['PUBLISHED', 90], ['CANCELLED', 5], ['ARCHIVED', 5]]),
    entryPoints: Array.from({ length: ENTRY_POINTS_PER_SESSION }, (_, e): DatedEntryPoint => ({
      id: `s${s}-e${e}`,
      date: addDays('2025-01-15', e * 90 + Math.floor(random() * 30)),
      places: 8 + Math.floor(random() * 20),
    })),
  }));
  const candidatures: SyntheticCandidature[] = Array.from({ length: CANDIDATURES }, () => {
    const session = Math.floor(random() * SESSIONS);
    const state = pick<CandidatureState>(random, [
      ['EN_ATTENTE', 40], ['RETENUE', 30], ['NON_RETENUE', 15], ['AVIS_NON_TRANSMIS', 10], ['REFUS_SESSION_COMPLETE', 3], ['REFUS_SESSION_ANNULEE', 2],
    ]);
    return {
      session,
      state,
      avisDeadline: addDays(TODAY, Math.floor(random() * 120) - 60),
      avisOn: state === 'EN_ATTENTE' ? null : addDays('2025-01-01', Math.floor(random() * 360)),
      orgRole: sessions[session]!.orgRole,
      sessionStatus: sessions[session]!.status,
    };
  });
  const bySession: CountedCandidature[][] = sessions.map(() => []);
  for (const c of candidatures) bySession[c.session]!.push(c);
  return { sessions, candidatures, bySession };
}

const bench: Bench = async () => {
  const { sessions, candidatures, bySession } = synthesize();
  const live = candidatures.filter((c) => c.sessionStatus !== 'ARCHIVED').length;
  const figures: BenchFigure[] = [];

  const dashboard = time(
    () => buildDashboard(candidatures, TODAY),
    (rows) => {
      const counted = rows.reduce((acc, r) => acc + DASHBOARD_COLUMNS.filter((c) => c !== 'DEADLINE_SOON').reduce((a, c) => a + r.counts[c], 0), 0);
      if (counted !== live) throw new Error(`buildDashboard counted ${counted} candidatures, expected ${live}`);
    },
  );
  figures.push({ name: `buildDashboard, ${CANDIDATURES / 1000}k candidatures (median)`, value: dashboard.median, unit: 'ms', target: 50 });
  figures.push({ name: 'buildDashboard (slowest run)', value: dashboard.max, unit: 'ms' });

  // Where the dashboard's time goes: isDeadlineSoon recomputes today + 15 (date-fns parse and format) per call.
  const soon = time(
    () => candidatures.reduce((n, c) => n + (isDeadlineSoon(c, TODAY) ? 1 : 0), 0),
    (n) => {
      if (n <= 0) throw new Error('no candidature is due soon: the synthetic data is wrong');
    },
  );
  figures.push({ name: `  of which isDeadlineSoon × ${CANDIDATURES / 1000}k`, value: soon.median, unit: 'ms' });

  const everySession = time(
    () => sessions.map((s, i) => allCounters(s.entryPoints, bySession[i]!, TODAY)),
    (all) => {
      if (all.flat().length !== SESSIONS * ENTRY_POINTS_PER_SESSION) throw new Error('allCounters lost an entry point');
    },
  );
  figures.push({ name: `allCounters, every session (${SESSIONS} × ${ENTRY_POINTS_PER_SESSION} entry points, ${CANDIDATURES / 1000}k candidatures)`, value: everySession.median, unit: 'ms', target: 50 });

  const bigEntryPoints = Array.from({ length: 12 }, (_, e): DatedEntryPoint => ({ id: `big-${e}`, date: addDays('2025-01-15', e * 30), places: 5000 }));
  const oneSession = time(
    () => allCounters(bigEntryPoints, candidatures, TODAY),
    (counters) => {
      const pending = candidatures.filter((c) => c.state === 'EN_ATTENTE').length;
      if (!counters.some((k) => k.taken >= pending)) throw new Error('the upcoming counter does not hold the pending candidatures');
    },
  );
  figures.push({ name: `allCounters, one session with ${CANDIDATURES / 1000}k candidatures and 12 entry points`, value: oneSession.median, unit: 'ms', target: 50 });

  return figures;
};

export default bench;
