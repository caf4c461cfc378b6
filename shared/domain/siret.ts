// SIRET: 14 digits with a Luhn check. La Poste's establishments (SIREN 356000000) follow another rule:
// their digits sum to a multiple of 5.
const LA_POSTE_SIREN = '356000000';

export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value) || /^0+$/.test(value)) return false; // all zeros passes Luhn but is no establishment
  if (value.startsWith(LA_POSTE_SIREN) && value !== '35600000000048') {
    const sum = [...value].reduce((acc, d) => acc + Number(d), 0);
    return sum % 5 === 0;
  }
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let digit = Number(value[13 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Accepts the common typed forms ("123 456 789 00012") and returns the 14 digits. */
export function normalizeSiret(input: string): string {
  return input.replace(/[\s.-]/g, '');
}
