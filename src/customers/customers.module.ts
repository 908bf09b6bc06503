import { Module } from '@nestjs/common';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { PortalTokenService } from './portal-token.service';

@Module({
  controllers: [CustomersController],
  providers: [CustomersRepository, CustomersService, PortalTokenService],
  exports: [CustomersService, PortalTokenService, CustomersRepository],
})
export class CustomersModule {}
