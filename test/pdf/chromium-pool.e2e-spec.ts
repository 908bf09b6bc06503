import 'reflect-metadata';
import { ChromiumPool, RenderTimeoutError } from '../../src/pdf/chromium-pool';
import { pdfText } from './poppler';
import { chromiumBrowserPid, chromiumBrowsers, chromiumProcesses, chromiumRenderers, isAlive } from './process-tree';
import { allExited, config } from './pdf-test-setup';

jest.setTimeout(60_000);

describe(ChromiumPool.name, () => {
  const html = (word: string) => `<!DOCTYPE html><meta charset="utf-8"><p>${word}</p>`;

  it('renders concurrently on its pages and reuses one browser', async () => {
    const pool = new ChromiumPool(config, { size: 2 });
    try {
      const pdfs = await Promise.all(['uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis'].map((w) => pool.renderPdf(html(w))));
      expect(await pdfText(pdfs[5])).toBe('seis');
      expect(chromiumBrowsers()).toHaveLength(1);
      expect(chromiumRenderers().length).toBeLessThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });

  it('relaunches Chromium after it dies and retries the render that failed', async () => {
    const pool = new ChromiumPool(config, { size: 1 });
    try {
      await pool.renderPdf(html('antes'));
      const first = chromiumBrowserPid();
      expect(first).not.toBeNull();

      // Killed while a render is in flight: that render must still succeed.
      const inFlight = pool.renderPdf(html('durante'.repeat(2000)));
      process.kill(first!, 'SIGKILL');
      expect((await pdfText(await inFlight)).startsWith('durante')).toBe(true);

      const second = chromiumBrowserPid();
      expect(second).not.toBeNull();
      expect(second).not.toBe(first);
      expect(await pdfText(await pool.renderPdf(html('después')))).toBe('después');
    } finally {
      await pool.close();
    }
  });

  it('aborts a render past the hard timeout and keeps serving', async () => {
    const before = new Set(chromiumProcesses().map((p) => p.pid));
    const pool = new ChromiumPool(config, { size: 1, renderTimeoutMs: 2_000 });
    let frozen: number[] = [];
    try {
      await pool.renderPdf(html('antes'));
      // The page's renderer stopped (SIGSTOP) never answers: the render
      // hangs whatever the machine's load, and only the hard limit ends it.
      frozen = chromiumRenderers().filter((p) => !before.has(p.pid)).map((p) => p.pid);
      expect(frozen).toHaveLength(1);
      process.kill(frozen[0], 'SIGSTOP');
      await expect(pool.renderPdf(html('colgado'))).rejects.toBeInstanceOf(RenderTimeoutError);
      // The next render gets a fresh page in a renderer of its own.
      expect(await pdfText(await pool.renderPdf(html('sigue')))).toBe('sigue');
    } finally {
      // A stopped process would not notice its browser is gone.
      for (const pid of frozen) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      await pool.close();
    }
  });

  it('leaves no Chromium process behind when closed', async () => {
    const before = new Set(chromiumProcesses().map((p) => p.pid));
    const pool = new ChromiumPool(config, { size: 2 });
    await Promise.all([pool.renderPdf(html('a')), pool.renderPdf(html('b'))]);
    const started = chromiumProcesses().filter((p) => !before.has(p.pid));
    expect(started.length).toBeGreaterThan(2);
    await pool.onApplicationShutdown();
    await allExited(started.map((p) => p.pid), 'every Chromium process to exit');
    expect(chromiumProcesses().filter((p) => !before.has(p.pid))).toEqual([]);
    await expect(pool.renderPdf(html('c'))).rejects.toThrow(/closed/);
  });
});
