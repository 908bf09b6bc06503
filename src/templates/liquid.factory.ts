import { resolve } from 'node:path';
import { Liquid } from 'liquidjs';
import { formatDateAr, formatMoneyAr, formatNumberAr, formatQuantityAr } from '../common/format';

/** `templates/` at the top of the project, from src/templates or dist/templates. */
export const TEMPLATES_DIR = resolve(__dirname, '..', '..', 'templates');

export interface SafeLiquidOptions {
  /** Escape every output for HTML (opt out with `| raw`). */
  html: boolean;
}

/**
 * A liquidjs engine fit for templates people write: only own properties are
 * readable, unknown filters are errors, and parse/render time and memory are
 * bounded so a hostile template cannot hang or exhaust the process. Files are
 * read from templates/ only.
 */
export function createSafeLiquid({ html }: SafeLiquidOptions): Liquid {
  const engine = new Liquid({
    root: [TEMPLATES_DIR],
    partials: [TEMPLATES_DIR],
    layouts: [TEMPLATES_DIR],
    extname: '.liquid',
    relativeReference: false,
    cache: true,
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: true,
    lenientIf: true,
    outputEscape: html ? 'escape' : undefined,
    parseLimit: 200_000,
    renderLimit: 2_000,
    memoryLimit: 20_000_000,
  });
  engine.registerFilter('money', (v: string, currency?: string) => formatMoneyAr(v ?? '0', currency ?? 'PES'));
  engine.registerFilter('number_ar', (v: string, decimals?: number) => formatNumberAr(v ?? '0', decimals ?? 2));
  engine.registerFilter('quantity_ar', (v: string) => formatQuantityAr(v ?? '0'));
  engine.registerFilter('date_ar', (v: string | null, sep?: '/' | '-') => formatDateAr(v, sep ?? '/'));
  return engine;
}
