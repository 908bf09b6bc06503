import 'reflect-metadata';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../src/config/load-config';
import { PrismaService } from '../../src/database/prisma.service';
import { ChromiumPool } from '../../src/pdf/chromium-pool';
import { InvoicePdfRenderer } from '../../src/pdf/invoice-pdf.renderer';
import { InvoicePdfService } from '../../src/pdf/invoice-pdf.service';
import { RenderedPdfRepository } from '../../src/pdf/rendered-pdf.repository';
import { typicalInvoice } from '../fixtures/invoice-documents';
import { chromiumBrowsers, chromiumProcesses, executable, pssMb } from '../pdf/process-tree';
import { ms, percentile } from './bench-stats';

/**
 * `npm run bench:pdf`: what one invoice PDF costs on this machine with the
 * engine the app finds (chromium-headless-shell unless CHROMIUM_PATH says
 * otherwise), against the targets of the PDF engine issue, beside the full
 * `chromium` fallback and two peers (a Chromium process per PDF, wkhtmltopdf)
 * rendering the same HTML in the same run. The machine is shared: what is
 * compared is measured in turn, and the header prints the load average.
 */
const run = promisify(execFile);
const WARM_RUNS = 60;
const POOLED_RUNS = 120;
/** Throughput is measured in this many blocks per contender, taken in turn. */
const BLOCKS = 4;
const CACHED_RUNS = 200;
const PEER_RUNS = 10;
/** The pool's default size: peers that can run in parallel are given as many processes. */
const PARALLEL = 2;
const FALLBACK_CHROMIUM = '/usr/bin/chromium';
const API_TOKEN = 'bench-token-'.padEnd(24, 'x');

Logger.overrideLogger(['warn', 'error']);

const config = loadConfig({ API_TOKEN, CHROMIUM_PATH: process.env.CHROMIUM_PATH });
const doc = typicalInvoice();

interface Row {
  metric: string;
  value: string;
  target?: string;
  met?: boolean;
}

interface Peak {
  total: number;
  node: number;
  chromium: number;
}

/** Filled in while the engine runs: the binary behind a wrapper script such as Debian's. */
let engineBinary = '';

async function main(): Promise<void> {
  const rows: Row[] = [];
  const work = mkdtempSync(join(tmpdir(), 'pdf-bench-'));
  try {
    // For reading the memory rows: what node holds before any work, of which
    // the swc-node loader (absent from the compiled app) is ~70 MB.
    rows.push({ metric: 'node at start (modules, swc-node loader)', value: `${pssMb([process.pid]).toFixed(0)} MB PSS` });

    // Cold: launch + first PDF, through the renderer as the app does it.
    let pool = new ChromiumPool(config, { size: PARALLEL });
    let started = performance.now();
    const firstPdf = await new InvoicePdfRenderer(pool).render(doc);
    rows.push({ metric: 'cold start (launch + first PDF)', value: ms(performance.now() - started) });
    const browser = chromiumBrowsers()[0];
    engineBinary = (browser && executable(browser.pid)) ?? '';

    // Warm, sequential, PDF by PDF in turn with the full chromium fallback
    // so both see the same machine load (the box is shared): HTML (Liquid +
    // QR) and PDF on an already open page.
    const fallback =
      existsSync(FALLBACK_CHROMIUM) && FALLBACK_CHROMIUM !== config.chromiumPath
        ? new ChromiumPool(loadConfig({ API_TOKEN, CHROMIUM_PATH: FALLBACK_CHROMIUM }), { size: PARALLEL })
        : null;
    const htmlFile = join(work, 'invoice.html');
    writeFileSync(htmlFile, await new InvoicePdfRenderer(pool).renderHtml(doc));
    let ours = 0;
    try {
      if (fallback) await new InvoicePdfRenderer(fallback).render(doc);
      const warm = await warmRuns([pool, fallback], WARM_RUNS);
      const p50 = percentile(warm[0], 50);
      rows.push({ metric: `warm p50 (sequential, ${WARM_RUNS} PDFs)`, value: ms(p50), target: '≤ 60 ms', met: p50 <= 60 });
      rows.push({ metric: 'warm p95', value: ms(percentile(warm[0], 95)) });
      if (fallback) {
        rows.push({ metric: `  fallback ${FALLBACK_CHROMIUM}, in turn`, value: `p50 ${ms(percentile(warm[1], 50))}, p95 ${ms(percentile(warm[1], 95))}` });
      }

      // Throughput in blocks taken in turn: our pool, the fallback's, and
      // wkhtmltopdf (a process per PDF) with PARALLEL processes at once, as
      // many as the pool has pages, so every side uses both cores.
      const contenders: Contender[] = [
        { per: POOLED_RUNS / BLOCKS, run: (n) => renderMany(pool, n) },
        { per: PEER_RUNS, run: (n) => inParallel(n, PARALLEL, (i) => run('wkhtmltopdf', ['--quiet', htmlFile, join(work, `wk-${i % PARALLEL}.pdf`)])) },
        ...(fallback ? [{ per: POOLED_RUNS / BLOCKS, run: (n: number) => renderMany(fallback, n) }] : []),
      ];
      const [oursPerSecond, wkPerSecond, fallbackPerSecond] = await inTurn(contenders);
      ours = oursPerSecond;
      rows.push({ metric: `pooled throughput, ${PARALLEL} pages (${POOLED_RUNS} PDFs)`, value: `${ours.toFixed(1)} PDFs/s`, target: '≥ 20 PDFs/s', met: ours >= 20 });
      rows.push({ metric: `  wkhtmltopdf, ${PARALLEL} processes at once, in turn`, value: `${wkPerSecond.toFixed(1)} PDFs/s` });
      rows.push({ metric: '  ratio ours / wkhtmltopdf', value: `${(ours / wkPerSecond).toFixed(1)}×`, target: '≥ 3×', met: ours / wkPerSecond >= 3 });
      if (fallbackPerSecond) {
        rows.push({ metric: `  fallback ${FALLBACK_CHROMIUM}, in turn`, value: `${fallbackPerSecond.toFixed(1)} PDFs/s (ours ${(ours / fallbackPerSecond).toFixed(1)}×)` });
      }
    } finally {
      await fallback?.close();
    }

    // Memory with the engine alone, sampled while every page is busy.
    for (const size of [PARALLEL, 4]) {
      if (size !== pool.size) {
        await pool.close();
        pool = new ChromiumPool(config, { size });
      }
      const { perSecond, peak } = await pooledRun(pool);
      const isDefault = size === PARALLEL;
      if (!isDefault) rows.push({ metric: `pooled throughput, ${size} pages`, value: `${perSecond.toFixed(1)} PDFs/s` });
      rows.push({
        metric: `peak memory, node + Chromium (PSS), ${size} pages`,
        value: `${peak.total.toFixed(0)} MB (node ${peak.node.toFixed(0)} + Chromium ${peak.chromium.toFixed(0)})`,
        ...(isDefault ? { target: '≤ 600 MB', met: peak.total <= 600 } : {}),
      });
    }
    await pool.close();

    // Cached repeat: InvoicePdfService on a temp SQLite, stored PDF served.
    pool = new ChromiumPool(config, { size: PARALLEL });
    const prisma = new PrismaService(loadConfig({ API_TOKEN, DATABASE_URL: `file:${join(work, 'bench.db')}` }));
    await prisma.onModuleInit();
    const customer = await prisma.client.customer.create({
      data: { ref: 'bench', name: doc.customer.name, docType: doc.customer.docType, ivaCondition: doc.customer.ivaCondition },
    });
    await prisma.client.invoice.create({
      data: {
        id: doc.id, kind: doc.kind, letter: doc.letter, voucherCode: doc.voucherCode, pointOfSale: doc.pointOfSale,
        number: doc.number, issueDate: doc.issueDate, customerId: customer.id, netTotal: doc.netTotal,
        ivaTotal: doc.ivaTotal, total: doc.total,
      },
    });
    const service = new InvoicePdfService(new InvoicePdfRenderer(pool), new RenderedPdfRepository(prisma));
    await service.getPdf(doc);
    const cached: number[] = [];
    for (let i = 0; i < CACHED_RUNS; i++) {
      started = performance.now();
      const pdf = await service.getPdf(doc);
      cached.push(performance.now() - started);
      if (!pdf.cached) throw new Error('expected a cached PDF');
    }
    const cachedP50 = percentile(cached, 50);
    rows.push({ metric: `cached repeat p50 (getPdf, SQLite, ${CACHED_RUNS}×)`, value: ms(cachedP50), target: '≤ 5 ms', met: cachedP50 <= 5 });
    rows.push({ metric: 'cached repeat p95', value: ms(percentile(cached, 95)) });
    await pool.close();
    await prisma.onApplicationShutdown();

    // A Chromium process per PDF, the engine's own --print-to-pdf.
    const profile = join(work, 'profile');
    const perProcess = await timeRuns(PEER_RUNS, () =>
      run(config.chromiumPath, [
        '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${profile}`,
        `--print-to-pdf=${join(work, 'chromium.pdf')}`, htmlFile,
      ]),
    );
    const perProcessRatio = perProcess / (1000 / ours);
    rows.push({ metric: 'peer: engine process per PDF (one at a time)', value: `${ms(perProcess)} per PDF` });
    rows.push({ metric: '  ratio peer / ours (pooled, 2 pages)', value: `${perProcessRatio.toFixed(1)}×`, target: '≥ 8×', met: perProcessRatio >= 8 });
    rows.push({ metric: 'PDF size', value: `${(firstPdf.length / 1024).toFixed(0)} KB (engine CLI ${kb(join(work, 'chromium.pdf'))}, wkhtmltopdf ${kb(join(work, 'wk-0.pdf'))})` });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  print(rows);
}

/** One PDF at a time, taking the pools in turn; each pool's times. */
async function warmRuns(pools: (ChromiumPool | null)[], runs: number): Promise<number[][]> {
  const renderers = pools.flatMap((pool) => (pool ? [new InvoicePdfRenderer(pool)] : []));
  const times = renderers.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [n, renderer] of renderers.entries()) {
      const started = performance.now();
      await renderer.render(doc);
      times[n].push(performance.now() - started);
    }
  }
  return times;
}

interface Contender {
  /** PDFs per block. */
  per: number;
  run: (pdfs: number) => Promise<unknown>;
}

/** BLOCKS blocks of each contender, taken in turn after one warm-up block each; PDFs per second each. */
async function inTurn(contenders: Contender[]): Promise<number[]> {
  for (const c of contenders) await c.run(PARALLEL);
  const spent = contenders.map(() => 0);
  for (let b = 0; b < BLOCKS; b++) {
    for (const [n, c] of contenders.entries()) {
      const started = performance.now();
      await c.run(c.per);
      spent[n] += performance.now() - started;
    }
  }
  return contenders.map((c, n) => (c.per * BLOCKS) / (spent[n] / 1000));
}

function renderMany(pool: ChromiumPool, pdfs: number): Promise<unknown> {
  const renderer = new InvoicePdfRenderer(pool);
  return Promise.all(Array.from({ length: pdfs }, () => renderer.render(doc)));
}

/**
 * Throughput with every page busy, memory sampled over node and the
 * Chromium tree meanwhile. Reading smaps_rollup costs CPU on a 2-core box:
 * sample every 200 ms and list the processes once a second.
 */
async function pooledRun(pool: ChromiumPool): Promise<{ perSecond: number; peak: Peak }> {
  const renderer = new InvoicePdfRenderer(pool);
  await Promise.all(Array.from({ length: pool.size }, () => renderer.render(doc)));
  const peak: Peak = { total: 0, node: 0, chromium: 0 };
  let pids: number[] = [];
  let listedAt = 0;
  const sampler = setInterval(() => {
    if (Date.now() - listedAt > 1000) {
      pids = chromiumProcesses().map((p) => p.pid);
      listedAt = Date.now();
    }
    const node = pssMb([process.pid]);
    const chromium = pssMb(pids);
    if (node + chromium > peak.total) Object.assign(peak, { total: node + chromium, node, chromium });
  }, 200);
  try {
    const started = performance.now();
    await Promise.all(Array.from({ length: POOLED_RUNS }, () => renderer.render(doc)));
    return { perSecond: POOLED_RUNS / ((performance.now() - started) / 1000), peak };
  } finally {
    clearInterval(sampler);
  }
}

async function timeRuns(runs: number, once: () => Promise<unknown>): Promise<number> {
  await once(); // page cache and fonts warm, as for our pool
  const started = performance.now();
  for (let i = 0; i < runs; i++) await once();
  return (performance.now() - started) / runs;
}

/** `total` runs of `once`, `parallel` at a time. */
async function inParallel(total: number, parallel: number, once: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < total; i = next++) await once(i);
    }),
  );
}

function kb(file: string): string {
  return `${(statSync(file).size / 1024).toFixed(0)} KB`;
}

function print(rows: Row[]): void {
  const version = execFileSync(config.chromiumPath, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  const behind = engineBinary && engineBinary !== config.chromiumPath ? ` (runs ${engineBinary})` : '';
  console.log(`\nInvoice PDF benchmark — Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`Engine: ${config.chromiumPath}${behind}, ${version}`);
  console.log(`Document: Factura A, ${doc.items.length} items, AFIP QR, 1 page\n`);
  const widths = [
    Math.max(...rows.map((r) => r.metric.length)),
    Math.max(...rows.map((r) => r.value.length)),
    Math.max(6, ...rows.map((r) => (r.target ?? '').length)),
  ];
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 3)).join(' | ')} |`;
  console.log(line(['metric', 'value', 'target', 'met']));
  console.log(line(widths.map((w) => '-'.repeat(w)).concat('---')));
  for (const r of rows) console.log(line([r.metric, r.value, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']));
  const missed = rows.filter((r) => r.met === false);
  console.log(missed.length ? `\n${missed.length} target(s) missed.` : '\nAll targets met.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
