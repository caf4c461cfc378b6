import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CandidatureState } from '../../../shared/domain/vocabulary';
import { TRANSITIONS, checkAvisOpen, isDecided, isTransitionAllowed, type TransitionActor } from '../../../shared/domain/candidature-state';

const STATES = CandidatureState.options;
const ACTORS: TransitionActor[] = ['MANAGER', 'CAP_METIERS', 'SYSTEM'];

describe('candidature transitions', () => {
  it('allows exactly the transitions of the guide', () => {
    const allowed = STATES.flatMap((from) => STATES.flatMap((to) => ACTORS.filter((by) => isTransitionAllowed(from, to, by)).map((by) => `${from}>${to}:${by}`)));
    expect(allowed.sort()).toEqual([
      'EN_ATTENTE>AVIS_NON_TRANSMIS:SYSTEM',
      'EN_ATTENTE>NON_RETENUE:MANAGER',
      'EN_ATTENTE>REFUS_SESSION_ANNULEE:SYSTEM',
      'EN_ATTENTE>RETENUE:MANAGER',
      'NON_RETENUE>RETENUE:CAP_METIERS',
    ]);
  });

  it('never lets a manager move a retained candidature, nor reopen a non-retained one', () => {
    for (const to of STATES) expect(isTransitionAllowed('RETENUE', to, 'MANAGER')).toBe(false);
    expect(isTransitionAllowed('NON_RETENUE', 'RETENUE', 'MANAGER')).toBe(false);
    expect(isTransitionAllowed('NON_RETENUE', 'RETENUE', 'CAP_METIERS')).toBe(true);
  });

  it('property: a transition not listed is refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATES), fc.constantFrom(...STATES), fc.constantFrom(...ACTORS), (from, to, by) => {
        const listed = TRANSITIONS.some((t) => t.from === from && t.to === to && t.by === by);
        expect(isTransitionAllowed(from, to, by)).toBe(listed);
      }),
    );
  });

  it.each([
    ['EN_ATTENTE', null],
    ['RETENUE', 'ALREADY_DECIDED'],
    ['NON_RETENUE', 'ALREADY_DECIDED'],
    ['AVIS_NON_TRANSMIS', 'DEADLINE_PASSED'],
    ['REFUS_SESSION_COMPLETE', 'ALREADY_DECIDED'],
    ['REFUS_SESSION_ANNULEE', 'SESSION_CANCELLED'],
  ] as const)('an avis on a %s candidature is %s', (state, code) => {
    const result = checkAvisOpen(state);
    if (code === null) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, code });
  });

  it('explains how to reopen a non-retained candidature (Cap Métiers) and that retained is managed in EOS', () => {
    const nonRetained = checkAvisOpen('NON_RETENUE');
    const retained = checkAvisOpen('RETENUE');
    expect(!nonRetained.ok && nonRetained.message).toContain('Cap Métiers');
    expect(!retained.ok && retained.message).toContain('EOS');
  });

  it('only a pending candidature is undecided', () => {
    expect(STATES.filter((s) => !isDecided(s))).toEqual(['EN_ATTENTE']);
  });
});
