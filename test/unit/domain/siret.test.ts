// SIRET (docs/domain.md, « Vocabulary »: 14 digits, Luhn-checked). La Poste's establishments share the SIREN 356000000
// and follow another rule (digit sum a multiple of 5), except the head office, which is Luhn-valid.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidSiret, normalizeSiret } from '../../../shared/domain/siret';
import { Siret } from '../../../shared/protocol/entities';

const LUHN_VALID = ['73282932000074', '44306184100047'];
const LA_POSTE = '356000000';
const digitSum = (s: string) => [...s].reduce((acc, d) => acc + Number(d), 0);

describe('isValidSiret', () => {
  it.each(LUHN_VALID)('accepts the Luhn-valid %s', (siret) => {
    expect(isValidSiret(siret)).toBe(true);
  });

  it('refuses a wrong check digit', () => {
    expect(isValidSiret('73282932000075')).toBe(false);
    expect(isValidSiret('44306184100048')).toBe(false);
    expect(isValidSiret('12345678900012')).toBe(false);
  });

  it.each(['7328293200007', '732829320000740', '', '7328293200007a', '732 829 320 00074', '73282932000074\n', '+3282932000074', '７３２８２９３２０００７４'])(
    'refuses %j: exactly 14 ASCII digits are required',
    (value) => {
      expect(isValidSiret(value)).toBe(false);
    },
  );

  it('La Poste: digit sum a multiple of 5 is valid even when the Luhn key is wrong', () => {
    expect(digitSum('35600000049837') % 5).toBe(0);
    expect(isValidSiret('35600000049837')).toBe(true);
    expect(isValidSiret('35600000000042')).toBe(true);
  });

  it('La Poste: a Luhn-valid number whose digit sum is not a multiple of 5 is refused', () => {
    expect(digitSum('35600000000014') % 5).not.toBe(0);
    expect(isValidSiret('35600000000014')).toBe(false);
    expect(isValidSiret('35600000000063')).toBe(false);
  });

  it("La Poste's head office 35600000000048 is valid by Luhn although its digit sum (26) is not a multiple of 5", () => {
    expect(digitSum('35600000000048')).toBe(26);
    expect(isValidSiret('35600000000048')).toBe(true);
  });

  it('the protocol Siret schema uses the same rule and explains the refusal in French', () => {
    expect(Siret.safeParse('73282932000074').success).toBe(true);
    expect(Siret.safeParse('35600000049837').success).toBe(true);
    const r = Siret.safeParse('73282932000075');
    expect(!r.success && r.error.issues[0]?.message).toMatch(/SIRET invalide/);
  });
});

describe('normalizeSiret', () => {
  it.each([
    ['732 829 320 00074', '73282932000074'],
    ['732.829.320.00074', '73282932000074'],
    ['732-829-320-00074', '73282932000074'],
    ['  73282932000074\t', '73282932000074'],
    ['732\u00a0829\u00a0320\u00a000074', '73282932000074'], // no-break spaces, as pasted from a French page
    ['732\u202f829\u202f320\u202f00074', '73282932000074'], // narrow no-break spaces
  ])('%j → %j, then valid', (typed, digits) => {
    expect(normalizeSiret(typed)).toBe(digits);
    expect(isValidSiret(normalizeSiret(typed))).toBe(true);
  });

  it('keeps anything that is not a separator, so junk still fails validation', () => {
    expect(normalizeSiret('SIRET 732 829 320 00074')).toBe('SIRET73282932000074');
    expect(isValidSiret(normalizeSiret('SIRET 732 829 320 00074'))).toBe(false);
  });
});

// ---- Properties ---------------------------------------------------------------------------------------------
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const notLaPostePrefix = digits(13).filter((p) => !p.startsWith(LA_POSTE));
/** The one Luhn-valid completion of a 13-digit prefix (found through isValidSiret, checked unique below). */
const complete = (prefix: string) => [...'0123456789'].map((d) => prefix + d).filter(isValidSiret);

describe('SIRET properties', () => {
  it('any 13-digit prefix (outside La Poste) has exactly one valid check digit', () => {
    fc.assert(fc.property(notLaPostePrefix, (prefix) => {
      expect(complete(prefix)).toHaveLength(1);
    }));
  });

  it('changing any single digit of a valid SIRET makes it invalid (outside La Poste)', () => {
    fc.assert(fc.property(notLaPostePrefix, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 }), (prefix, at, delta) => {
      const valid = complete(prefix)[0]!;
      const changed = valid.slice(0, at) + String((Number(valid[at]) + delta) % 10) + valid.slice(at + 1);
      fc.pre(!changed.startsWith(LA_POSTE));
      expect(isValidSiret(changed)).toBe(false);
    }));
  });

  it('swapping two different adjacent digits makes it invalid, except 0 and 9 (a known Luhn blind spot)', () => {
    fc.assert(fc.property(notLaPostePrefix, fc.integer({ min: 0, max: 12 }), (prefix, at) => {
      const valid = complete(prefix)[0]!;
      const a = valid[at]!;
      const b = valid[at + 1]!;
      fc.pre(a !== b && !(`${a}${b}` === '09' || `${a}${b}` === '90'));
      const swapped = valid.slice(0, at) + b + a + valid.slice(at + 2);
      fc.pre(!swapped.startsWith(LA_POSTE));
      expect(isValidSiret(swapped)).toBe(false);
    }));
  });

  it('a La Poste establishment (other than the head office) is valid exactly when its digit sum is a multiple of 5', () => {
    fc.assert(fc.property(digits(5), (rest) => {
      const siret = LA_POSTE + rest;
      fc.pre(siret !== '35600000000048');
      expect(isValidSiret(siret)).toBe(digitSum(siret) % 5 === 0);
    }));
  });

  it('normalizeSiret is idempotent and only ever removes characters', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => {
      const once = normalizeSiret(s);
      expect(normalizeSiret(once)).toBe(once);
      expect(once.length).toBeLessThanOrEqual(s.length);
      expect(once).not.toMatch(/[\s.-]/);
    }));
  });
});

describe('SIRET made of zeros', () => {
  it('is refused although it passes the Luhn check', () => {
    expect(isValidSiret('00000000000000')).toBe(false);
  });
});
