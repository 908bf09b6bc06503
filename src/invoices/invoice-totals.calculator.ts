import { dec, Dec, toCents } from '../common/decimal';

export interface ItemInput {
  quantity: string;
  unitPrice: string;
  ivaRate: string;
}

export interface InvoiceTotals {
  lineNets: string[];
  /** Per IVA rate, ascending by rate. */
  taxTotals: { rate: string; net: string; iva: string }[];
  netTotal: string;
  ivaTotal: string;
  total: string;
}

/**
 * Line net = quantity × net unit price, rounded half-up to cents; IVA is
 * computed per rate on the sum of the nets at that rate (as AFIP's
 * "alícuotas" are declared), each rounded to cents.
 */
export function calculateTotals(items: ItemInput[]): InvoiceTotals {
  const lineNets = items.map((i) => toCents(dec(i.quantity).times(i.unitPrice)));
  const byRate = new Map<string, Dec>();
  items.forEach((item, idx) => {
    const rate = dec(item.ivaRate).toFixed();
    byRate.set(rate, (byRate.get(rate) ?? dec(0)).plus(lineNets[idx]));
  });
  const taxTotals = [...byRate.entries()]
    .sort(([a], [b]) => dec(a).comparedTo(b))
    .map(([rate, net]) => ({ rate, net: toCents(net), iva: toCents(net.times(rate).dividedBy(100)) }));
  const netTotal = taxTotals.reduce((acc, t) => acc.plus(t.net), dec(0));
  const ivaTotal = taxTotals.reduce((acc, t) => acc.plus(t.iva), dec(0));
  return {
    lineNets,
    taxTotals,
    netTotal: toCents(netTotal),
    ivaTotal: toCents(ivaTotal),
    total: toCents(netTotal.plus(ivaTotal)),
  };
}
