// The person fields a prescriber types for a pre-registration (and a candidate for a direct application): checked by
// the one shared schema, on the client before anything is queued and on the server again.
import { describe, expect, it } from 'vitest';
import { Person } from '../../../shared/protocol/entities';
import { describeZodError } from '../../../shared/ipc/validation';

const anne = { firstName: 'Anne', lastName: 'Martin', email: 'anne.martin@exemple.fr', phone: null };

function fieldOf(input: unknown): string | null {
  const r = Person.safeParse(input);
  return r.success ? null : describeZodError(r.error).field;
}

describe('Person', () => {
  it('accepts phone numbers as people write them, French or international, or none', () => {
    for (const phone of [null, '0612345678', '06 12 34 56 78', '06.12.34.56.78', '06-12-34-56-78', '+33 6 12 34 56 78', '+33 (0)5 59 00 00 00'.replace('(0)', ''), '0033612345678']) {
      expect(fieldOf({ ...anne, phone }), String(phone)).toBeNull();
    }
  });

  it('refuses a phone that is not one, naming the field with a French hint', () => {
    for (const phone of ['12 34', '061234567', '06123456789', 'n/a', '+33', '06 12 34 56 7a', '']) {
      expect(fieldOf({ ...anne, phone }), phone).toBe('phone');
    }
    const r = Person.safeParse({ ...anne, phone: '12 34' });
    expect(!r.success && r.error.issues[0]?.message).toMatch(/10 chiffres/);
  });

  it('refuses a malformed e-mail and blank names', () => {
    expect(fieldOf({ ...anne, email: 'anne@' })).toBe('email');
    expect(fieldOf({ ...anne, firstName: '   ' })).toBe('firstName');
    expect(fieldOf({ ...anne, lastName: '' })).toBe('lastName');
  });
});
