import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findChromium } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { ChromiumPool } from '../../src/pdf/chromium-pool';
import { InvoicePdfRenderer } from '../../src/pdf/invoice-pdf.renderer';
import { typicalInvoice } from '../fixtures/invoice-documents';
import { pdfText } from './poppler';
import { chromiumBrowsers, executable } from './process-tree';

jest.setTimeout(60_000);

const run = promisify(execFile);
const SHELL = '/usr/bin/chromium-headless-shell';
const FULL = '/usr/bin/chromium';
const API_TOKEN = 'x'.repeat(20);

/** Font name (subset prefix dropped), type and embedding, as pdffonts lists them. */
async function fonts(pdf: Buffer): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-fonts-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    const { stdout } = await run('pdffonts', [join(dir, 'doc.pdf')]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => line.replace(/^[A-Z]{6}\+/, '').replace(/\s+\d+\s+\d+\s*$/, '').replace(/\s+/g, ' '));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function render(chromiumPath: string): Promise<{ pdf: Buffer; binary: string | null }> {
  const pool = new ChromiumPool(loadConfig({ API_TOKEN, CHROMIUM_PATH: chromiumPath }), { size: 1 });
  try {
    const pdf = await new InvoicePdfRenderer(pool).render(typicalInvoice());
    const browsers = chromiumBrowsers();
    return { pdf, binary: browsers.length === 1 ? executable(browsers[0].pid) : null };
  } finally {
    await pool.close();
  }
}

describe('PDF engine', () => {
  it('is chromium-headless-shell when installed, full chromium otherwise, CHROMIUM_PATH over both', () => {
    expect(loadConfig({ API_TOKEN }).chromiumPath).toBe(SHELL);
    expect(findChromium(['/nonexistent/chromium-headless-shell', FULL])).toBe(FULL);
    expect(loadConfig({ API_TOKEN, CHROMIUM_PATH: FULL }).chromiumPath).toBe(FULL);
  });

  it('prints with the headless shell the same text and fonts as the full browser', async () => {
    const shell = await render(loadConfig({ API_TOKEN }).chromiumPath);
    const full = await render(FULL);
    // Debian's wrapper script runs the real binaries from /usr/lib/chromium.
    expect(shell.binary).toBe('/usr/lib/chromium/chromium-headless-shell');
    expect(full.binary).toBe('/usr/lib/chromium/chromium');

    const text = await pdfText(shell.pdf);
    expect(text).toContain('Importe Total: $');
    expect(text).toContain('Fecha de Vto. de CAE:');
    expect(text).toBe(await pdfText(full.pdf));
    const used = await fonts(shell.pdf);
    expect(used.length).toBeGreaterThan(0);
    for (const font of used) expect(font).toMatch(/^Liberation\S* CID TrueType Identity-H yes yes yes$/);
    expect(used).toEqual(await fonts(full.pdf));
  });
});
