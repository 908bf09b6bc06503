import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { AppSettingsRepository } from '../database/app-settings.repository';

const SECRET_KEY = 'portal_token_secret';

/**
 * A customer's portal link token: HMAC-SHA256 of the customer id and token
 * version under a per-deployment secret kept in the database (so every
 * replica derives the same token). Only its SHA-256 is stored, for lookup;
 * the token itself can be re-derived to put in each e-mail, and bumping the
 * version revokes old links.
 */
@Injectable()
export class PortalTokenService {
  private secret?: Promise<string>;

  constructor(private readonly settings: AppSettingsRepository) {}

  async tokenFor(customer: { id: string; portalTokenVersion: number }): Promise<string> {
    const secret = await this.getSecret();
    return createHmac('sha256', secret).update(`portal:${customer.id}:${customer.portalTokenVersion}`).digest('base64url');
  }

  hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  private getSecret(): Promise<string> {
    this.secret ??= this.settings.getOrCreate(SECRET_KEY, randomBytes(32).toString('base64url')).catch((err) => {
      this.secret = undefined;
      throw err;
    });
    return this.secret;
  }
}
