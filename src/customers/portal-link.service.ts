import { Injectable } from '@nestjs/common';
import { CompanyService } from '../company/company.service';
import { AppConfig } from '../config/app-config';
import { CustomersRepository } from './customers.repository';
import { PortalTokenService } from './portal-token.service';

/** The customer's portal page URL for e-mails, or null when the company turned the portal off. */
@Injectable()
export class PortalLinkService {
  constructor(
    private readonly company: CompanyService,
    private readonly customers: CustomersRepository,
    private readonly tokens: PortalTokenService,
    private readonly config: AppConfig,
  ) {}

  async urlFor(customerId: string): Promise<string | null> {
    const [company, customer] = await Promise.all([this.company.find(), this.customers.findById(customerId)]);
    if (!company?.portalEnabled || !customer) return null;
    return `${this.config.publicUrl}/portal/${await this.tokens.tokenFor(customer)}`;
  }
}
