import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppError } from '../common/app-error';
import { PrismaService } from '../database/prisma.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: PrismaService) {}

  /** 200 when the database answers; load balancers poll this. */
  @Get()
  async check() {
    try {
      await this.db.ping();
    } catch {
      throw new AppError(503, 'database_unavailable', 'La base de datos no responde.');
    }
    return { status: 'ok', database: this.db.kind };
  }
}
