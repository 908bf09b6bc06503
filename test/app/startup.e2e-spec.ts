import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { freePort } from '../support/free-port';
import { spawnApp, SpawnedApp } from '../support/spawn-app';
import { waitFor } from '../support/wait';

const TOKEN = 'startup-test-token-0123456789';

/** The real process, as an operator starts it: ports, logs, .env. */
describe('Running factura-bot', () => {
  let db: TestDatabase;
  let dir: string;
  let port: number;
  let first: SpawnedApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'factura-startup-'));
    port = await freePort();
    first = spawnApp(env());
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok, 60_000, 'the first copy');
  }, 90_000);

  afterAll(async () => {
    await first?.kill();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return { PORT: String(port), DATABASE_URL: db.url, API_TOKEN: TOKEN, OUTBOX_DIR: join(dir, 'outbox'), LOG_LEVEL: 'info', ...extra };
  }

  it('refuses to start a second copy on a taken port: one Spanish line, exit 1, no stack, nothing "started"', async () => {
    const second = spawnApp(env());
    const code = await second.exit;
    expect(code).toBe(1);
    expect(second.stderr().trim()).toBe(
      `El puerto ${port} ya está en uso: probablemente factura-bot (u otro programa) ya está corriendo. ` +
        `Deténgalo o elija otro puerto, p. ej. PORT=${port + 1}.`,
    );
    const everything = second.stdout() + second.stderr();
    expect(everything).not.toMatch(/successfully started|listening on/);
    expect(everything).not.toMatch(/^\s+at /m);
    // The first copy never noticed.
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  }, 60_000);

  it('never logs a secret carried in a query string, also on a 401 and a 404', async () => {
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${TOKEN}` };
    await fetch(`${base}/api/company?token=SECRET-ONE&x=visible`);
    await fetch(`${base}/api/company?access_token=SECRET-TWO`, { headers: auth });
    await fetch(`${base}/no-such-page?%74oken=SECRET-THREE&signature=SECRET-FOUR&key=SECRET-FIVE`);
    await fetch(`${base}/portal/SECRET-SIX?code=SECRET-SEVEN`);
    await fetch(`${base}/api/invoices?number=1-1&api_key=SECRET-EIGHT&password=SECRET-NINE&sig=SECRET-TEN`, { headers: auth });
    const logs = await waitFor(async () => (first.stdout().includes('api_key=') ? first.stdout() : null), 10_000, 'the request logs');
    expect(logs).not.toMatch(/SECRET-/);
    expect(logs).toContain('"url":"/api/company?token=[redacted]&x=visible"');
    expect(logs).toContain('/portal/[redacted]?code=[redacted]');
    expect(logs).toContain('%74oken=[redacted]&signature=[redacted]&key=[redacted]');
    expect(logs).toContain('number=1-1&api_key=[redacted]&password=[redacted]&sig=[redacted]');
  });

  it('reads .env from the working directory, with the real environment winning', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'factura-dotenv-'));
    const dotenvPort = await freePort();
    try {
      writeFileSync(
        join(cwd, '.env'),
        [
          '# as in .env.example',
          `PORT=${dotenvPort}`,
          `DATABASE_URL=${db.url}`,
          'API_TOKEN=token-from-the-dotenv-file-123',
          `OUTBOX_DIR=${join(dir, 'outbox')}`,
          'LOG_LEVEL=warn',
        ].join('\n'),
      );
      const app = spawnApp({ API_TOKEN: 'token-from-the-environment-456' }, cwd);
      try {
        const url = `http://127.0.0.1:${dotenvPort}`;
        await waitFor(async () => (await fetch(`${url}/health`).catch(() => null))?.ok, 60_000, 'the app on the .env port');
        const asEnv = await fetch(`${url}/api/company`, { headers: { authorization: 'Bearer token-from-the-environment-456' } });
        const asFile = await fetch(`${url}/api/company`, { headers: { authorization: 'Bearer token-from-the-dotenv-file-123' } });
        expect(asEnv.status).not.toBe(401);
        expect(asFile.status).toBe(401);
        // LOG_LEVEL=warn from the file: no per-request info lines.
        expect(app.stdout()).not.toMatch(/request completed/);
      } finally {
        await app.kill();
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);
});
