import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/load-config';
import { PrismaService } from '../../src/database/prisma.service';
import { company, donPepe } from '../support/sample-data';
import { freePort } from '../support/free-port';
import { loadCustomerDocuments } from './portal-bench.data';
import { cpuMs, ms, percentile } from './bench-stats';

/**
 * `npm run bench:portal`: the portal page of a customer with 5,000 documents
 * (and 50 other customers with 100 each), first page and a filtered page,
 * under 20 concurrent clients, on SQLite and on PostgreSQL (when
 * BENCH_PG_URL or DATABASE_URL names a reachable server; default the local
 * one). The app runs as its own process, as in production, so the clients
 * here do not share its event loop. BENCH_CPU_PROF=<dir> writes the app's
 * CPU profiles there; BENCH_APP_LOG=1 shows its log.
 */
const CLIENTS = 20;
const REQUESTS_PER_CLIENT = 30;
const TARGET_P95_MS = 150;
const API_TOKEN = 'bench-token-'.padEnd(24, 'x');
const PG_SERVER = process.env.BENCH_PG_URL ?? (/^postgres/.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : 'postgresql://postgres@127.0.0.1:5432/test');

Logger.overrideLogger(['warn', 'error']);

interface Row { database: string; scenario: string; p50: number; p95: number; max: number; rps: number; cpuMs: number }

async function main(): Promise<void> {
  const rows: Row[] = [];
  const work = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  try {
    rows.push(...(await benchOn('SQLite', `file:${join(work, 'bench.db')}`, work)));
    const pg = await createPgDatabase();
    if (pg) {
      try {
        rows.push(...(await benchOn('PostgreSQL', pg.url, work)));
      } finally {
        await pg.drop();
      }
    } else {
      console.log(`PostgreSQL not reachable at ${PG_SERVER}: skipped.`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  print(rows);
}

async function benchOn(database: string, databaseUrl: string, work: string): Promise<Row[]> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = startApp(databaseUrl, port, work);
  try {
    await waitUntilUp(url, app);
    const api = (method: string, path: string, body?: unknown) =>
      fetch(url + path, { method, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    await api('PUT', '/api/company', company);
    const started = performance.now();
    const prisma = new PrismaService(loadConfig({ API_TOKEN, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }));
    await prisma.onModuleInit();
    try {
      const refs = ['grande', ...Array.from({ length: 50 }, (_, i) => `cliente-${i + 1}`)];
      const customers = [];
      for (const ref of refs) customers.push(await (await api('PUT', `/api/customers/${ref}`, { ...donPepe, name: `Cliente ${ref}` })).json());
      let number = 1;
      for (const [i, customer] of customers.entries()) {
        const count = i === 0 ? 5000 : 100;
        await loadCustomerDocuments(prisma, customer.id, count, number, i + 1);
        number += count;
      }
    } finally {
      await prisma.onApplicationShutdown();
    }
    console.log(`${database}: loaded 10,000 documents and their payments in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (database === 'PostgreSQL') await vacuumAnalyze(databaseUrl);
    // better-sqlite3 held this event loop through the load: let the sockets
    // the app closed meanwhile be seen as closed before reusing any.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { token } = await (await api('POST', '/api/customers/grande/portal-token')).json();
    const page = `${url}/portal/${token}`;
    const scenarios: [string, string][] = [
      ['first page (50 of 5,000)', page],
      ['filtered: vencidas 2023–2024', `${page}?estado=vencida&desde=2023-01-01&hasta=2024-12-31`],
    ];
    // A deep page shows keyset paging costs what the first page does.
    scenarios.push(['page 60 (cursor)', await deepPage(page, 59)]);
    const rows: Row[] = [];
    for (const [scenario, target] of scenarios) {
      await load(target, 3, 10); // warm: JIT, caches, connection pool
      const cpuBefore = cpuMs(app.pid!);
      const { latencies, seconds } = await load(target, CLIENTS, REQUESTS_PER_CLIENT);
      const cpu = (cpuMs(app.pid!) - cpuBefore) / latencies.length;
      rows.push({ database, scenario, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), rps: latencies.length / seconds, cpuMs: cpu });
    }
    return rows;
  } finally {
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));
  }
}

/** The app as production runs it (JSON logs at info, to nowhere here), with the rate limit out of the way of one client address. */
function startApp(databaseUrl: string, port: number, work: string): ChildProcess {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return spawn(process.execPath, [...profile, '-r', '@swc-node/register', 'src/main.ts'], {
    env: {
      ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl, API_TOKEN,
      PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info', PORTAL_RATE_LIMIT: '99999', OUTBOX_DIR: join(work, 'outbox'),
    },
    stdio: ['ignore', process.env.BENCH_APP_LOG ? 'inherit' : 'ignore', 'inherit'],
  });
}

async function waitUntilUp(url: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the app did not start within 60 s');
}

/** Follows "Más antiguos" `pages` times. */
async function deepPage(first: string, pages: number): Promise<string> {
  let target = first;
  for (let i = 0; i < pages; i++) {
    const html = await (await fetch(target)).text();
    const next = /<a rel="next" href="([^"]+)">/.exec(html)?.[1];
    if (!next) throw new Error(`no page ${i + 2}`);
    target = new URL(next.replace(/&amp;/g, '&'), first).toString();
  }
  return target;
}

/**
 * `clients` loops, each sending `perClient` requests one after another over
 * its own keep-alive connection; every answer must be a full page. Plain
 * node:http rather than fetch: the clients share these two cores with the
 * app, so they should cost as little as a real browser's would cost it.
 */
async function load(target: string, clients: number, perClient: number): Promise<{ latencies: number[]; seconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < perClient; i++) {
          const t0 = performance.now();
          const { status, body } = await getPage(target, agent);
          latencies.push(performance.now() - t0);
          if (status !== 200 || !body.endsWith('</html>\n')) throw new Error(`${status} from ${target}`);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function getPage(target: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(target, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/**
 * What autovacuum does within a minute of a bulk load: without it the
 * planner, right after the load, has no statistics and no visibility map,
 * and scans the table for the balances instead of the covering index.
 */
async function vacuumAnalyze(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `portal_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      const c = new Client({ connectionString: PG_SERVER });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

function print(rows: Row[]): void {
  console.log(`\nPortal benchmark — Node ${process.version}, ${cpus().length} cores, ${CLIENTS} concurrent clients × ${REQUESTS_PER_CLIENT} requests each`);
  console.log('One customer with 5,000 documents (and 50 with 100 each); the app in its own process, logging at info.\n');
  const header = ['database', 'scenario', 'p50', 'p95', 'max', 'req/s', 'app CPU/req', `p95 ≤ ${TARGET_P95_MS} ms`];
  const cells = rows.map((r) => [r.database, r.scenario, ms(r.p50), ms(r.p95), ms(r.max), r.rps.toFixed(0), ms(r.cpuMs), r.p95 <= TARGET_P95_MS ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const c of cells) console.log(line(c));
  const missed = rows.filter((r) => r.p95 > TARGET_P95_MS).length;
  console.log(missed ? `\n${missed} target(s) missed.` : '\nAll targets met.');
  // Latency on a shared machine is mostly other people's work: say how busy it was.
  console.log(`Load average at the end (1/5/15 min): ${loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${cpus().length} cores.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
