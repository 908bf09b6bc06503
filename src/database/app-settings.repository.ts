import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

/** Deployment-wide values every replica must agree on (generated secrets). */
@Injectable()
export class AppSettingsRepository {
  constructor(private readonly db: PrismaService) {}

  /**
   * The stored value, or `candidate` stored now. When two replicas race, the
   * first insert wins and both read it back.
   */
  async getOrCreate(key: string, candidate: string): Promise<string> {
    const existing = await this.db.client.appSetting.findUnique({ where: { key } });
    if (existing) return existing.value;
    try {
      await this.db.client.appSetting.create({ data: { key, value: candidate } });
    } catch {
      // Another replica created it first: theirs wins, read it below.
    }
    return (await this.db.client.appSetting.findUniqueOrThrow({ where: { key } })).value;
  }
}
