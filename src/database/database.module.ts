import { Global, Module } from '@nestjs/common';
import { AppSettingsRepository } from './app-settings.repository';
import { PrismaService } from './prisma.service';

@Global()
@Module({ providers: [PrismaService, AppSettingsRepository], exports: [PrismaService, AppSettingsRepository] })
export class DatabaseModule {}
