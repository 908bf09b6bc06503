import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { CompanyService } from '../company/company.service';
import type { CompanyRecord } from '../company/company.repository';
import { AppConfig } from '../config/app-config';
import type { CustomerRecord } from '../customers/customers.repository';
import { PortalLinkService } from '../customers/portal-link.service';
import { InvoiceLedgerService } from '../invoices/invoice-ledger.service';
import { InvoicesService } from '../invoices/invoices.service';
import type { InvoicePdf } from '../pdf/invoice-pdf.service';
import { StatementPdf, StatementPdfRenderer } from '../pdf/statement-pdf.renderer';
import { buildPortalPageView, PortalLinks, PortalPageView } from './portal-page.view';
import type { PortalFilters } from './portal-query';

export const PORTAL_PAGE_SIZE = 50;

/** Unknown, revoked or rotated link, a foreign or unknown document, any other path: the one 404 page. */
export class PortalNotFoundError extends Error {}
/** The company turned the portal off (or has not been set up). */
export class PortalClosedError extends Error {}
/** Something on our side (Chromium) failed: a 503 page, details in the log. */
export class PortalUnavailableError extends Error {}

/** What a token opens: its customer, the company, and the links below the token. */
export interface PortalAccess {
  customer: CustomerRecord;
  company: CompanyRecord;
  links: PortalLinks;
}

/**
 * The portal's use cases over the invoices module: a token opens exactly one
 * customer, and every query below is scoped to that customer's id, never to
 * an id taken from the URL alone.
 */
@Injectable()
export class PortalService {
  private readonly logger = new Logger('Portal');
  /** PUBLIC_URL's own path ("/facturas" behind a proxy that mounts us there), so links work wherever we are mounted. */
  private readonly basePath: string;

  constructor(
    private readonly company: CompanyService,
    private readonly links: PortalLinkService,
    private readonly ledger: InvoiceLedgerService,
    private readonly invoices: InvoicesService,
    private readonly statements: StatementPdfRenderer,
    config: AppConfig,
  ) {
    this.basePath = new URL(config.publicUrl).pathname.replace(/\/+$/, '');
  }

  /** The customer a token opens, checked on every request (a rotation or revocation takes effect at once). */
  async open(token: string): Promise<PortalAccess> {
    const [company, customer] = await Promise.all([this.company.find(), this.links.customerForToken(token)]);
    if (!company?.portalEnabled) throw new PortalClosedError();
    if (!customer) throw new PortalNotFoundError();
    return { customer, company, links: new PortalLinks(`${this.basePath}/portal/${token}`) };
  }

  async page(access: PortalAccess, filters: PortalFilters): Promise<PortalPageView> {
    const { customer, company, links } = access;
    const [balance, page] = await Promise.all([
      this.ledger.balance(customer.id),
      this.ledger.customerPage(
        customer,
        { status: filters.status, issuedFrom: filters.from, issuedTo: filters.to },
        PORTAL_PAGE_SIZE,
        filters.position,
      ),
    ]);
    return buildPortalPageView({ company, customer, balance, page, filters, links });
  }

  /** One of the customer's own documents; anybody else's is the same 404 as one that does not exist. */
  async invoicePdf(access: PortalAccess, invoiceId: string): Promise<InvoicePdf> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(invoiceId)) throw new PortalNotFoundError();
    const found = await this.invoices.documentWithCustomer(invoiceId).catch((err) => {
      if (err instanceof AppError && err.status === 404) return null;
      throw err;
    });
    if (!found || found.customerId !== access.customer.id) throw new PortalNotFoundError();
    try {
      return await this.invoices.pdfOf(found.doc);
    } catch (err) {
      throw new PortalUnavailableError('invoice PDF unavailable', { cause: err });
    }
  }

  async statementPdf(access: PortalAccess): Promise<StatementPdf> {
    const statement = await this.ledger.statement(access.customer);
    try {
      return await this.statements.render(statement);
    } catch (err) {
      this.logger.error({ err, customerId: access.customer.id }, 'account statement PDF render failed');
      throw new PortalUnavailableError('statement PDF unavailable', { cause: err });
    }
  }
}
