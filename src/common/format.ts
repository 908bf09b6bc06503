import Decimal from 'decimal.js';
import { Dec } from './decimal';

/**
 * es-AR presentation of exact decimals and calendar dates. Done by hand on
 * Decimal text rather than Intl.NumberFormat, which takes a float and whose
 * es locale drops the thousands separator below 10.000 on some ICU builds.
 */
export function formatNumberAr(value: string | Decimal, decimals = 2): string {
  // Text already at the wanted precision needs no arithmetic (a page prints hundreds of amounts).
  const exact = typeof value === 'string' && decimals === 2 && /^-?\d+\.\d\d$/.test(value);
  const fixed = exact ? value : new Dec(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP).toFixed(decimals);
  // "-0.00" (a text that says it, or a tiny negative rounded away) prints as zero, never "-0,00".
  const negative = fixed.startsWith('-') && /[1-9]/.test(fixed);
  const [int, frac] = fixed.replace(/^-/, '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** Currency symbols as AFIP's currency codes name them. */
const SYMBOLS: Record<string, string> = { PES: '$', DOL: 'US$', '060': '€' };

export function currencySymbol(currency: string): string {
  return SYMBOLS[currency] ?? currency;
}

/** "$ 1.234.567,89" */
export function formatMoneyAr(value: string | Decimal, currency = 'PES'): string {
  return `${currencySymbol(currency)} ${formatNumberAr(value, 2)}`;
}

/** A quantity with as many decimals as it has (up to 6): "1", "2,5". */
export function formatQuantityAr(value: string | Decimal): string {
  const d = new Dec(value);
  return formatNumberAr(d, Math.min(Math.max(d.decimalPlaces(), 0), 6));
}

/** "2020-07-14" → "14/07/2020" (PDF) or "14-07-2020" (e-mails). */
export function formatDateAr(isoDate: string | null | undefined, separator: '/' | '-' = '/'): string {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return [d, m, y].join(separator);
}
