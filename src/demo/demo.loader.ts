import type { INestApplicationContext } from '@nestjs/common';
import { relative } from 'node:path';
import { AppError } from '../common/app-error';
import { formatMoneyAr } from '../common/format';
import { CompanyService } from '../company/company.service';
import { AppConfig } from '../config/app-config';
import { CustomersService } from '../customers/customers.service';
import { formatInvoiceNumber } from '../invoices/invoice-number.parser';
import { InvoicesService, InvoiceView } from '../invoices/invoices.service';
import { DOCUMENT_TITLES, InvoiceKind, Letter } from '../invoices/voucher';
import { demoData } from './demo-data';

export interface DemoInvoice {
  label: string;
  invoice: InvoiceView;
  /** False when an earlier run had loaded it already. */
  created: boolean;
}

/**
 * Fills the database with the demo data set through the same services the
 * API uses. Running it again changes nothing, and still reports every
 * invoice with its id: what a new user needs to try the API.
 */
export async function loadDemo(app: INestApplicationContext): Promise<DemoInvoice[]> {
  const invoices = app.get(InvoicesService);
  const data = demoData(invoices.today());
  await app.get(CompanyService).save(data.company);
  for (const [ref, body] of Object.entries(data.customers)) await app.get(CustomersService).upsert(ref, body);
  const loaded: DemoInvoice[] = [];
  for (const { paid, ...body } of data.invoices) {
    const key = { kind: body.kind as InvoiceKind, letter: body.letter as Letter, pointOfSale: body.pointOfSale, number: body.number };
    const label = `${DOCUMENT_TITLES[key.kind]} ${key.letter} ${formatInvoiceNumber(key.pointOfSale, key.number)}`;
    try {
      const invoice = await invoices.create(body);
      if (paid) await invoices.addPayment(invoice.id, { amount: invoice.total, date: body.issueDate });
      loaded.push({ label, invoice: await invoices.get(invoice.id), created: true });
    } catch (err) {
      if (!(err instanceof AppError && err.status === 409)) throw err;
      const [existing] = await invoices.findCandidates(key);
      loaded.push({ label, invoice: existing, created: false });
    }
  }
  return loaded;
}

/** What `npm run demo:load` prints, on the first run and on every later one. */
export function demoReport(loaded: DemoInvoice[], config: AppConfig, cwd = process.cwd()): string[] {
  const tokenFile = relative(cwd, `${config.varDir}/api-token`) || 'var/api-token';
  const lines = loaded.map(({ label, invoice, created }) =>
    `${label} (${invoice.customer.name}): ${invoice.status}, total ${formatMoneyAr(invoice.total, invoice.currency)}, ` +
    `id ${invoice.id}${created ? '' : ' (already loaded)'}`,
  );
  lines.push(`Demo data in ${config.databaseUrl}.`);
  switch (config.apiTokenSource) {
    case 'generated':
      lines.push(`API_TOKEN was not set: generated one and saved it in ${tokenFile}. Use: Authorization: Bearer ${config.apiToken}`);
      break;
    case 'file':
      lines.push(`API token: in ${tokenFile} (API_TOKEN not set). Use: Authorization: Bearer $(cat ${tokenFile})`);
      break;
    default:
      lines.push('API token: the API_TOKEN of your environment. Use: Authorization: Bearer $API_TOKEN');
  }
  const first = loaded[0]?.invoice.id ?? '<id>';
  lines.push(`Try: curl -H "Authorization: Bearer …" http://localhost:${config.port}/api/invoices/${first}`);
  return lines;
}
