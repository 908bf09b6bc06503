import fc from 'fast-check';
import Decimal from 'decimal.js';
import { calculateTotals } from '../invoices/invoice-totals.calculator';
import { dec, exceedsBounds, FINE, fromCentsInteger, isDecimalText, MONEY, toCentsInteger } from './decimal';
import { formatNumberAr } from './format';

/** The fast paths for two-decimal text must say exactly what decimal.js says. */
describe('cents and es-AR amounts', () => {
  const amounts = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 })).map(
    ([negative, int, frac]) => `${negative ? '-' : ''}${int}.${String(frac).padStart(2, '0')}`,
  );

  it('reads and writes whole cents exactly', () => {
    fc.assert(
      fc.property(amounts, (text) => {
        const slow = BigInt(new Decimal(text).times(100).toFixed(0));
        expect(toCentsInteger(text)).toBe(slow);
        expect(fromCentsInteger(slow)).toBe(new Decimal(slow.toString()).dividedBy(100).toFixed(2));
      }),
    );
    expect(toCentsInteger('54.3')).toBe(5430n);
    expect(toCentsInteger('7')).toBe(700n);
    expect(toCentsInteger('1.005')).toBe(101n);
    expect(fromCentsInteger(-5n)).toBe('-0.05');
  });

  it('formats two-decimal text as decimal.js would', () => {
    fc.assert(fc.property(amounts, (text) => expect(formatNumberAr(text)).toBe(formatNumberAr(new Decimal(text)))));
    expect(formatNumberAr('1234567.89')).toBe('1.234.567,89');
    expect(formatNumberAr('-0.50')).toBe('-0,50');
    expect(formatNumberAr('-0.00')).toBe('0,00');
    expect(formatNumberAr('-0.004')).toBe('0,00');
  });
});


describe('isDecimalText', () => {
  it.each(['0', '54.33', '-1', '0.125', '999999999999999.99', '007'])('accepts %j as money or finer', (text) => {
    expect(isDecimalText(text, FINE)).toBe(true);
  });

  it.each([' 1 ', '1 ', ' 1', '1e3', '+1', '1.', '.5', '0x10', '1,5', '١٢', '1_000', 'Infinity', 'NaN', '', '-', '--1'])(
    'refuses %j',
    (text) => expect(isDecimalText(text, FINE)).toBe(false),
  );

  it('bounds integer digits and decimals', () => {
    expect(isDecimalText('999999999999999', MONEY)).toBe(true);
    expect(isDecimalText('1000000000000000', MONEY)).toBe(false);
    expect(isDecimalText('1.25', MONEY)).toBe(true);
    expect(isDecimalText('1.255', MONEY)).toBe(false);
    expect(isDecimalText('1.123456', FINE)).toBe(true);
    expect(isDecimalText('1.1234567', FINE)).toBe(false);
    expect(isDecimalText('1234567890123456789012345678', FINE)).toBe(false);
  });

  it('lets through nothing decimal.js or the totals would choke on (any string, any bounds)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^-?\d{0,20}(\.\d{0,8})?$/)), (text) => {
        if (!isDecimalText(text, FINE)) return;
        expect(() => dec(text)).not.toThrow();
        expect(() => calculateTotals([{ quantity: text.replace('-', ''), unitPrice: text.replace('-', ''), ivaRate: '21' }])).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps bounded money within a 64-bit count of cents, as balances are stored', () => {
    const cents = toCentsInteger('999999999999999.99');
    expect(cents).toBe(99999999999999999n);
    expect(cents < 2n ** 63n).toBe(true);
  });
});

describe('exceedsBounds', () => {
  it('compares whole digits, sign aside', () => {
    expect(exceedsBounds('999999999999999.99', MONEY)).toBe(false);
    expect(exceedsBounds('1000000000000000', MONEY)).toBe(true);
    expect(exceedsBounds('-1000000000000000', MONEY)).toBe(true);
  });
});
