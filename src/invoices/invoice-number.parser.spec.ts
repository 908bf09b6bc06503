import { formatInvoiceNumber, parseInvoiceNumber } from './invoice-number.parser';

describe('parseInvoiceNumber', () => {
  it.each([
    ['1-123', { pointOfSale: 1, number: 123 }],
    ['0001-000123', { pointOfSale: 1, number: 123 }],
    ['00001-00000123', { pointOfSale: 1, number: 123 }],
    ['0001 - 00000123', { pointOfSale: 1, number: 123 }],
    ['B 0001-123', { letter: 'B', pointOfSale: 1, number: 123 }],
    ['b0001-123', { letter: 'B', pointOfSale: 1, number: 123 }],
    ['FB-0001-123', { kind: 'FACTURA', letter: 'B', pointOfSale: 1, number: 123 }],
    ['A-1-123', { letter: 'A', pointOfSale: 1, number: 123 }],
    ['FC 12-7', { kind: 'FACTURA', letter: 'C', pointOfSale: 12, number: 7 }],
    ['NCB 2-45', { kind: 'NOTA_CREDITO', letter: 'B', pointOfSale: 2, number: 45 }],
    ['ND-A-0003-00000009', { kind: 'NOTA_DEBITO', letter: 'A', pointOfSale: 3, number: 9 }],
    ['12345-99999999', { pointOfSale: 12345, number: 99999999 }],
  ])('reads %s', (input, expected) => {
    expect(parseInvoiceNumber(input)).toEqual(expected);
  });

  it.each(['', '123', 'abc', '0000-123', '1-0', '123456-1', '1-123456789', 'X 1-2', 'B 1-2-3', '1-2 B'])(
    'rejects %p',
    (input) => {
      expect(parseInvoiceNumber(input)).toBeNull();
    },
  );
});

describe('formatInvoiceNumber', () => {
  it('pads point of sale to 4 and number to 8 digits', () => {
    expect(formatInvoiceNumber(1, 123)).toBe('0001-00000123');
  });
  it('uses 5 digits for a point of sale that needs them', () => {
    expect(formatInvoiceNumber(12345, 1)).toBe('12345-00000001');
  });
});
