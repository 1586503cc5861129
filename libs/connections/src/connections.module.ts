import { Module } from '@nestjs/common';
import { OrgsModule } from '@libs/orgs';
import { ConnectionsController } from './connections.controller';
import { ConnectorLimits } from './connector-limits';
import { ConnectionsService } from './connections.service';
import { IntegrationsController } from './integrations.controller';

@Module({
  imports: [OrgsModule],
  controllers: [ConnectionsController, IntegrationsController],
  providers: [ConnectionsService, ConnectorLimits],
  exports: [ConnectionsService, ConnectorLimits],
})
export class ConnectionsModule {}
