/**
 * CUIT/CUIL: 11 digits, the last a mod-11 check digit (weights 5432765432).
 * Returns the canonical "XX-XXXXXXXX-X" form, or null when the digits or
 * the check digit are wrong.
 */
export function normaliseCuit(input: string): string | null {
  const digits = input.replace(/[\s.-]/g, '');
  if (!/^\d{11}$/.test(digits)) return null;
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const total = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  const rest = 11 - (total % 11);
  const check = rest === 11 ? 0 : rest;
  // A remainder of 10 has no valid check digit: AFIP never issues such a CUIT.
  if (check === 10 || check !== Number(digits[10])) return null;
  return `${digits.slice(0, 2)}-${digits.slice(2, 10)}-${digits[10]}`;
}

/** DNI: 7 or 8 digits, dots allowed on input ("12.345.678"). */
export function normaliseDni(input: string): string | null {
  const digits = input.replace(/[\s.]/g, '');
  return /^\d{7,8}$/.test(digits) ? digits : null;
}
