import { randomUUID } from 'node:crypto';
import type { PrismaService } from '../../src/database/prisma.service';

/**
 * The benchmark's data set, written straight into the tables (the API would
 * take minutes for 10,000 invoices): realistic shapes, consistent stored
 * balances (total − payments), and a row per payment and per item.
 */
export interface LoadedCustomer {
  id: string;
  ref: string;
  documents: number;
}

const BATCH = 400;

export async function loadCustomerDocuments(prisma: PrismaService, customerId: string, count: number, numberFrom: number, seed: number): Promise<void> {
  const random = mulberry32(seed);
  const invoices = [];
  const items = [];
  const payments = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    // Issued over the last five years, due 30 days later.
    const issued = new Date(Date.UTC(2022, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000);
    const due = new Date(issued.getTime() + 30 * 86_400_000);
    const netCents = 10_000 + Math.floor(random() * 5_000_000);
    const ivaCents = Math.round(netCents * 0.21);
    const totalCents = netCents + ivaCents;
    // Most are paid, some in part, some not at all.
    const state = random();
    const paidCents = state < 0.65 ? totalCents : state < 0.8 ? Math.floor(totalCents / 3) : 0;
    invoices.push({
      id, kind: 'FACTURA', letter: 'B', voucherCode: 6, pointOfSale: 1, number: numberFrom + i,
      issueDate: iso(issued), dueDate: iso(due), customerId, currency: 'PES', exchangeRate: '1',
      netTotal: cents(netCents), ivaTotal: cents(ivaCents), total: cents(totalCents), cae: '70123456789012', caeDueDate: iso(due),
      balanceCents: BigInt(totalCents - paidCents),
    });
    items.push({ invoiceId: id, position: 0, description: 'Tornillos 3/8', quantity: '1', unitPrice: cents(netCents), ivaRate: '21', lineNet: cents(netCents) });
    if (paidCents > 0) payments.push({ invoiceId: id, amount: cents(paidCents), date: iso(due) });
  }
  for (let i = 0; i < invoices.length; i += BATCH) await prisma.client.invoice.createMany({ data: invoices.slice(i, i + BATCH) });
  for (let i = 0; i < items.length; i += BATCH) await prisma.client.invoiceItem.createMany({ data: items.slice(i, i + BATCH) });
  for (let i = 0; i < payments.length; i += BATCH) await prisma.client.payment.createMany({ data: payments.slice(i, i + BATCH) });
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function cents(value: number): string {
  return (value / 100).toFixed(2);
}

/** A small seeded generator, so every run loads the same data. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
