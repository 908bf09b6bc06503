import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppError } from '../common/app-error';
import { CompanyService } from '../company/company.service';
import { loadConfigWithDefaults } from '../config/load-config';
import { CustomersService } from '../customers/customers.service';
import { InvoicesService } from '../invoices/invoices.service';
import { demoData } from './demo-data';

/**
 * `npm run demo:load`: fills the configured database with the demo data set
 * through the same services the API uses. Running it again changes nothing.
 */
async function main(): Promise<void> {
  const config = loadConfigWithDefaults({ LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const invoicesService = app.get(InvoicesService);
    const data = demoData(invoicesService.today());
    await app.get(CompanyService).save(data.company);
    for (const [ref, body] of Object.entries(data.customers)) await app.get(CustomersService).upsert(ref, body);
    for (const { paid, ...body } of data.invoices) {
      const label = `Factura ${body.letter} ${String(body.pointOfSale).padStart(4, '0')}-${String(body.number).padStart(8, '0')}`;
      try {
        const invoice = await invoicesService.create(body);
        if (paid) await invoicesService.addPayment(invoice.id, { amount: invoice.total, date: body.issueDate });
        const now = await invoicesService.get(invoice.id);
        console.log(`${label}: ${now.status}, total ${now.total}, id ${now.id}`);
      } catch (err) {
        if (err instanceof AppError && err.status === 409) console.log(`${label}: already loaded`);
        else throw err;
      }
    }
    console.log(`Demo data loaded into ${config.databaseUrl}.`);
    if (config.apiTokenSource === 'generated') {
      // The first start of a fresh checkout: say it once, as the app would.
      console.log(`API_TOKEN was not set: generated one and saved it in var/api-token. Use: Authorization: Bearer ${config.apiToken}`);
    }
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
