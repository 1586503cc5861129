import { DynamicModule, Module } from '@nestjs/common';
import { ConnectionsModule } from '@libs/connections';
import { OrgsModule } from '@libs/orgs';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { AlertsWorker } from './alerts.worker';

@Module({})
export class AlertsModule {
  /** `runWorker` posts due digests from this process. */
  static forRoot(options: { runWorker: boolean }): DynamicModule {
    return {
      module: AlertsModule,
      imports: [OrgsModule, ConnectionsModule],
      controllers: [AlertsController],
      providers: [AlertsService, ...(options.runWorker ? [AlertsWorker] : [])],
      exports: [AlertsService],
    };
  }
}
