import fc from 'fast-check';
import Decimal from 'decimal.js';
import { fromCentsInteger, toCentsInteger } from './decimal';
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
  });
});
