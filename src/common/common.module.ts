import { Global, Module } from '@nestjs/common';
import { ApiTokenGuard } from './api-token.guard';
import { Clock } from './clock';

@Global()
@Module({ providers: [Clock, ApiTokenGuard], exports: [Clock, ApiTokenGuard] })
export class CommonModule {}
