import fc from 'fast-check';
import { calculateTotals } from '../invoices/invoice-totals.calculator';
import { dec, exceedsBounds, FINE, isDecimalText, MONEY, toCentsInteger } from './decimal';

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
