import { Module } from '@nestjs/common';
import { AuditModule } from '@libs/audit';
import { OrgsModule } from '@libs/orgs';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { IntegrationsController } from './integrations.controller';
import { OAuthService } from './oauth/oauth.service';

@Module({
  imports: [OrgsModule, AuditModule],
  controllers: [ConnectionsController, IntegrationsController],
  providers: [ConnectionsService, OAuthService],
  exports: [ConnectionsService, OAuthService],
})
export class ConnectionsModule {}
