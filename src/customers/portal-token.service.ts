import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { PrismaService } from '../database/prisma.service';

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

  constructor(private readonly db: PrismaService) {}

  async tokenFor(customer: { id: string; portalTokenVersion: number }): Promise<string> {
    const secret = await this.getSecret();
    return createHmac('sha256', secret).update(`portal:${customer.id}:${customer.portalTokenVersion}`).digest('base64url');
  }

  hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  private getSecret(): Promise<string> {
    this.secret ??= (async () => {
      const candidate = randomBytes(32).toString('base64url');
      const existing = await this.db.client.appSetting.findUnique({ where: { key: SECRET_KEY } });
      if (existing) return existing.value;
      try {
        await this.db.client.appSetting.create({ data: { key: SECRET_KEY, value: candidate } });
      } catch {
        // Another replica created it first: theirs wins, read it below.
      }
      return (await this.db.client.appSetting.findUniqueOrThrow({ where: { key: SECRET_KEY } })).value;
    })().catch((err) => {
      this.secret = undefined;
      throw err;
    });
    return this.secret;
  }
}
