import { Module } from '@nestjs/common';
import { AccessModule } from '@libs/access';
import { QueueDashboard } from './queue-dashboard';
import { QueueDashboardController } from './queue-dashboard.controller';

/** The staff queue dashboard (bull-board) and the endpoint that hands out its login links. */
@Module({
  imports: [AccessModule],
  controllers: [QueueDashboardController],
  providers: [QueueDashboard],
  exports: [QueueDashboard],
})
export class QueueDashboardModule {}
