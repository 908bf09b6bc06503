import Decimal from 'decimal.js';

/**
 * Exact decimal arithmetic for money, quantities and rates. Values travel as
 * strings (JSON, database) and become Decimal only to compute.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

export function isDecimalText(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_TEXT.test(value.trim());
}

export function dec(value: string | number | Decimal): Decimal {
  return new Dec(value);
}

/** Rounded half-up to cents, always two decimals: "54.33". */
export function toCents(value: Decimal): string {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** Canonical text of an exact decimal without a trailing-zero tail: "1.50" → "1.5", "2.000" → "2". */
export function toPlain(value: string | Decimal): string {
  return new Dec(value).toFixed();
}

export function sum(values: (string | Decimal)[]): Decimal {
  return values.reduce<Decimal>((acc, v) => acc.plus(v), new Dec(0));
}

const CENTS_TEXT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** An amount as whole cents, the form stored balances are kept in ("54.33" → 5433n). */
export function toCentsInteger(value: string | Decimal): bigint {
  // Amounts are stored with two decimals: read those as integers (listings do it per row).
  const m = typeof value === 'string' ? CENTS_TEXT.exec(value) : null;
  if (m) {
    const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
    return m[1] ? -cents : cents;
  }
  return BigInt(new Dec(value).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
}

/** Whole cents back to decimal text: 5433n → "54.33". */
export function fromCentsInteger(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
