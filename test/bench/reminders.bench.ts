import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { todayIn } from '../../src/common/calendar-date';
import { loadConfig } from '../../src/config/load-config';
import { PrismaService } from '../../src/database/prisma.service';
import { BusinessCalendar } from '../../src/reminders/business-calendar';
import { chromiumProcesses } from '../pdf/process-tree';
import { company } from '../support/sample-data';
import { CountingSendgrid, startCountingSendgrid } from './counting-sendgrid';
import { createTestDatabase } from '../support/test-database';
import { freePort } from '../support/free-port';
import { spawnApp } from '../support/spawn-app';
import { waitFor } from '../support/wait';

/**
 * `npm run bench:reminders` (SQLite), or with DATABASE_URL=postgresql://… (a
 * scratch database is created on that server): the real app in its own
 * process, 10,000 overdue invoices across 2,000 customers written straight
 * into the tables, and the reminders job run through the API against a
 * local fake SendGrid — first with no PDF rendered yet, then again (log and
 * deliveries cleared) with every PDF cached. Prints wall time until
 * SendGrid took the last e-mail, e-mails/s, the app's peak RSS (and
 * Chromium's apart), the app's CPU time per e-mail (what the figures would
 * be on an idle core; this machine is shared), and the SendGrid requests
 * made, and the SQL statements per e-mail (test/bench/query-counter.cjs,
 * preloaded into the app). BENCH_APP_CPU_PROF=<dir> profiles the app; BENCH_QUERY_TOP=1 lists the most frequent statements. BENCH_INVOICES changes the count (5 invoices per customer).
 * The app runs with the V8 heap limit of `npm run start:prod` (256 MB;
 * BENCH_APP_HEAP_MB overrides it, 0: Node's default,
 * which lets garbage pile up to several hundred MB before collecting it
 * whenever the machine has the memory: RSS then says little about what the
 * job keeps alive).
 */
const INVOICES = Number(process.env.BENCH_INVOICES ?? 10_000);
const CUSTOMERS = Math.ceil(INVOICES / 5);
const API_TOKEN = 'bench-reminders-token-0123456789';
const TARGETS = { cachedSeconds: 60, peakRssMb: 500 };
const BATCH = 500;
/** The heap limit production starts with (package.json start:prod), unless BENCH_APP_HEAP_MB says otherwise. */
const PROD_HEAP_MB = Number(/--max-old-space-size=(\d+)/.exec(JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')).scripts['start:prod'])?.[1] ?? 0);
const HEAP_MB = Number(process.env.BENCH_APP_HEAP_MB ?? PROD_HEAP_MB);
/** A folder: the app writes a V8 CPU profile there when it exits. */
const CPU_PROF = process.env.BENCH_APP_CPU_PROF;

interface PassResult {
  name: string;
  runMs: number;
  mailMs: number;
  requests: number;
  distinct: number;
  peakRssMb: number;
  peakChromiumMb: number;
  cpuMs: number;
  queries: number;
  progress: string[];
  summary: any;
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const sendgrid = await startCountingSendgrid();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = spawnApp({
    PORT: String(port),
    DATABASE_URL: db.url,
    API_TOKEN,
    SENDGRID_API_KEY: sendgrid.key,
    SENDGRID_API_URL: sendgrid.url,
    MAIL_FROM_ADDRESS: 'facturas@factura-bot.test',
    PUBLIC_URL: 'https://facturas.example.com',
    LOG_LEVEL: 'info',
    ...(process.env.BENCH_QUERY_TOP ? { BENCH_QUERY_TOP: '1' } : {}),
    NODE_OPTIONS: [`--require ${resolve(__dirname, 'query-counter.cjs')}`, ...(HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : [])].join(' '),
  }, undefined, CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []);
  const prisma = new PrismaService(loadConfig({ DATABASE_URL: db.url, API_TOKEN }));
  try {
    await waitFor(async () => (await fetch(`${url}/health`).catch(() => null))?.ok, 60_000, 'the app');
    await api(url, 'PUT', '/api/company', company);
    await prisma.client.$connect();
    const asOf = lastBusinessDay();
    const loadStarted = performance.now();
    await loadInvoices(prisma, asOf);
    const loadMs = performance.now() - loadStarted;

    const idleRssMb = rssMb(app.child.pid!);
    const results: PassResult[] = [];
    results.push(await pass('PDFs not yet rendered', url, asOf, sendgrid, app));
    await prisma.client.reminderLog.deleteMany();
    await prisma.client.delivery.deleteMany();
    sendgrid.reset();
    results.push(await pass('PDFs cached', url, asOf, sendgrid, app));

    console.log(`\nReminders benchmark — ${db.kind}, Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`);
    console.log(
      `${INVOICES.toLocaleString('en')} overdue invoices (1–60 days) across ${CUSTOMERS.toLocaleString('en')} customers, as of ${asOf}; ` +
        `loaded in ${(loadMs / 1000).toFixed(1)} s; fake SendGrid on loopback; app heap limit ${HEAP_MB ? `${HEAP_MB} MB` : "Node's default"}, ` +
        `app RSS before the runs ${idleRssMb.toFixed(0)} MB\n`,
    );
    const rows: [string, string, string?, boolean?][] = [];
    for (const r of results) {
      const seconds = r.mailMs / 1000;
      const cached = r.name === 'PDFs cached';
      rows.push(
        [`${r.name}: run answered (all queued)`, `${(r.runMs / 1000).toFixed(1)} s`],
        [`${r.name}: wall time to the last e-mail`, `${seconds.toFixed(1)} s`, cached ? `≤ ${TARGETS.cachedSeconds} s` : undefined, cached ? seconds <= TARGETS.cachedSeconds : undefined],
        [`${r.name}: e-mails/s`, (r.distinct / seconds).toFixed(0)],
        [`${r.name}: app CPU per e-mail (user+sys)`, `${(r.cpuMs / r.distinct).toFixed(1)} ms (≈ ${Math.round(r.distinct / (r.cpuMs / 1000))} e-mails per CPU-second)`],
        [`${r.name}: SQL statements per e-mail (incl. run bookkeeping)`, (r.queries / r.distinct).toFixed(1)],
        [`${r.name}: SendGrid requests / distinct e-mails`, `${r.requests} / ${r.distinct}`, `${INVOICES} / ${INVOICES}`, r.requests === INVOICES && r.distinct === INVOICES],
        [`${r.name}: app peak RSS (node)`, `${r.peakRssMb.toFixed(0)} MB`, `≤ ${TARGETS.peakRssMb} MB`, r.peakRssMb <= TARGETS.peakRssMb],
        [`${r.name}: Chromium peak RSS (apart)`, `${r.peakChromiumMb.toFixed(0)} MB`],
        [`${r.name}: progress seen (GET runs/:id)`, r.progress.join(' → ')],
        [`${r.name}: summary`, JSON.stringify({ status: r.summary.status, total: r.summary.total, sent: r.summary.sent, skipped: r.summary.skipped.length, failed: r.summary.failed.length })],
      );
    }
    const liveHeap = (app.stdout().match(/bench-live-heap [\d.]+/g) ?? []).map((l) => `${l.split(' ')[1]} MB`);
    rows.push(['app live heap after a full GC: before pass 1, after it, before pass 2, after it', liveHeap.join(' → ')]);
    const logged = (app.stdout().match(/reminders: \d+ of \d+ invoices/g) ?? []).length;
    rows.push(['progress lines in the app log (every 1,000)', String(logged)]);
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [metric, value, target, met] of rows) {
      console.log(`${metric.padEnd(width)}  ${value.padEnd(40)}  ${target ?? ''}${met === undefined ? '' : met ? '  met' : '  MISSED'}`);
    }
    if (process.env.BENCH_QUERY_TOP) console.log(`\nStatements so far, most frequent first:\n${(app.stderr().match(/^bench-sql .*$/gm) ?? []).slice(-25).join('\n')}`);
    const missed = rows.filter((r) => r[3] === false).length;
    console.log(missed ? `\n${missed} target(s) missed.` : '\nAll targets met.');
    if (sendgrid.unexpected.length) throw new Error(`fake SendGrid got unexpected requests: ${sendgrid.unexpected.slice(0, 5).join(', ')}`);
  } catch (err) {
    console.error(`the app said:\n${app.stdout().slice(-3000)}${app.stderr().slice(-3000)}`);
    throw err;
  } finally {
    await prisma.client.$disconnect().catch(() => undefined);
    // A profile is written only on a normal exit: the app's own SIGTERM shutdown.
    if (CPU_PROF) await Promise.race([(app.child.kill('SIGTERM'), app.exit), sleep(30_000)]);
    await app.kill();
    await sendgrid.stop();
    await db.drop();
  }
}

/** One run through the API (?async=true, then its progress), timed until SendGrid took every e-mail. */
async function pass(name: string, url: string, asOf: string, sendgrid: CountingSendgrid, app: ReturnType<typeof spawnApp>): Promise<PassResult> {
  const memory = sampleMemory(app.child.pid!);
  const queriesBefore = await queriesOf(app);
  const cpuBefore = cpuMsOf(app.child.pid!);
  const started = performance.now();
  const { runId } = await api(url, 'POST', '/api/reminders/run?async=true', { asOf });
  const progress: string[] = [];
  let summary: any;
  for (;;) {
    summary = await api(url, 'GET', `/api/reminders/runs/${runId}`);
    const seen = `${summary.processed}/${summary.total}`;
    if (progress.at(-1) !== seen) progress.push(seen);
    if (summary.status !== 'running') break;
    await sleep(1_000);
  }
  const runMs = performance.now() - started;
  if (summary.status !== 'finished') throw new Error(`run ${summary.status}: ${summary.error}`);
  await waitFor(async () => sendgrid.distinct() >= INVOICES, 30 * 60_000, `${INVOICES} e-mails`);
  const mailMs = performance.now() - started;
  await sleep(500); // a straggling duplicate would show up in the request count
  const peaks = memory.stop();
  const cpuMs = cpuMsOf(app.child.pid!) - cpuBefore;
  const queries = (await queriesOf(app)) - queriesBefore;
  const shown = progress.length > 6 ? [...progress.slice(0, 3), '…', ...progress.slice(-2)] : progress;
  return { name, runMs, mailMs, requests: sendgrid.requests(), distinct: sendgrid.distinct(), ...peaks, cpuMs, queries, progress: shown, summary };
}

/** SQL statements the app has sent so far, as query-counter.cjs (preloaded into it) prints them on SIGUSR2. */
async function queriesOf(app: ReturnType<typeof spawnApp>): Promise<number> {
  const seen = (app.stdout().match(/bench-queries \d+/g) ?? []).length;
  app.child.kill('SIGUSR2');
  await waitFor(async () => (app.stdout().match(/bench-queries \d+/g) ?? []).length > seen, 10_000, 'the query count');
  return Number(app.stdout().match(/bench-queries (\d+)/g)!.at(-1)!.split(' ')[1]);
}

/** Samples the app's resident memory (and its Chromium's) every 100 ms until stopped; peaks in MB. */
function sampleMemory(pid: number): { stop(): { peakRssMb: number; peakChromiumMb: number } } {
  let peakRssMb = 0;
  let peakChromiumMb = 0;
  const timer = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, rssMb(pid));
    peakChromiumMb = Math.max(peakChromiumMb, chromiumProcesses(pid).reduce((sum, p) => sum + rssMb(p.pid), 0));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return { peakRssMb, peakChromiumMb };
    },
  };
}

function rssMb(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** User + system CPU time of one process so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Customers with e-mail, each with five unpaid invoices due 1 to 60 days before `asOf`, written straight into the tables. */
async function loadInvoices(prisma: PrismaService, asOf: string): Promise<void> {
  const day = DateTime.fromISO(asOf, { zone: 'utc' });
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
    id: randomUUID(),
    ref: `cliente-${i}`,
    name: `Cliente ${i} S.R.L.`,
    docType: 'DNI',
    docNumber: String(20_000_000 + i),
    ivaCondition: 'CONSUMIDOR_FINAL',
    address: `Calle ${i} 123, CABA`,
    email: `pagos${i}@cliente${i}.com.ar`,
  }));
  for (let i = 0; i < customers.length; i += BATCH) await prisma.client.customer.createMany({ data: customers.slice(i, i + BATCH) });
  for (let from = 0; from < INVOICES; from += BATCH) {
    const invoices = [];
    const items = [];
    for (let n = from; n < Math.min(INVOICES, from + BATCH); n++) {
      const id = randomUUID();
      const netCents = 10_000 + ((n * 7919) % 5_000_000);
      const ivaCents = Math.round(netCents * 0.21);
      const due = day.minus({ days: 1 + (n % 60) });
      invoices.push({
        id, kind: 'FACTURA', letter: 'B', voucherCode: 6, pointOfSale: 1, number: n + 1,
        issueDate: due.minus({ days: 30 }).toISODate()!, dueDate: due.toISODate()!, customerId: customers[n % CUSTOMERS].id,
        currency: 'PES', exchangeRate: '1', netTotal: cents(netCents), ivaTotal: cents(ivaCents), total: cents(netCents + ivaCents),
        cae: '70123456789012', caeDueDate: due.toISODate()!, balanceCents: BigInt(netCents + ivaCents),
      });
      items.push({ invoiceId: id, position: 0, description: 'Tornillos 3/8', quantity: '1', unitPrice: cents(netCents), ivaRate: '21', lineNet: cents(netCents) });
    }
    await prisma.client.invoice.createMany({ data: invoices });
    await prisma.client.invoiceItem.createMany({ data: items });
  }
}

/** Today in Buenos Aires if it is a business day, else the last one before (the API refuses a run as of any other day). */
function lastBusinessDay(): string {
  const calendar = new BusinessCalendar();
  let day = DateTime.fromISO(todayIn('America/Argentina/Buenos_Aires', new Date()));
  while (!calendar.isBusinessDay(day.toISODate()!)) day = day.minus({ days: 1 });
  return day.toISODate()!;
}

async function api(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const request = () =>
    fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // A kept-alive socket the server closed as idle (the load takes longer than its keep-alive) fails once; the next one is fresh.
  const res = await request().catch(request);
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

function cents(value: number): string {
  return (value / 100).toFixed(2);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
