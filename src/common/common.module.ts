import { DynamicModule, Global, Module } from '@nestjs/common';
import { ApiTokenGuard } from './api-token.guard';
import { Clock } from './clock';
import { HttpDrain } from './http-drain.service';

@Global()
@Module({})
export class CommonModule {
  /** `clock` replaces the system clock (tests pass one they set to a chosen day). */
  static forRoot(clock?: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [clock ? { provide: Clock, useValue: clock } : Clock, ApiTokenGuard, HttpDrain],
      exports: [Clock, ApiTokenGuard],
    };
  }
}
