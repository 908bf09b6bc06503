import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CustomerRecord, CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { PortalTokenService } from './portal-token.service';

/**
 * A customer's portal link: the URL e-mails carry, rotation and revocation,
 * and which customer a presented token opens.
 */
@Injectable()
export class PortalLinkService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly customersService: CustomersService,
    private readonly tokens: PortalTokenService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The link for e-mails, or null when there is none to give: the company
   * turned the portal off, the link was revoked, or the stored hash is not
   * the current token's (a replaced secret), which would be a dead link.
   * The caller passes the company and customer it already read with the invoice.
   */
  async urlFor(
    company: { portalEnabled: boolean } | null,
    customer: { id: string; portalTokenHash: string | null; portalTokenVersion: number } | null,
  ): Promise<string | null> {
    if (!company?.portalEnabled || !customer?.portalTokenHash) return null;
    const token = await this.tokens.tokenFor(customer);
    return this.tokens.hash(token) === customer.portalTokenHash ? this.urlOf(token) : null;
  }

  /** A new link for the customer; the old one stops working at once. Also re-enables a revoked link. */
  async rotate(ref: string): Promise<{ url: string; token: string }> {
    const customer = await this.customersService.getByRef(ref);
    let token = '';
    await this.customers.rotatePortalToken(customer.id, async (version) => {
      token = await this.tokens.tokenFor({ id: customer.id, portalTokenVersion: version });
      return this.tokens.hash(token);
    });
    return { url: this.urlOf(token), token };
  }

  /** No link opens the customer's portal and e-mails leave it out, until the next rotation. */
  async revoke(ref: string): Promise<void> {
    const customer = await this.customersService.getByRef(ref);
    await this.customers.revokePortalToken(customer.id);
  }

  /** The customer a presented token opens, or null (unknown, revoked, rotated or malformed). */
  async customerForToken(token: string): Promise<CustomerRecord | null> {
    if (!this.tokens.isWellFormed(token)) return null;
    const customer = await this.customers.findByPortalTokenHash(this.tokens.hash(token));
    if (!customer) return null;
    return (await this.tokens.isCurrent(token, customer)) ? customer : null;
  }

  private urlOf(token: string): string {
    return `${this.config.publicUrl}/portal/${token}`;
  }
}
