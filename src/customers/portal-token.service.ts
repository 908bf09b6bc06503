import { Injectable } from '@nestjs/common';
import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppSettingsRepository } from '../database/app-settings.repository';

const SECRET_KEY = 'portal_token_secret';

/** 256 bits as base64url: what tokenFor() gives, and the only shape worth a lookup. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

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
    // One-shot crypto.hash: no Hash object per call (every dialog and e-mail checks the link).
    return hash('sha256', token, 'hex');
  }

  isWellFormed(token: string): boolean {
    return TOKEN_FORMAT.test(token);
  }

  /**
   * Whether `presented` is the customer's current token, compared in
   * constant time with the one derived now. The hash lookup that found the
   * customer is only an index; this is the check.
   */
  async isCurrent(presented: string, customer: { id: string; portalTokenVersion: number }): Promise<boolean> {
    const expected = Buffer.from(await this.tokenFor(customer));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private getSecret(): Promise<string> {
    this.secret ??= this.settings.getOrCreate(SECRET_KEY, randomBytes(32).toString('base64url')).catch((err) => {
      this.secret = undefined;
      throw err;
    });
    return this.secret;
  }
}
