import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { company, donPepe, invoiceB } from '../support/sample-data';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait';

const TOKEN = 'shutdown-test-token-0123456789';
const ROOT = resolve(__dirname, '..', '..');

/** A free TCP port on loopback, to start the real process on. */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
    server.on('error', fail);
  });
}

describe('SIGTERM', () => {
  let db: TestDatabase;
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  let logs = '';
  let exit: Promise<number | null>;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'factura-shutdown-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // The real entry point, as `npm run start:prod` runs it, compiled on the fly.
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', PORT: String(port), DATABASE_URL: db.url, API_TOKEN: TOKEN, OUTBOX_DIR: join(dir, 'outbox'), LOG_LEVEL: 'info' },
    });
    child.stdout.on('data', (chunk) => (logs += chunk));
    child.stderr.on('data', (chunk) => (logs += chunk));
    exit = new Promise((done) => child.on('close', (code) => done(code)));
    await waitFor(async () => (await fetch(`${url}/health`).catch(() => null))?.ok, 60_000, 'the app to start');
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (method: string, path: string, body?: unknown) =>
    fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('lets PDF downloads and a send in flight finish, then stops cleanly', async () => {
    await api('PUT', '/api/company', company);
    await api('PUT', '/api/customers/donpepe', donPepe);
    const ids: string[] = [];
    for (let number = 1; number <= 16; number++) ids.push((await (await api('POST', '/api/invoices', invoiceB({ number }))).json()).id);

    // Sixteen PDFs never rendered before, on a pool of two pages, and a send.
    let finished = 0;
    const downloads = ids.slice(1).map(async (id) => {
      const res = await api('GET', `/api/invoices/${id}/pdf`);
      const bytes = Buffer.from(await res.arrayBuffer());
      finished++;
      return { status: res.status, pdf: bytes.subarray(0, 5).toString() };
    });
    const send = api('POST', `/api/invoices/${ids[0]}/send`, {}).then(async (res) => ({ status: res.status, body: await res.json() }));
    // Once the first PDF is back, the rest are still queued on the pool.
    await waitFor(async () => finished > 0, 30_000, 'the first PDF');
    child.kill('SIGTERM');

    const results = await Promise.all(downloads);
    expect(finished).toBeLessThan(results.length + 1);
    expect(results).toEqual(results.map(() => ({ status: 200, pdf: '%PDF-' })));
    expect(await send).toMatchObject({ status: 202, body: { status: 'sent' } });
    expect(await exit).toBe(0);

    const messages = logs.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l).msg as string);
    const started = messages.findIndex((m) => /SIGTERM received/.test(m));
    expect(started).toBeGreaterThan(-1);
    expect(messages.slice(started + 1)).toContain('stopped cleanly');
    expect(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  }, 90_000);
});
