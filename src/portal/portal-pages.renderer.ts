import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Template } from 'liquidjs';
import { createSafeLiquid, TEMPLATES_DIR } from '../templates/liquid.factory';
import { INVOICE_KINDS } from '../invoices/voucher';
import type { PortalPageView } from './portal-page.view';
import type { PortalFilterProblem } from './portal-query';
import { RowTemplate } from './portal-row.template';

const PORTAL_TEMPLATES = join(TEMPLATES_DIR, 'portal');

/**
 * The portal's HTML: templates/portal/*.liquid with HTML escaping on. The
 * stylesheet is one file whose SHA-256 the Content-Security-Policy allows,
 * so the pages need no nonce and can run no script. Pages without data
 * (404, portal off, 429, 5xx) are rendered once and served as they are.
 */
@Injectable()
export class PortalPages {
  private readonly engine = createSafeLiquid({ html: true });
  private readonly styles = readFileSync(join(PORTAL_TEMPLATES, 'portal.css'), 'utf8');
  private readonly pageTemplate = this.parse('page');
  /** Kind of document or state → its name, and what an empty cell shows, from templates/portal/labels.liquid. */
  private readonly labels = this.renderLabels([...INVOICE_KINDS, 'pagada', 'pendiente', 'vencida', 'aplicada', 'a_favor', 'sin_dato']);
  private readonly rowTemplate = new RowTemplate(this.engine, ...this.source('row'), [
    'issueDate', 'kindLabel', 'letter', 'displayNumber', 'dueDate', 'total', 'paid', 'balance', 'state', 'stateLabel', 'pdfUrl',
  ] as const);
  private readonly invalidFilterTemplate = this.parse('invalid-filter');

  /** Sent with every portal response, pages and PDFs alike. */
  readonly contentSecurityPolicy = [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(this.styles).digest('base64')}'`,
    'img-src data:',
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

  readonly notFound = this.renderStatic('not-found');
  readonly notAvailable = this.renderStatic('not-available');
  readonly tooManyRequests = this.renderStatic('too-many-requests');
  readonly unavailable = this.renderStatic('unavailable');

  page(view: PortalPageView): string {
    const none = this.labels.sin_dato;
    const rowsHtml = this.rowTemplate.render(
      view.rows.map((row) => ({
        ...row,
        kindLabel: this.labels[row.kind],
        dueDate: row.dueDate ?? none,
        paid: row.paid ?? none,
        stateLabel: this.labels[row.state],
      })),
    );
    return this.render(this.pageTemplate, { ...view, rowsHtml });
  }

  invalidFilter(problem: PortalFilterProblem, backUrl: string): string {
    return this.render(this.invalidFilterTemplate, { problem, backUrl });
  }

  private parse(name: string): Template[] {
    return this.engine.parse(...this.source(name));
  }

  private source(name: string): [text: string, file: string] {
    const file = join(PORTAL_TEMPLATES, `${name}.liquid`);
    return [readFileSync(file, 'utf8'), file];
  }

  private renderLabels(keys: string[]): Record<string, string> {
    const template = this.parse('labels');
    return Object.fromEntries(keys.map((key) => [key, this.engine.renderSync(template, { key }) as string]));
  }

  private renderStatic(name: string): string {
    return this.render(this.parse(name), {});
  }

  private render(template: Template[], data: object): string {
    // Synchronous: no I/O once parsed, and no half-rendered pages pile up.
    return this.engine.renderSync(template, { ...data, styles: this.styles }) as string;
  }
}
