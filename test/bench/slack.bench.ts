import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, setGlobalDispatcher } from 'undici';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSlack } from '../fakes/fake-slack.server';
import { company, donPepe } from '../support/sample-data';
import { form, postSigned, SIGNING_SECRET, slashCommand } from '../support/slack-requests';
import { createTestDatabase } from '../support/test-database';
import { loadConfig } from '../../src/config/load-config';
import { PrismaService } from '../../src/database/prisma.service';
import { voucherCode } from '../../src/invoices/voucher';
import { cpuMs, ms, percentile } from './bench-stats';
import { freePort } from '../support/free-port';

/**
 * `npm run bench:slack`: how long `/factura enviar <número>` takes to open
 * the modal on a database of 10,000 invoices. The app runs as its own
 * process (as deployed); this process is Slack: it fires 200 signed
 * commands, 20 at a time, and times each from the request to the HTTP ack
 * and to the views.open call the fake Slack receives, and what each command
 * costs in CPU on both sides. Slack allows 3,000 ms;
 * the target here is p95 ≤ 150 ms. DATABASE_URL=postgresql://… runs it on a
 * fresh database of that server.
 */
const INVOICES = Number(process.env.BENCH_INVOICES ?? 10_000);
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 200);
const CONCURRENCY = 20;
const TARGET_P95_MS = 150;
const API_TOKEN = 'bench-token-'.padEnd(24, 'x');

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const slack = await startFakeSlack();
  const outbox = mkdtempSync(join(tmpdir(), 'slack-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []), '-r', '@swc-node/register', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: db.url,
      API_TOKEN,
      LOG_LEVEL: 'warn',
      OUTBOX_DIR: outbox,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForHealth(url, app);
    const api = (method: string, path: string, body: unknown) =>
      fetch(url + path, { method, headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await api('PUT', '/api/company', company);
    for (let c = 10; c < 30; c++) await api('PUT', `/api/customers/c${c}`, { ...donPepe, name: `Cliente ${c} S.R.L.` });

    // 10,000 invoices over 4 points of sale, letters A and B (so some numbers exist twice),
    // written straight to the database in batches: the API would take minutes for the same rows.
    const started = performance.now();
    const numbers = await loadInvoices(db.url);
    const loadSeconds = (performance.now() - started) / 1000;
    // Loading held this event loop (SQLite is synchronous): drop keep-alive sockets the app may have closed meanwhile.
    setGlobalDispatcher(new Agent());

    const fire = async (text: string) => {
      const command = slashCommand(slack, `enviar ${text}`);
      const t0 = performance.now();
      const res = await postSigned(url, form(command));
      const ack = performance.now() - t0;
      if (res.status !== 200) throw new Error(`command answered ${res.status}`);
      return { ack, trigger: command.trigger_id, t0 };
    };
    // Warm-up: JIT, connection pools, prepared statements.
    const warm: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await fire(numbers[i * 7]);
      await until(() => slack.calls.some((c) => c.method === 'views.open' && c.body.trigger_id === r.trigger), 10_000);
      warm.push(slack.calls.find((c) => c.method === 'views.open' && c.body.trigger_id === r.trigger)!.at - r.t0);
    }

    // The burst twice: first as it comes to a process nobody has talked to (the bench opens its 20
    // connections while the first commands are in flight), then over those 20 kept-alive connections,
    // as a proxy or Slack's own pool holds them. Both are printed; the target is read on the second.
    const opened = (trigger: string) => slack.calls.find((c) => c.method === 'views.open' && c.body.trigger_id === trigger);
    const burst = async (offset: number) => {
      const results: { ack: number; trigger: string; t0: number }[] = [];
      const cpuBefore = { app: cpuMs(app.pid!), bench: process.cpuUsage() };
      const started = performance.now();
      await pool(COMMANDS, CONCURRENCY, async (i) => {
        results.push(await fire(numbers[(offset + i * 7919) % numbers.length]));
      });
      const wall = performance.now() - started;
      // CPU is read once every modal has opened: the work after each ack (the lookup, views.open) is
      // most of what a command costs, and the last commands' share of it runs after the last ack.
      await until(() => results.every((r) => opened(r.trigger)), 10_000);
      const benchCpu = process.cpuUsage(cpuBefore.bench);
      const refused: string[] = [];
      const toOpen = results.map((r) => {
        const call = opened(r.trigger)!;
        if (!call.response.ok) refused.push(call.response.error);
        return call.at - r.t0;
      });
      if (process.env.BENCH_DEBUG) console.log(results.map((r, i) => [Math.round(r.t0 - started), Math.round(toOpen[i]), Math.round(r.ack)]).sort((a, b) => a[0] - b[0]).map((x) => x.join('/')).join(' '));
      return {
        wall, refused, toOpen, acks: results.map((r) => r.ack),
        cpu: { app: (cpuMs(app.pid!) - cpuBefore.app) / COMMANDS, bench: (benchCpu.user + benchCpu.system) / 1000 / COMMANDS },
      };
    };
    setGlobalDispatcher(new Agent());
    const cold = await burst(0);
    const warmPool = await burst(1);
    if (slack.unexpected.length) throw new Error(`fake Slack saw: ${slack.unexpected.join('; ')}`);
    const peer = await peerBursts(warmPool.cpu.app, (peerUrl) => async (i) => {
      const t0 = performance.now();
      await postSigned(peerUrl, form(slashCommand(slack, `enviar ${numbers[i % numbers.length]}`)));
      return performance.now() - t0;
    });

    const p95 = percentile(warmPool.toOpen, 95);
    console.log(`\n/factura enviar benchmark — ${db.kind === 'postgres' ? 'PostgreSQL' : 'SQLite'}, Node ${process.version}, ${cpus().length} cores`);
    console.log(`${INVOICES.toLocaleString('en')} invoices loaded in ${loadSeconds.toFixed(1)} s; ${COMMANDS} commands, ${CONCURRENCY} at a time, in ${(cold.wall / 1000).toFixed(2)} s cold and ${(warmPool.wall / 1000).toFixed(2)} s warm\n`);
    console.log(`one at a time (warm-up, 20 commands): p50 ${ms(percentile(warm.slice(5), 50))} to views.open`);
    const row = (connections: string, to: string, values: number[]) => ({ connections, to, p50: ms(percentile(values, 50)), p95: ms(percentile(values, 95)), max: ms(Math.max(...values)) });
    console.table([
      row('20 new', 'HTTP ack', cold.acks),
      row('20 new', 'views.open at Slack', cold.toOpen),
      row('20 open', 'HTTP ack', warmPool.acks),
      row('20 open', 'views.open at Slack', warmPool.toOpen),
      row('20 new', `peer: bare node:http, ${warmPool.cpu.app.toFixed(1)} ms CPU per request`, peer.cold),
      row('20 open', `peer: bare node:http, ${warmPool.cpu.app.toFixed(1)} ms CPU per request`, peer.warm),
    ]);
    for (const [label, b] of [['new', cold], ['open', warmPool]] as const) {
      console.log(`CPU per command (${label} connections): app ${b.cpu.app.toFixed(1)} ms, this process (Slack's side: signing, HTTP client, fake Web API) ${b.cpu.bench.toFixed(1)} ms`);
      if (b.refused.length) console.log(`views.open refused ${b.refused.length} of ${COMMANDS}: ${[...new Set(b.refused)].join(', ')}`);
    }
    console.log(`target p95 to views.open ≤ ${TARGET_P95_MS} ms over open connections: ${p95 <= TARGET_P95_MS ? 'met' : 'NOT met'} (Slack's limit: 3,000 ms)`);
  } finally {
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));
    await slack.stop();
    await db.drop();
    rmSync(outbox, { recursive: true, force: true });
  }
}

/** Invoices as POST /api/invoices would store them (Factura A/B of $ 54,33, one item), for 20 customers. */
async function loadInvoices(databaseUrl: string): Promise<string[]> {
  const prisma = new PrismaService(loadConfig({ DATABASE_URL: databaseUrl, API_TOKEN, LOG_LEVEL: 'warn' }));
  await prisma.onModuleInit();
  try {
    const customers = await prisma.client.customer.findMany({ select: { id: true }, orderBy: { ref: 'asc' } });
    const numbers: string[] = [];
    for (let from = 0; from < INVOICES; from += 1000) {
      const invoices = [];
      const items = [];
      const taxes = [];
      for (let i = from; i < Math.min(INVOICES, from + 1000); i++) {
        const id = randomUUID();
        const letter = i % 10 === 0 ? 'A' : 'B';
        const pointOfSale = (i % 4) + 1;
        const number = Math.floor(i / 4) + 1;
        invoices.push({
          id, kind: 'FACTURA', letter, voucherCode: voucherCode('FACTURA', letter), pointOfSale, number, issueDate: '2026-01-02', dueDate: '2030-01-31',
          customerId: customers[i % customers.length].id, netTotal: '44.90', ivaTotal: '9.43', total: '54.33', balanceCents: 5433n, cae: '70123456789012', caeDueDate: '2026-01-12',
        });
        items.push({ invoiceId: id, position: 0, description: 'Tornillos 3/8', quantity: '1', unitPrice: '44.90', ivaRate: '21', lineNet: '44.90' });
        taxes.push({ invoiceId: id, rate: '21', net: '44.90', iva: '9.43' });
        if (letter === 'B') numbers.push(`B ${pointOfSale}-${number}`);
      }
      await prisma.client.$transaction([
        prisma.client.invoice.createMany({ data: invoices }),
        prisma.client.invoiceItem.createMany({ data: items }),
        prisma.client.invoiceTaxTotal.createMany({ data: taxes }),
      ]);
    }
    return numbers;
  } finally {
    await prisma.onApplicationShutdown();
  }
}

/**
 * The same two bursts against a peer: a bare node:http server in its own
 * process that burns `cpuMs` per request and answers 200. What it shows is
 * what one Node loop does with 20 requests in flight at that cost.
 */
async function peerBursts(cpuMs: number, fire: (url: string) => (i: number) => Promise<number>): Promise<{ cold: number[]; warm: number[] }> {
  const port = await freePort();
  const server = spawn(process.execPath, ['-e', `require('node:http').createServer((req, res) => {
    req.resume();
    req.on('end', () => { const t = performance.now(); while (performance.now() - t < ${cpuMs}); res.end(); });
  }).listen(${port}, '127.0.0.1', () => console.log('up'));`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((resolve) => server.stdout!.once('data', resolve));
    const send = fire(`http://127.0.0.1:${port}`);
    for (let i = 0; i < 20; i++) await send(i); // JIT, one connection
    const run = async () => {
      const times: number[] = [];
      await pool(COMMANDS, CONCURRENCY, async (i) => void times.push(await send(i)));
      return times;
    };
    setGlobalDispatcher(new Agent());
    return { cold: await run(), warm: await run() };
  } finally {
    server.kill();
  }
}

async function pool(count: number, concurrency: number, run: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

async function waitForHealth(url: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the app did not become healthy within 60 s');
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('some commands never reached views.open');
    await new Promise((r) => setTimeout(r, 50));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
