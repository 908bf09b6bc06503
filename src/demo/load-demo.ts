import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfigWithDefaults } from '../config/load-config';
import { demoReport, loadDemo } from './demo.loader';

/** `npm run demo:load`: the demo data set into the configured database; prints ids and where the token is. */
async function main(): Promise<void> {
  const config = loadConfigWithDefaults({ LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    for (const line of demoReport(await loadDemo(app), config)) console.log(line);
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
