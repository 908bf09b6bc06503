import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

const run = promisify(execFile);

/** Runs a poppler tool on the PDF bytes (written to a temp file: poppler wants a path). */
async function withPdfFile<T>(pdf: Buffer, use: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-test-'));
  try {
    const path = join(dir, 'doc.pdf');
    await writeFile(path, pdf);
    return await use(path, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * pdftotext, whitespace collapsed to single spaces so assertions read like
 * the printed line ("IVA 21%: $ 13.705,65"). Layout mode keeps table rows on
 * one line; reading order (layout false) keeps a wrapped cell in one piece.
 */
export async function pdfText(pdf: Buffer, page?: number, { layout = true } = {}): Promise<string> {
  return withPdfFile(pdf, async (path) => {
    const range = page ? ['-f', String(page), '-l', String(page)] : [];
    const { stdout } = await run('pdftotext', [...(layout ? ['-layout'] : []), ...range, path, '-']);
    return stdout.replace(/\s+/g, ' ').trim();
  });
}

export async function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  return withPdfFile(pdf, async (path) => {
    const { stdout } = await run('pdfinfo', [path]);
    return Object.fromEntries(
      stdout
        .split('\n')
        .filter((line) => line.includes(':'))
        .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
    );
  });
}

export async function pageCount(pdf: Buffer): Promise<number> {
  return Number((await pdfInfo(pdf)).Pages);
}

/** Rasterises one page at 150 dpi and decodes the QR code on it; null when none is found. */
export async function decodeQr(pdf: Buffer, page = 1): Promise<string | null> {
  return withPdfFile(pdf, async (path, dir) => {
    const out = join(dir, 'page');
    await run('pdftoppm', ['-png', '-r', '150', '-f', String(page), '-l', String(page), '-singlefile', path, out]);
    const png = PNG.sync.read(await readFile(`${out}.png`));
    const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength);
    return jsQR(pixels, png.width, png.height)?.data ?? null;
  });
}

/** The JSON text inside an AFIP QR URL (`…/fe/qr/?p=<base64>`). */
export function afipQrPayload(url: string): string {
  const p = new URL(url).searchParams.get('p');
  if (!p) throw new Error(`no p= parameter in ${url}`);
  return Buffer.from(p, 'base64').toString('utf8');
}
