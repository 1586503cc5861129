import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { ErrorCategoriesController } from './error-categories.controller';
import { PushController } from './push.controller';
import { ReconciliationActionsService } from './reconciliation-actions.service';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationListsService } from './reconciliation-lists.service';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [OrgsModule, ConnectionsModule],
  controllers: [ReconciliationController, ErrorCategoriesController, PushController],
  providers: [ReconciliationService, ReconciliationListsService, ReconciliationActionsService],
  exports: [ReconciliationService],
})
export class ReconciliationModule {}
