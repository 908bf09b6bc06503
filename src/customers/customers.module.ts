import { Module } from '@nestjs/common';
import { PortalLinkService } from './portal-link.service';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { PortalTokenService } from './portal-token.service';

@Module({
  controllers: [CustomersController],
  providers: [CustomersRepository, CustomersService, PortalTokenService, PortalLinkService],
  exports: [CustomersService, PortalTokenService, PortalLinkService, CustomersRepository],
})
export class CustomersModule {}
