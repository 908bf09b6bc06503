import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_API_TOKEN = 'test-token-0123456789abcdef';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  config: AppConfig;
  db: TestDatabase;
  outboxDir: string;
  /** fetch against the app with the bearer token and JSON. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/**
 * The real product on a fresh database, listening on a random port (or on
 * PORT when `env` gives one). `env` is what an operator would put in the
 * environment; `options.clock` replaces the system clock (see TestClock).
 */
export async function startTestApp(env: Record<string, string> = {}, db?: TestDatabase, options: { clock?: Clock } = {}): Promise<TestApp> {
  const database = db ?? (await createTestDatabase());
  const outboxDir = mkdtempSync(join(tmpdir(), 'factura-outbox-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    API_TOKEN: TEST_API_TOKEN,
    OUTBOX_DIR: outboxDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    // Scheduled reminders would fire in whichever test runs at 09:00 on a
    // weekday: moved to New Year's midnight (a holiday, so even then no run)
    // unless a test asks for them.
    REMINDERS_CRON: '0 0 1 1 *',
    ...env,
  });
  const app = await createApp(config, { clock: options.clock });
  await app.listen(config.port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${TEST_API_TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as any, text };
  };

  return {
    app,
    url,
    config,
    db: database,
    outboxDir,
    api,
    close: async () => {
      await app.close();
      if (!db) await database.drop();
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}
