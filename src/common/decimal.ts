import Decimal from 'decimal.js';

/**
 * Exact decimal arithmetic for money, quantities and rates. Values travel as
 * strings (JSON, database) and become Decimal only to compute.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

/** How many digits a decimal field admits on each side of the point. */
export interface DecimalBounds {
  integerDigits: number;
  decimals: number;
}

/** Money: what AFIP's amounts hold (13 digits, we allow 15) and cents; 15 digits of cents still fit a 64-bit integer. */
export const MONEY: DecimalBounds = { integerDigits: 15, decimals: 2 };
/** Quantities, net unit prices and exchange rates: the line is rounded to cents afterwards. */
export const FINE: DecimalBounds = { integerDigits: 15, decimals: 6 };

/**
 * Exact decimal text as the API takes it: an optional minus, digits, an
 * optional point and decimals, within `bounds`; no spaces, exponents or
 * signs elsewhere. Anything that passes is safe to give to decimal.js.
 */
export function isDecimalText(value: unknown, bounds: DecimalBounds = FINE): value is string {
  if (typeof value !== 'string') return false;
  const match = /^-?(\d+)(?:\.(\d+))?$/.exec(value);
  return match !== null && match[1].length <= bounds.integerDigits && (match[2]?.length ?? 0) <= bounds.decimals;
}

/** Whether a computed value has more whole digits than `bounds` admit ("1000" has 4). */
export function exceedsBounds(value: string | Decimal, bounds: DecimalBounds): boolean {
  return new Dec(value).abs().gte(new Dec(10).pow(bounds.integerDigits));
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
