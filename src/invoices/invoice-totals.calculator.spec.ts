import { calculateTotals } from './invoice-totals.calculator';

describe('calculateTotals', () => {
  it('adds 21% to DESIGN.md example and rounds half-up to cents', () => {
    const t = calculateTotals([{ quantity: '1', unitPrice: '44.90', ivaRate: '21' }]);
    expect(t).toEqual({
      lineNets: ['44.90'],
      taxTotals: [{ rate: '21', net: '44.90', iva: '9.43' }],
      netTotal: '44.90',
      ivaTotal: '9.43',
      total: '54.33',
    });
  });

  it('keeps totals per rate, ascending, with exact decimals', () => {
    const t = calculateTotals([
      { quantity: '3', unitPrice: '0.10', ivaRate: '21' },
      { quantity: '2.5', unitPrice: '100.005', ivaRate: '10.5' },
      { quantity: '1', unitPrice: '0.2', ivaRate: '21' },
    ]);
    expect(t.lineNets).toEqual(['0.30', '250.01', '0.20']);
    expect(t.taxTotals).toEqual([
      { rate: '10.5', net: '250.01', iva: '26.25' },
      { rate: '21', net: '0.50', iva: '0.11' },
    ]);
    expect(t.total).toBe('276.87');
  });
});
