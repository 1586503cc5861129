import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [OrgsModule, ConnectionsModule],
  controllers: [ReconciliationController],
  providers: [ReconciliationService],
  exports: [ReconciliationService],
})
export class ReconciliationModule {}
