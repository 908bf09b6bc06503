import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AppConfig } from '../config/app-config';

export interface ChromiumPoolOptions {
  /** Pages that render at the same time (default 2: one per core here). */
  size?: number;
  /** Hard limit for one render, setContent + print, in ms (default 15 s). */
  renderTimeoutMs?: number;
}

/** Nest token for ChromiumPoolOptions; unset means the defaults. */
export const CHROMIUM_POOL_OPTIONS = 'CHROMIUM_POOL_OPTIONS';

/**
 * Chromium keeps only the last `--disable-features`/`--enable-features` it is
 * given, so ours repeat the features Playwright turns off or on by default
 * (startup requests to Google, HTTPS upgrades that break routing, …).
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];
const PLAYWRIGHT_ENABLED_FEATURES = ['CDPScreenshotNewSurface', 'SkipListAccountsWithoutGaiaCookies'];

/**
 * One set for both engines the config may pick: chromium-headless-shell
 * (the default; flags about the full browser's UI are harmless there) and full
 * `chromium` (the fallback). The first eight flags are the set that behaves
 * on a closed network and in a container (no sandbox, no /dev/shm, no
 * background requests). The rest were measured with `npm run bench:pdf` on
 * full `chromium` (savings per browser, 2 pages):
 * - WebUIOmniboxPopup/WebUIOmniboxAimPopup: new headless opens a real window
 *   whose omnibox popups preload in their own renderer, ~50 MB for nothing;
 * - --in-process-gpu and NetworkServiceInProcess2: two helper processes
 *   fewer, ~30 MB, no measurable cost in speed for software-only printing;
 * - --disable-software-rasterizer: SwiftShader (WebGL) is never needed, ~14 MB;
 * - --disable-crashpad-for-testing: otherwise two crash handlers start,
 *   detached to init (outside our process tree, so they look orphaned),
 *   to keep reports that nobody can send from a closed network;
 * - SpareRendererForSitePerProcess: no pre-started idle renderer.
 * Not used: --renderer-process-limit (pages sharing a renderer also share a
 * runaway layout, defeating the per-render timeout), --no-zygote (renderers
 * stop sharing memory and grow), --single-process (unstable).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-crashpad-for-testing',
  '--in-process-gpu',
  '--disable-software-rasterizer',
  `--disable-features=${[
    ...PLAYWRIGHT_DISABLED_FEATURES,
    'WebUIOmniboxPopup',
    'WebUIOmniboxAimPopup',
    'SpareRendererForSitePerProcess',
  ].join(',')}`,
  `--enable-features=${[...PLAYWRIGHT_ENABLED_FEATURES, 'NetworkServiceInProcess2'].join(',')}`,
];

export class RenderTimeoutError extends Error {
  constructor(ms: number) {
    super(`PDF render took longer than ${ms} ms`);
  }
}

interface Session {
  browser: Browser;
  context: BrowserContext;
}

interface SlotPage {
  session: Session;
  page: Page;
  crashed: boolean;
}

/**
 * One headless Chromium per process, launched on first use, and a fixed set
 * of reusable pages: a new page costs ~300 ms, a reused one renders in a
 * fraction of that. Pages are sealed (no JavaScript, every non-data: request
 * aborted), so a document can never fetch anything.
 */
@Injectable()
export class ChromiumPool implements OnApplicationShutdown {
  private readonly logger = new Logger('ChromiumPool');
  private readonly renderTimeoutMs: number;
  private readonly slots: (SlotPage | null)[];
  private readonly freeSlots: number[];
  private readonly waiting: ((slot: number) => void)[] = [];
  private launching: Promise<Session> | null = null;
  private closed = false;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(CHROMIUM_POOL_OPTIONS) options: ChromiumPoolOptions = {},
  ) {
    const size = Math.max(1, Math.floor(options.size ?? 2));
    this.renderTimeoutMs = options.renderTimeoutMs ?? 15_000;
    this.slots = Array.from({ length: size }, () => null);
    this.freeSlots = Array.from({ length: size }, (_, i) => size - 1 - i);
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * HTML in, A4 PDF out. Waits for a free page when all are busy.
   * `extraTimeoutMs` lengthens the hard limit for a document known to run to
   * many pages (an account statement of thousands of documents).
   */
  async renderPdf(html: string, { extraTimeoutMs = 0 }: { extraTimeoutMs?: number } = {}): Promise<Buffer> {
    if (this.closed) throw new Error('ChromiumPool is closed');
    const limitMs = this.renderTimeoutMs + Math.max(0, extraTimeoutMs);
    const slot = await this.acquire();
    try {
      try {
        return await this.renderOn(slot, html, limitMs);
      } catch (error) {
        // A timeout would most likely time out again; a dead page or browser
        // is worth one more try on a fresh one.
        if (this.closed || error instanceof RenderTimeoutError || !this.lost(slot, error)) throw error;
        this.logger.warn(`Chromium page or browser went away during a render, retrying once: ${String(error)}`);
        this.discard(slot);
        return await this.renderOn(slot, html, limitMs);
      }
    } finally {
      this.release(slot);
    }
  }

  /** Last step of shutdown, once requests and sends in flight are done with their PDFs. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Closes the browser and waits for its processes to exit. */
  async close(): Promise<void> {
    this.closed = true;
    const launching = this.launching;
    this.launching = null;
    const session = await launching?.catch(() => null);
    await session?.browser.close().catch(() => undefined);
  }

  private async renderOn(slot: number, html: string, limitMs: number): Promise<Buffer> {
    const attempt = { timedOut: false };
    const printing = this.pageFor(slot, attempt).then(({ page }) => this.print(page, html, limitMs));
    // The race's loser must not surface as an unhandled rejection.
    printing.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        attempt.timedOut = true;
        reject(new RenderTimeoutError(limitMs));
      }, limitMs);
    });
    try {
      return await Promise.race([printing, timeout]);
    } catch (error) {
      // Closing the page is what stops a runaway layout: its renderer
      // process is its own, so Chromium can drop it without waiting.
      if (error instanceof RenderTimeoutError) this.discard(slot);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async print(page: Page, html: string, limitMs: number): Promise<Buffer> {
    // 'load' rather than 'networkidle': resources are data: URIs only, so
    // there is no network to wait for once images are decoded.
    await page.setContent(html, { waitUntil: 'load', timeout: limitMs });
    return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  }

  private async pageFor(slot: number, attempt: { timedOut: boolean }): Promise<SlotPage> {
    const session = await this.liveSession();
    const current = this.slots[slot];
    if (current && current.session === session && !current.crashed && !current.page.isClosed()) return current;
    this.discard(slot);
    const page = await session.context.newPage();
    if (attempt.timedOut) {
      // The slot has moved on to another render: this page is nobody's.
      await page.close().catch(() => undefined);
      throw new RenderTimeoutError(this.renderTimeoutMs);
    }
    const fresh: SlotPage = { session, page, crashed: false };
    page.on('crash', () => {
      fresh.crashed = true;
    });
    this.slots[slot] = fresh;
    return fresh;
  }

  /** The running browser, launching one when there is none or it died. */
  private async liveSession(): Promise<Session> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new Error('ChromiumPool is closed');
      const launching = (this.launching ??= this.launch());
      let session: Session;
      try {
        session = await launching;
      } catch (error) {
        if (this.launching === launching) this.launching = null;
        throw error;
      }
      if (session.browser.isConnected() || attempt > 0) return session;
      if (this.launching === launching) this.launching = null;
    }
  }

  private async launch(): Promise<Session> {
    const started = Date.now();
    const browser = await chromium.launch({
      executablePath: this.config.chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
      // Playwright would close the browser on these signals itself, under
      // the renders in flight; the app's shutdown closes it once they are done.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    browser.on('disconnected', () => {
      if (!this.closed) this.logger.warn('Chromium disconnected; the next render relaunches it');
    });
    try {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        serviceWorkers: 'block',
        locale: 'es-AR',
        // Printing lays out at the page size, never the screen viewport; a
        // small one only shrinks the frame buffers Chromium keeps per page
        // (~30 MB over 4 pages, identical PDFs).
        viewport: { width: 200, height: 200 },
      });
      await context.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
      );
      this.logger.log(`Chromium launched in ${Date.now() - started} ms (${this.size} pages)`);
      return { browser, context };
    } catch (error) {
      await browser.close().catch(() => undefined);
      throw error;
    }
  }

  private lost(slot: number, error: unknown): boolean {
    const current = this.slots[slot];
    if (!current || current.crashed || current.page.isClosed() || !current.session.browser.isConnected()) return true;
    // Playwright may reject before its crash/disconnect events have run.
    return /has been closed|crashed|disconnected/i.test(String(error));
  }

  private discard(slot: number): void {
    const current = this.slots[slot];
    this.slots[slot] = null;
    if (current && !current.page.isClosed()) current.page.close().catch(() => undefined);
  }

  private acquire(): Promise<number> {
    const free = this.freeSlots.pop();
    if (free !== undefined) return Promise.resolve(free);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.freeSlots.push(slot);
  }
}
