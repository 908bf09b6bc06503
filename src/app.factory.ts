import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, AppOverrides } from './app.module';
import { ApiErrorFilter } from './common/api-error.filter';
import { bearerTokenMatcher } from './common/api-token.guard';
import { jsonOnlyBody, jsonOnlyRoutes } from './common/json-body.middleware';
import { createValidationPipe } from './common/validation.pipe';
import { AppConfig } from './config/app-config';
import { PortalEdge } from './portal/portal-edge.middleware';

/**
 * Builds the configured Nest application (not yet listening). main.ts and
 * the e2e tests both start the product through here.
 */
export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, overrides), {
    // Slack and SendGrid sign the raw bytes of their requests.
    rawBody: true,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Behind a load balancer the client address (portal rate limit, logs) is
  // the one the trusted proxies put in X-Forwarded-For.
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  // Headers, rate limit and the 404 for undecodable paths, ahead of the router.
  app.use('/portal', ...app.get(PortalEdge).handlers());
  // Before any other parser: on these routes a body is JSON or a 415.
  for (const route of jsonOnlyRoutes(bearerTokenMatcher(config.apiToken))) app.use(route.prefix, jsonOnlyBody(route));
  app.useBodyParser('json', { limit: '2mb' });
  app.useGlobalFilters(new ApiErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  setUpOpenApi(app);
  return app;
}

/** OpenAPI generated from the controllers and DTOs, browsable at /api/docs. */
function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('factura-bot')
      .setDescription('REST API that keeps factura-bot current: company, customers, invoices, payments, sending, reminders.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API_TOKEN' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
