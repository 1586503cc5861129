import { Module } from '@nestjs/common';
import { OrgsModule } from '@libs/orgs';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { IntegrationsController } from './integrations.controller';

@Module({
  imports: [OrgsModule],
  controllers: [ConnectionsController, IntegrationsController],
  providers: [ConnectionsService],
  exports: [ConnectionsService],
})
export class ConnectionsModule {}
