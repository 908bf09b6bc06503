import { Global, Module } from '@nestjs/common';
import { ApiTokenGuard } from './api-token.guard';
import { Clock } from './clock';
import { HttpDrain } from './http-drain.service';

@Global()
@Module({ providers: [Clock, ApiTokenGuard, HttpDrain], exports: [Clock, ApiTokenGuard] })
export class CommonModule {}
