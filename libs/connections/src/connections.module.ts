import { Module } from '@nestjs/common';
import { AuditModule } from '@libs/audit';
import { OrgsModule } from '@libs/orgs';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { IntegrationsController } from './integrations.controller';

@Module({
  imports: [OrgsModule, AuditModule],
  controllers: [ConnectionsController, IntegrationsController],
  providers: [ConnectionsService],
  exports: [ConnectionsService],
})
export class ConnectionsModule {}
