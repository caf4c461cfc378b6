// The demo data generator: deterministic, any scale, realistic French data that follows the domain's own rules.
import { describe, expect, it } from 'vitest';
import { generateDemoData, makeSiret } from '../../../server/demo/generator';
import { createRng } from '../../../server/demo/prng';
import { isValidSiret } from '../../../shared/domain/siret';
import { upcomingCounter } from '../../../shared/domain/entry-point-counter';
import { CandidatureState } from '../../../shared/domain/vocabulary';
import { defaultAvisDeadline, isPastAvisDeadline } from '../../../shared/domain/avis-deadline';
import { Candidature, Session } from '../../../shared/protocol/entities';

const today = '2025-06-16';
const generate = (candidatures: number, seed = 42) => generateDemoData({ candidatures, seed, today, nowIso: `${today}T10:00:00.000Z` });

describe('demo generator', () => {
  it('is deterministic for a seed and differs for another', () => {
    expect(generate(300)).toEqual(generate(300));
    expect(generate(300, 7).candidatures.map((c) => c.candidate)).not.toEqual(generate(300).candidatures.map((c) => c.candidate));
  });

  it('makes exactly the requested number of candidatures at any scale', () => {
    for (const n of [0, 1, 300, 5003, 20_000]) expect(generate(n).candidatures).toHaveLength(n);
  });

  it('gives valid SIRETs, 8-digit Carif numbers, cities with departments', () => {
    const rng = createRng(1);
    for (let i = 0; i < 500; i++) expect(isValidSiret(makeSiret(rng))).toBe(true);
    const data = generate(300);
    expect(data.structures.every((s) => isValidSiret(s.siret))).toBe(true);
    expect(data.sessions.every((s) => /^\d{8}$/.test(s.carifNumber) && /^\d{2}$/.test(s.department))).toBe(true);
    expect(data.sessions.map((s) => s.city)).toEqual(expect.arrayContaining(['BAYONNE']));
    expect(data.actions.map((a) => a.title)).toEqual(expect.arrayContaining(['Formation Secrétaires de mairie remplaçants', 'Remise à niveau – Français langue étrangère']));
  });

  it('rows are valid protocol rows, every state appears, deadlines follow the shared rule', () => {
    const data = generate(300);
    for (const c of data.candidatures) {
      expect(() => Candidature.parse({ ...c, prescriberStructureName: c.prescriberStructureName ?? null })).not.toThrow();
      expect(c.avisDeadline).toBe(defaultAvisDeadline(c.createdOn));
      // Pending ones are still inside their deadline; the deadline job has nothing to do on a fresh seed.
      if (c.state === 'EN_ATTENTE') expect(isPastAvisDeadline({ state: 'EN_ATTENTE', avisDeadline: c.avisDeadline }, today)).toBe(false);
    }
    for (const s of data.sessions) expect(() => Session.parse({ ...s, orgRole: null })).not.toThrow();
    expect(new Set(data.candidatures.map((c) => c.state))).toEqual(new Set(CandidatureState.options));
  });

  it('has full entry points, bis ones, and the legacy 13/10 counter', () => {
    const data = generate(300);
    expect(data.entryPoints.some((e) => e.bis)).toBe(true);
    const counters = data.sessions.map((s) =>
      upcomingCounter(
        data.entryPoints.filter((e) => e.sessionId === s.id),
        data.candidatures.filter((c) => c.sessionId === s.id).map((c) => ({ state: c.state as 'EN_ATTENTE', avisOn: c.avisOn ?? null })),
        today,
      ),
    );
    expect(counters.some((c) => c?.full)).toBe(true);
    expect(counters.some((c) => c && !c.full)).toBe(true);
    expect(counters.some((c) => c && c.taken === 13 && c.places === 10)).toBe(true);
  });
});
