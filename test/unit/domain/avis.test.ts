// The avis rules of docs/domain.md (« Giving an avis », from EN_ATTENTE): "oui" needs planned entry and
// exit dates inside the market dates with exit after entry; "non" needs a justified motive or "personne injoignable";
// no avis on a cancelled session, on a decided candidature, or after the avis deadline.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween } from '../../../shared/domain/calendar-date';
import {
  MIN_JUSTIFICATION_LENGTH,
  motiveNeedsJustification,
  validateAvis,
  validateDecisionContent,
  type AvisContext,
  type AvisDecision,
} from '../../../shared/domain/avis';
import { CandidatureState, NonRetentionMotive, SessionStatus } from '../../../shared/domain/vocabulary';

// The market dates of docs/domain.md's worked example 1.
const market = { marketStart: '2024-02-01', marketEnd: '2027-12-31' };
const retained = (plannedEntry: string, plannedExit: string): AvisDecision => ({ kind: 'RETENUE', plannedEntry, plannedExit });
const notRetained = (motive: NonRetentionMotive, justification: string | null): AvisDecision => ({
  kind: 'NON_RETENUE',
  motive,
  justification,
});

function ctx(over: { state?: AvisContext['candidature']['state']; avisDeadline?: string; status?: AvisContext['session']['status']; today?: string } = {}): AvisContext {
  return {
    candidature: { state: over.state ?? 'EN_ATTENTE', avisDeadline: over.avisDeadline ?? '2025-06-10' },
    session: { status: over.status ?? 'PUBLISHED', ...market },
    today: over.today ?? '2025-06-01',
  };
}

const good = retained('2025-09-15', '2026-03-15');

describe('retained: planned entry and exit dates', () => {
  it('accepts dates well inside the market dates', () => {
    expect(validateDecisionContent(good, market)).toEqual({ ok: true });
  });

  it('accepts entry on the market start and exit on the market end (both bounds included)', () => {
    expect(validateDecisionContent(retained('2024-02-01', '2024-02-02'), market).ok).toBe(true);
    expect(validateDecisionContent(retained('2027-12-30', '2027-12-31'), market).ok).toBe(true);
    expect(validateDecisionContent(retained('2024-02-01', '2027-12-31'), market).ok).toBe(true);
  });

  it('refuses an exit on the entry day itself, naming plannedExit', () => {
    expect(validateDecisionContent(retained('2025-09-15', '2025-09-15'), market)).toMatchObject({ ok: false, code: 'INVALID', field: 'plannedExit' });
  });

  it('refuses an exit before the entry, naming plannedExit', () => {
    expect(validateDecisionContent(retained('2025-09-15', '2025-09-14'), market)).toMatchObject({ ok: false, code: 'INVALID', field: 'plannedExit' });
  });

  it('refuses an entry the day before the market start or the day after its end, naming plannedEntry', () => {
    expect(validateDecisionContent(retained('2024-01-31', '2024-03-01'), market)).toMatchObject({ ok: false, code: 'INVALID', field: 'plannedEntry' });
    expect(validateDecisionContent(retained('2028-01-01', '2028-01-02'), market)).toMatchObject({ ok: false, code: 'INVALID', field: 'plannedEntry' });
  });

  it('refuses an exit the day after the market end, naming plannedExit', () => {
    expect(validateDecisionContent(retained('2027-06-01', '2028-01-01'), market)).toMatchObject({ ok: false, code: 'INVALID', field: 'plannedExit' });
  });

  it('an entry on the market end day leaves no valid exit', () => {
    expect(validateDecisionContent(retained('2027-12-31', '2027-12-31'), market)).toMatchObject({ ok: false, field: 'plannedExit' });
    expect(validateDecisionContent(retained('2027-12-31', '2028-01-01'), market)).toMatchObject({ ok: false, field: 'plannedExit' });
  });

  it('an entry outside the market is reported before a bad exit (the first field to fix)', () => {
    expect(validateDecisionContent(retained('2024-01-15', '2024-01-10'), market)).toMatchObject({ ok: false, field: 'plannedEntry' });
  });

  it('the refusal tells the manager the market dates in French form', () => {
    const r = validateDecisionContent(retained('2024-01-31', '2024-03-01'), market);
    expect(!r.ok && r.message).toContain('du 01/02/2024 au 31/12/2027');
    const exit = validateDecisionContent(retained('2027-06-01', '2028-01-01'), market);
    expect(!exit.ok && exit.message).toContain('du 01/02/2024 au 31/12/2027');
  });

  it('a one-day market allows nothing (exit must be strictly after entry)', () => {
    const oneDay = { marketStart: '2025-05-05', marketEnd: '2025-05-05' };
    expect(validateDecisionContent(retained('2025-05-05', '2025-05-05'), oneDay).ok).toBe(false);
    expect(validateDecisionContent(retained('2025-05-05', '2025-05-06'), oneDay).ok).toBe(false);
  });
});

describe('not retained: motive and justification', () => {
  it('every motive but "personne injoignable" needs a justification', () => {
    expect(NonRetentionMotive.options.filter(motiveNeedsJustification)).toEqual(['DOCUMENT_MANQUANT', 'CONDITION_ADMINISTRATIVE_NON_REMPLIE', 'AUTRE']);
    expect(motiveNeedsJustification('PERSONNE_INJOIGNABLE')).toBe(false);
  });

  it('"personne injoignable" is accepted with no justification at all', () => {
    expect(validateDecisionContent(notRetained('PERSONNE_INJOIGNABLE', null), market).ok).toBe(true);
    expect(validateDecisionContent(notRetained('PERSONNE_INJOIGNABLE', ''), market).ok).toBe(true);
  });

  it.each(['DOCUMENT_MANQUANT', 'CONDITION_ADMINISTRATIVE_NON_REMPLIE', 'AUTRE'] as const)('%s without justification is refused, naming justification', (motive) => {
    for (const justification of [null, '', '   ', '\n\t']) {
      expect(validateDecisionContent(notRetained(motive, justification), market)).toMatchObject({ ok: false, code: 'INVALID', field: 'justification' });
    }
  });

  it(`a justification needs ${MIN_JUSTIFICATION_LENGTH} characters once trimmed`, () => {
    expect(MIN_JUSTIFICATION_LENGTH).toBe(3);
    expect(validateDecisionContent(notRetained('DOCUMENT_MANQUANT', '  ab  '), market).ok).toBe(false);
    expect(validateDecisionContent(notRetained('DOCUMENT_MANQUANT', 'abc'), market).ok).toBe(true);
    expect(validateDecisionContent(notRetained('DOCUMENT_MANQUANT', '  Pièce d’identité manquante  '), market).ok).toBe(true);
  });

  it('the market dates play no part in a non-retained avis', () => {
    const closedMarket = { marketStart: '2020-01-01', marketEnd: '2020-12-31' };
    expect(validateDecisionContent(notRetained('AUTRE', 'Hors du public visé par le dispositif'), closedMarket).ok).toBe(true);
  });
});

describe('validateAvis: whether the avis may be given today', () => {
  it('a valid decision on an open, pending candidature before the deadline is accepted', () => {
    expect(validateAvis(good, ctx())).toEqual({ ok: true });
    expect(validateAvis(notRetained('PERSONNE_INJOIGNABLE', null), ctx())).toEqual({ ok: true });
  });

  it('a cancelled session refuses with SESSION_CANCELLED', () => {
    expect(validateAvis(good, ctx({ status: 'CANCELLED' }))).toMatchObject({ ok: false, code: 'SESSION_CANCELLED' });
  });

  it.each(['RETENUE', 'NON_RETENUE', 'REFUS_SESSION_COMPLETE'] as const)('a %s candidature refuses with ALREADY_DECIDED', (state) => {
    expect(validateAvis(good, ctx({ state }))).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
  });

  it('the deadline day itself still allows the avis; the day after refuses with DEADLINE_PASSED', () => {
    expect(validateAvis(good, ctx({ avisDeadline: '2025-06-01', today: '2025-06-01' })).ok).toBe(true);
    const late = validateAvis(good, ctx({ avisDeadline: '2025-06-01', today: '2025-06-02' }));
    expect(late).toMatchObject({ ok: false, code: 'DEADLINE_PASSED' });
    expect(!late.ok && late.message).toContain('01/06/2025');
  });

  it('the deadline is compared as a day across a month and a year end', () => {
    expect(validateAvis(good, ctx({ avisDeadline: '2025-12-31', today: '2025-12-31' })).ok).toBe(true);
    expect(validateAvis(good, ctx({ avisDeadline: '2025-12-31', today: '2026-01-01' }))).toMatchObject({ code: 'DEADLINE_PASSED' });
  });

  it('the content is still checked on an open candidature, with its field', () => {
    expect(validateAvis(retained('2025-09-15', '2025-09-15'), ctx())).toMatchObject({ ok: false, code: 'INVALID', field: 'plannedExit' });
    expect(validateAvis(notRetained('AUTRE', null), ctx())).toMatchObject({ ok: false, code: 'INVALID', field: 'justification' });
  });

  it('refusals come in a fixed order: cancelled session, then state, then deadline, then content', () => {
    const bad = retained('2030-01-01', '2029-01-01');
    expect(validateAvis(bad, ctx({ status: 'CANCELLED', state: 'RETENUE', today: '2026-01-01' }))).toMatchObject({ code: 'SESSION_CANCELLED' });
    expect(validateAvis(bad, ctx({ state: 'NON_RETENUE', today: '2026-01-01' }))).toMatchObject({ code: 'ALREADY_DECIDED' });
    expect(validateAvis(bad, ctx({ today: '2026-01-01' }))).toMatchObject({ code: 'DEADLINE_PASSED' });
    expect(validateAvis(bad, ctx())).toMatchObject({ code: 'INVALID' });
  });

  it('state-level refusals carry no field (nothing in the form to fix)', () => {
    for (const c of [ctx({ status: 'CANCELLED' }), ctx({ state: 'RETENUE' }), ctx({ today: '2026-01-01' })]) {
      const r = validateAvis(good, c);
      expect(r.ok).toBe(false);
      expect(r).not.toHaveProperty('field');
    }
  });
});

// ---- Properties ---------------------------------------------------------------------------------------------
const BASE = '2020-01-01';
const dayOffset = fc.integer({ min: 0, max: 4000 });
const day = dayOffset.map((n) => addDays(BASE, n));

/** A market and a retained decision with marketStart <= entry < exit <= marketEnd. */
const validRetained = fc
  .tuple(dayOffset, fc.integer({ min: 1, max: 2000 }))
  .chain(([start, length]) => fc.integer({ min: 0, max: length - 1 }).chain((entryAt) =>
    fc.integer({ min: entryAt + 1, max: length }).map((exitAt) => {
      const marketStart = addDays(BASE, start);
      return {
        market: { marketStart, marketEnd: addDays(marketStart, length) },
        decision: retained(addDays(marketStart, entryAt), addDays(marketStart, exitAt)),
      };
    })));

const openCtx = (m: { marketStart: string; marketEnd: string }, today: string, slack: number): AvisContext => ({
  candidature: { state: 'EN_ATTENTE', avisDeadline: addDays(today, slack) },
  session: { status: 'PUBLISHED', ...m },
  today,
});

describe('avis properties', () => {
  it('any retained decision with marketStart <= entry < exit <= marketEnd is accepted on an open candidature', () => {
    fc.assert(fc.property(validRetained, day, fc.integer({ min: 0, max: 60 }), ({ market: m, decision }, today, slack) => {
      expect(validateAvis(decision, openCtx(m, today, slack))).toEqual({ ok: true });
    }));
  });

  it('any retained decision breaking one date rule is refused as INVALID, naming the first field to fix', () => {
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 400 }), day, day, (marketStart, length, plannedEntry, plannedExit) => {
      const m = { marketStart, marketEnd: addDays(marketStart, length) };
      const entryOutside = plannedEntry < m.marketStart || plannedEntry > m.marketEnd;
      const exitBad = plannedExit <= plannedEntry || plannedExit > m.marketEnd;
      const result = validateDecisionContent(retained(plannedEntry, plannedExit), m);
      if (!entryOutside && !exitBad) expect(result.ok).toBe(true);
      else expect(result).toMatchObject({ ok: false, code: 'INVALID', field: entryOutside ? 'plannedEntry' : 'plannedExit' });
    }));
  });

  it('shifting a valid exit onto or before the entry always refuses it', () => {
    fc.assert(fc.property(validRetained, fc.integer({ min: 0, max: 30 }), ({ market: m, decision }, back) => {
      if (decision.kind !== 'RETENUE') return;
      const exit = addDays(decision.plannedEntry, -back);
      expect(validateDecisionContent({ ...decision, plannedExit: exit }, m)).toMatchObject({ ok: false, field: 'plannedExit' });
    }));
  });

  it('a justification of at least 3 non-blank characters satisfies every motive; blanks satisfy only "personne injoignable"', () => {
    const text = fc.string({ minLength: 0, maxLength: 20 });
    const blanks = fc.array(fc.constantFrom(' ', '\t', '\n', '\u00a0'), { maxLength: 6 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.constantFrom(...NonRetentionMotive.options), text, blanks, blanks, (motive, body, before, after) => {
      const justification = `${before}${body}${after}`;
      const long = body.trim().length >= MIN_JUSTIFICATION_LENGTH;
      const result = validateDecisionContent(notRetained(motive, justification), market);
      expect(result.ok).toBe(long || motive === 'PERSONNE_INJOIGNABLE');
    }));
  });

  it('validateAvis accepts exactly when the session is not cancelled, the candidature pending, the deadline not passed and the content valid', () => {
    fc.assert(fc.property(
      validRetained,
      fc.constantFrom(...CandidatureState.options),
      fc.constantFrom(...SessionStatus.options),
      day,
      fc.integer({ min: -5, max: 5 }),
      ({ market: m, decision }, state, status, today, slack) => {
        const c: AvisContext = { candidature: { state, avisDeadline: addDays(today, slack) }, session: { status, ...m }, today };
        const result = validateAvis(decision, c);
        expect(result.ok).toBe(status !== 'CANCELLED' && state === 'EN_ATTENTE' && daysBetween(today, c.candidature.avisDeadline) >= 0);
        if (!result.ok && status === 'CANCELLED') expect(result.code).toBe('SESSION_CANCELLED');
      },
    ));
  });
});
